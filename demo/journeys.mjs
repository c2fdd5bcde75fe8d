// The demo's journeys, installed from the plugin's gallery and published through the admin API
// with the demo admin's token — the calls the admin's "New from gallery" and "Publish" make.
// run.mjs does it once per demo database (store metadata `journeys_demo_journeys_at`).

export const JOURNEYS_MARKER = "journeys_demo_journeys_at"

/** The demo's timing for the abandoned-cart journey: minutes where the gallery has hours and days. */
const DEMO_IDLE_MINUTES = 1
const DEMO_WAITS = { PT23H: "PT2M", P2D: "PT3M" }

/**
 * Which gallery journeys the demo publishes. The abandoned-cart one gets the demo's timing (its
 * name says so): in the gallery a cart idle for an hour gets a reminder, then a day and two days
 * later; a demo can not make the merchant wait that long. J+15 and welcome are the gallery's own.
 */
export const DEMO_JOURNEYS = [
  {
    key: "abandoned-cart",
    name: "Abandoned cart (demo timing: minutes)",
    adjust(definition) {
      const waits = []
      const nodes = definition.nodes.map((node) => {
        if (node.type !== "wait" || !DEMO_WAITS[node.duration]) return node
        waits.push(`${node.duration} → ${DEMO_WAITS[node.duration]}`)
        return { ...node, duration: DEMO_WAITS[node.duration] }
      })
      const idle = definition.trigger.idle_minutes
      return {
        definition: { ...definition, trigger: { ...definition.trigger, idle_minutes: DEMO_IDLE_MINUTES }, nodes },
        description:
          `The gallery's abandoned cart with the demo's timing, so that it moves while you watch: a cart enters ` +
          `after ${DEMO_IDLE_MINUTES} idle minute (the gallery: ${idle}), and the waits between reminders are ` +
          `minutes (${waits.join(", ")}). Install "Abandoned cart" from the gallery for the real timing.`,
      }
    },
  },
  { key: "post-purchase-j15" },
  { key: "welcome-series" },
]

/** A small client of the admin API with a bearer token (the demo admin's). */
export function adminApi(base, token) {
  return async function call(method, path, body) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    const json = text ? JSON.parse(text) : {}
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${json.message ?? text}`)
    return json
  }
}

/** Signs the demo admin in (email and password) and returns its token. */
export async function adminToken(base, { email, password }) {
  const response = await fetch(`${base}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  })
  if (!response.ok) throw new Error(`signing in as ${email} answered ${response.status}`)
  return (await response.json()).token
}

/**
 * Installs each demo journey from the gallery (with its templates, published) unless one with its
 * name exists, and publishes those never published. Then marks the store, so that a journey the
 * merchant later stops or deletes stays so. Returns the names published.
 */
export async function installDemoJourneys(call) {
  const gallery = (await call("GET", "/admin/journeys/gallery")).journeys
  const { journeys: existing } = await call("GET", "/admin/journeys?limit=100")
  const published = []
  for (const wanted of DEMO_JOURNEYS) {
    const entry = gallery.find((journey) => journey.key === wanted.key)
    if (!entry) throw new Error(`the plugin's gallery has no journey "${wanted.key}"`)
    const name = wanted.name ?? entry.name
    let journey = existing.find((found) => found.name === name)
    if (!journey) {
      ;({ journey } = await call("POST", `/admin/journeys/gallery/${wanted.key}`, {}))
      if (wanted.adjust) {
        const { definition, description } = wanted.adjust(journey.draft.definition)
        await call("POST", `/admin/journeys/${journey.id}/draft`, { definition })
        ;({ journey } = await call("POST", `/admin/journeys/${journey.id}`, { name, description }))
      }
    }
    if (!journey.published_version && journey.draft_version && journey.status === "draft") {
      await call("POST", `/admin/journeys/${journey.id}/publish`, {})
      published.push(name)
    }
  }
  const { stores: [store] } = await call("GET", "/admin/stores?fields=id,metadata")
  await call("POST", `/admin/stores/${store.id}`, {
    metadata: { ...store.metadata, [JOURNEYS_MARKER]: new Date().toISOString() },
  })
  return published
}
