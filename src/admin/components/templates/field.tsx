import { Label, Text } from "@medusajs/ui"
import type { ReactNode } from "react"

/** A labelled form control with its hint and the problems found in it (by the engine as typed, or by the server on save). */
export const Field = ({
  id,
  label,
  hint,
  problems = [],
  children,
}: {
  id: string
  label: string
  hint?: ReactNode
  problems?: string[]
  children: ReactNode
}) => (
  <div className="flex flex-col gap-y-2">
    <Label htmlFor={id} size="small" weight="plus">{label}</Label>
    {children}
    {hint && <Text as="div" size="xsmall" className="text-ui-fg-subtle">{hint}</Text>}
    {problems.length > 0 && (
      <ul className="flex flex-col gap-y-0.5" data-testid={`field-error-${id}`}>
        {problems.map((problem, index) => (
          <li key={index}>
            <Text size="xsmall" className="text-ui-fg-error">{problem}</Text>
          </li>
        ))}
      </ul>
    )}
  </div>
)
