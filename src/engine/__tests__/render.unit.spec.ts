import {
  checkTemplate,
  renderJsonTemplate,
  renderTemplate,
  TemplateRenderError,
  type MessageTemplateContent,
} from "../render"

const hostile = `<script>alert("x")</script> & 'quoted'`
const context = {
  customer: { first_name: hostile, email: "jane@example.com" },
  cart: { total: 249.5, items: [{ title: "Yoga mat", quantity: 2 }, { title: "Strap", quantity: 1 }] },
}

const email: MessageTemplateContent = {
  channel: "email",
  subject: "Hi {{ customer.first_name }}",
  html: "<p>Hi {{ customer.first_name }}</p>{% for item in cart.items %}<li>{{ item.title }} × {{ item.quantity }}</li>{% endfor %}",
  text: "Hi {{ customer.first_name }}, total {{ cart.total }}",
}

function renderError(template: MessageTemplateContent, data: Record<string, unknown> = {}) {
  try {
    renderTemplate(template, data)
  } catch (error) {
    return error as TemplateRenderError
  }
  throw new Error("expected the render to fail")
}

describe("renderTemplate", () => {
  it("escapes customer data in html only", () => {
    expect(renderTemplate(email, context)).toEqual({
      channel: "email",
      subject: `Hi ${hostile}`,
      html:
        "<p>Hi &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;quoted&#39;</p>" +
        "<li>Yoga mat × 2</li><li>Strap × 1</li>",
      text: `Hi ${hostile}, total 249.5`,
    })
  })

  it("keeps | raw unescaped for merchant-controlled values", () => {
    expect(renderTemplate({ ...email, html: "{{ footer | raw }}|{{ footer }}" }, { footer: "<b>Shop</b>" })).toMatchObject({
      html: "<b>Shop</b>|&lt;b&gt;Shop&lt;/b&gt;",
    })
  })

  it("renders SMS and push as plain text, data values included", () => {
    expect(renderTemplate({ channel: "sms", body: "{{ customer.first_name }}: {{ cart.total }}" }, context)).toEqual({
      channel: "sms",
      body: `${hostile}: 249.5`,
    })
    const push = renderTemplate(
      {
        channel: "push",
        title: "{{ cart.items.size }} items",
        body: "{{ customer.first_name }}",
        data: { url: "/cart?e={{ customer.email }}", kind: "cart" },
      },
      context
    )
    expect(push).toEqual({
      channel: "push",
      title: "2 items",
      body: hostile,
      data: { url: "/cart?e=jane@example.com", kind: "cart" },
    })
  })

  it("renders missing variables empty, leaves text null when absent, and hides prototypes", () => {
    expect(
      renderTemplate({ channel: "email", subject: "[{{ order.display_id }}]", html: "{{ customer.constructor }}{{ nope.deep.er }}" }, {
        customer: {},
      })
    ).toEqual({ channel: "email", subject: "[]", html: "", text: null })
  })

  it("formats dates in UTC unless told a zone", () => {
    const sms = { channel: "sms" as const, body: `{{ at | date: "%H:%M" }} {{ at | date: "%H:%M", "Europe/Paris" }}` }
    expect(renderTemplate(sms, { at: "2026-06-15T12:00:00Z" })).toMatchObject({ body: "12:00 14:00" })
  })

  it("refuses include, render and layout: there is no file system", () => {
    for (const tag of ["{% include 'header' %}", "{% render 'footer' %}", "{% layout 'base' %}", "{% liquid\ninclude 'x' %}"]) {
      const error = renderError({ channel: "sms", body: tag })
      expect(error).toBeInstanceOf(TemplateRenderError)
      expect(error.path).toBe("body")
      expect(error.message).toMatch(/tag is not available in message templates/)
    }
  })

  it("stops a huge loop at the limits instead of hanging", () => {
    const started = Date.now()
    const memory = renderError({ channel: "sms", body: "{% for i in (1..1000000000) %}x{% endfor %}" })
    expect(memory.message).toMatch(/^body: memory alloc limit exceeded/)
    const time = renderError({
      channel: "email",
      subject: "s",
      html: "{% for i in (1..3000) %}{% for j in (1..3000) %}{{ j }}{% endfor %}{% endfor %}",
    })
    expect(time.message).toMatch(/^html: template render limit exceeded/)
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it("shares one time budget across all the fields of a message", () => {
    const slow = "{% for i in (1..2000) %}{% for j in (1..2000) %}{% endfor %}{% endfor %}"
    const started = Date.now()
    const error = renderError({ channel: "push", title: "t", body: "b", data: { a: slow, b: slow, c: slow, d: slow } })
    expect(error.path).toMatch(/^data\./)
    expect(Date.now() - started).toBeLessThan(1_500)
  })
})

describe("checkTemplate", () => {
  it("accepts a complete template of each channel", () => {
    expect(checkTemplate(email)).toEqual([])
    expect(checkTemplate({ channel: "sms", body: "Hi" })).toEqual([])
    expect(checkTemplate({ channel: "push", title: "T", body: "B", data: { url: "/x" } })).toEqual([])
  })

  it("reports Liquid syntax errors per field, with line and column", () => {
    const problems = checkTemplate({
      channel: "email",
      subject: "Hi {{ customer.first_name",
      html: "<p>\n{% if %}</p>",
      text: "{{ name | no_such_filter }}",
    })
    expect(problems.map((problem) => problem.path)).toEqual(["subject", "html", "text"])
    expect(problems[0].message).toMatch(/not closed, line:1/)
    expect(problems[1].message).toMatch(/line:2/)
    expect(problems[2].message).toMatch(/undefined filter: no_such_filter/)
    expect(checkTemplate({ channel: "push", title: "t", body: "b", data: { url: "{% endif %}" } })).toEqual([
      { path: "data.url", message: expect.stringMatching(/endif/) },
    ])
  })

  it("reports missing and foreign fields for the channel", () => {
    expect(checkTemplate({ channel: "email", subject: " ", html: null, body: "b" })).toEqual([
      { path: "subject", message: "is required for email templates" },
      { path: "html", message: "is required for email templates" },
      { path: "body", message: "is not used by email templates" },
    ])
    expect(checkTemplate({ channel: "push", title: "t", body: "b", data: { n: 3 } })).toEqual([
      { path: "data.n", message: "must be text" },
    ])
    expect(checkTemplate({ channel: "sms", body: "b", data: {} })).toEqual([
      { path: "data", message: "is not used by sms templates" },
    ])
  })

  it("reports the tags that would read files", () => {
    expect(checkTemplate({ channel: "sms", body: "{% include 'x' %}" })).toEqual([
      { path: "body", message: expect.stringMatching(/"include" tag is not available/) },
    ])
  })
})

describe("renderJsonTemplate", () => {
  const bodyError = (source: string) => {
    try {
      renderJsonTemplate(source, context)
    } catch (error) {
      return error as TemplateRenderError
    }
    throw new Error("expected the render to fail")
  }

  it("outputs JSON values, so customer data cannot break the document or add keys to it", () => {
    const body = renderJsonTemplate(
      `{ "name": {{ customer.first_name }}, "total": {{ cart.total }}, "items": {{ cart.items }}, "missing": {{ cart.nothing }},
         "greeting": {{ "Hi " | append: customer.first_name }}, "count": {{ cart.items | size }} }`,
      context
    )
    expect(JSON.parse(body)).toEqual({
      name: hostile,
      total: 249.5,
      items: context.cart.items,
      missing: null,
      greeting: `Hi ${hostile}`,
      count: 2,
    })
    const injected = renderJsonTemplate(`{ "name": {{ name }} }`, { name: `x", "admin": true, "y": "` })
    expect(Object.keys(JSON.parse(injected))).toEqual(["name"])
  })

  it("keeps | raw as written", () => {
    expect(renderJsonTemplate(`{ "n": "{{ customer.email | raw }}" }`, context)).toBe(`{ "n": "jane@example.com" }`)
  })

  it("fails on a syntax error or a result that is not JSON, naming the body", () => {
    expect(bodyError(`{ "n": {{ customer.email | nope }} }`)).toMatchObject({ path: "body" })
    const quoted = bodyError(`{ "n": "{{ customer.email }}" }`)
    expect(quoted).toBeInstanceOf(TemplateRenderError)
    expect(quoted.message).toMatch(/^body: does not render to JSON/)
  })
})
