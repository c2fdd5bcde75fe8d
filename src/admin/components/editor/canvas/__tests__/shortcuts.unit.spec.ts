import { EDITING_ACTIONS, keepsItsKeys, shortcutOf, SHORTCUTS, type KeyPress } from "../shortcuts"

const press = (key: string, modifiers: Partial<Omit<KeyPress, "key">> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...modifiers,
})

describe("shortcutOf", () => {
  it.each([
    [press("Delete"), "delete"],
    [press("Backspace"), "delete"],
    [press("z", { ctrlKey: true }), "undo"],
    [press("z", { metaKey: true }), "undo"],
    [press("Z", { ctrlKey: true, shiftKey: true }), "redo"],
    [press("z", { metaKey: true, shiftKey: true }), "redo"],
    [press("y", { ctrlKey: true }), "redo"],
    [press("d", { metaKey: true }), "duplicate"],
    [press("Escape"), "deselect"],
    [press("f"), "fit"],
    [press("F"), "fit"],
  ])("reads %j as %s", (event, action) => {
    expect(shortcutOf(event)).toBe(action)
  })

  it.each([
    press("f", { ctrlKey: true }),
    press("F", { shiftKey: true }),
    press("Delete", { shiftKey: true }),
    press("z", { altKey: true, ctrlKey: true }),
    press("y", { ctrlKey: true, shiftKey: true }),
    press("d"),
    press("z"),
    press("a", { ctrlKey: true }),
  ])("leaves %j to the browser", (event) => {
    expect(shortcutOf(event)).toBeNull()
  })

  it("lists every action in the help, and the editing ones are the ones a read-only canvas ignores", () => {
    expect(SHORTCUTS.map((shortcut) => shortcut.action).sort()).toEqual(["delete", "deselect", "duplicate", "fit", "redo", "undo"])
    expect([...EDITING_ACTIONS].sort()).toEqual(["delete", "duplicate", "redo", "undo"])
  })
})

describe("keepsItsKeys", () => {
  /** An element whose ancestors (itself first) match the given selectors. */
  const element = (matches: (selector: string) => boolean, isContentEditable = false) => ({
    isContentEditable,
    closest: (selectors: string) => (selectors.split(",").some(matches) ? {} : null),
  })

  // That a closing menu no longer counts rests on CSS selector matching, which needs a real DOM.
  it("lets fields, dialogs and menus keep their keys", () => {
    expect(keepsItsKeys(element((selector) => selector === "input"))).toBe(true)
    expect(keepsItsKeys(element((selector) => selector === "textarea"))).toBe(true)
    expect(keepsItsKeys(element(() => false, true))).toBe(true)
    expect(keepsItsKeys(element((selector) => selector.startsWith('[role="dialog"]')))).toBe(true)
    expect(keepsItsKeys(element((selector) => selector.startsWith('[role="menu"]')))).toBe(true)
  })

  it("answers for the canvas, the page body and targets that are not elements", () => {
    expect(keepsItsKeys(element(() => false))).toBe(false)
    expect(keepsItsKeys(null)).toBe(false)
    // The window itself can be a key event's target: it has no `closest`.
    expect(keepsItsKeys({ addEventListener: () => undefined })).toBe(false)
  })
})
