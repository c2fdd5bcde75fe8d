import { Keyboard } from "@medusajs/icons"
import { IconButton, Kbd, Popover, Text, Tooltip } from "@medusajs/ui"
import { Fragment } from "react"
import { useTranslation } from "react-i18next"

import { SHORTCUTS, type ShortcutKey } from "./shortcuts"

/** Macs name the modifier keys by their symbols; other keyboards by their names, in the admin's language. */
const IS_MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.userAgent)

/** The canvas's keyboard shortcuts, behind a keyboard button (the editor puts it in its header). */
export const ShortcutsHelp = () => {
  const { t } = useTranslation("journeys")
  const keyName = (key: ShortcutKey): string => {
    switch (key) {
      case "mod":
        return IS_MAC ? "⌘" : t("canvas.keys.ctrl")
      case "shift":
        return IS_MAC ? "⇧" : t("canvas.keys.shift")
      case "delete":
        return t("canvas.keys.delete")
      case "backspace":
        return IS_MAC ? "⌫" : t("canvas.keys.backspace")
      case "escape":
        return t("canvas.keys.escape")
      default:
        return key
    }
  }
  return (
    <Popover>
      <Tooltip content={t("canvas.shortcuts.title")}>
        <Popover.Trigger asChild>
          <IconButton size="small" data-testid="shortcuts-help" aria-label={t("canvas.shortcuts.title")}>
            <Keyboard />
          </IconButton>
        </Popover.Trigger>
      </Tooltip>
      <Popover.Content align="end" className="p-4" data-testid="shortcuts-help-content">
        <Text size="small" weight="plus" className="mb-3">{t("canvas.shortcuts.title")}</Text>
        <table>
          <tbody>
            {SHORTCUTS.map(({ action, keys }) => (
              <tr key={action} data-testid={`shortcut-${action}`}>
                <td className="pr-6 py-1">
                  <Text size="small">{t(`canvas.shortcuts.${action}`)}</Text>
                </td>
                <td className="py-1">
                  {keys.map((combination, index) => (
                    <Fragment key={index}>
                      {index > 0 && <Text size="small" as="span" className="text-ui-fg-subtle mx-1">{t("canvas.shortcuts.or")}</Text>}
                      {combination.map((key) => (
                        <Kbd key={key} className="mr-1">{keyName(key)}</Kbd>
                      ))}
                    </Fragment>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Popover.Content>
    </Popover>
  )
}
