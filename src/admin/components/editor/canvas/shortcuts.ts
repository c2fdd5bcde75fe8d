/** The canvas's keyboard shortcuts: which key press means what, and when the canvas must not listen. */

export type ShortcutAction = "delete" | "undo" | "redo" | "duplicate" | "deselect" | "fit"

/** The actions that change the draft; a read-only canvas ignores them. */
export const EDITING_ACTIONS: ReadonlySet<ShortcutAction> = new Set(["delete", "undo", "redo", "duplicate"])

/** The keys of each shortcut as the help lists them; `mod` is Cmd on a Mac, Ctrl elsewhere. */
export type ShortcutKey = "mod" | "shift" | "delete" | "backspace" | "escape" | "Z" | "Y" | "D" | "F"
export const SHORTCUTS: readonly { action: ShortcutAction; keys: readonly (readonly ShortcutKey[])[] }[] = [
  { action: "undo", keys: [["mod", "Z"]] },
  { action: "redo", keys: [["mod", "shift", "Z"], ["mod", "Y"]] },
  { action: "delete", keys: [["delete"], ["backspace"]] },
  { action: "duplicate", keys: [["mod", "D"]] },
  { action: "deselect", keys: [["escape"]] },
  { action: "fit", keys: [["F"]] },
]

export type KeyPress = { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }

/** Ctrl and Cmd both count as `mod`, so the shortcuts work whatever the keyboard. */
export function shortcutOf(press: KeyPress): ShortcutAction | null {
  if (press.altKey) return null
  const key = press.key.toLowerCase()
  if (press.ctrlKey || press.metaKey) {
    if (key === "z") return press.shiftKey ? "redo" : "undo"
    if (press.shiftKey) return null
    if (key === "y") return "redo"
    if (key === "d") return "duplicate"
    return null
  }
  if (press.shiftKey) return null
  switch (key) {
    case "delete":
    case "backspace":
      return "delete"
    case "escape":
      return "deselect"
    case "f":
      return "fit"
    default:
      return null
  }
}

/** What the canvas needs to know of a key press's target (an Element in the browser). */
export type KeyTarget = { closest?: (selectors: string) => unknown; isContentEditable?: boolean }

/**
 * Typing in a field, or working in a dialog or menu, keeps its keys: Backspace erases a letter
 * there, Escape closes the menu; neither may delete or deselect a node behind it. A menu that is
 * closing still holds the focus for its animation: it no longer counts.
 */
const OWNS_KEYS = [
  "input",
  "textarea",
  "select",
  '[contenteditable=""]',
  '[contenteditable="true"]',
  '[role="combobox"]',
  ...['[role="dialog"]', '[role="alertdialog"]', '[role="menu"]', '[role="listbox"]'].map(
    (widget) => `${widget}:not([data-state="closed"])`
  ),
].join(",")

export function keepsItsKeys(target: unknown): boolean {
  const element = target as KeyTarget | null
  if (!element || typeof element.closest !== "function") return false
  return element.isContentEditable === true || element.closest(OWNS_KEYS) !== null
}
