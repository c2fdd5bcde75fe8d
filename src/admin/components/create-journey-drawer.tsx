import { Button, Drawer, Input, Label, Text, Textarea, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { errorMessage, useCreateJourney, usePluginStatus, type Journey } from "../lib/api"

/** A new, empty journey: a name and a description, then the editor. */
export const CreateJourneyDrawer = ({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  onCreated: (journey: Journey) => void
}) => {
  const { t } = useTranslation("journeys")
  const [name, setName] = useState("")
  const [description, setDescription] = useState("")
  const create = useCreateJourney()
  const { data: status } = usePluginStatus()
  // A first draft in the store's default zone: the zone is required, and most stores have one.
  const definition = { schema_version: 1, settings: { timezone: status?.options.default_timezone ?? "UTC" }, nodes: [], edges: [] }
  const submit = () =>
    create.mutate(
      { name: name.trim(), description: description.trim() || null, definition },
      {
        onSuccess: (journey) => {
          onOpenChange(false)
          setName("")
          setDescription("")
          onCreated(journey)
        },
        onError: (e) => toast.error(t("create.failed"), { description: errorMessage(e) }),
      }
    )
  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content>
        <form
          className="flex h-full flex-col"
          onSubmit={(event) => {
            event.preventDefault()
            if (name.trim()) submit()
          }}
        >
          <Drawer.Header>
            <Drawer.Title>{t("create.title")}</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4">
            <div className="flex flex-col gap-y-2">
              <Label htmlFor="journey-name">{t("create.name")}</Label>
              <Input id="journey-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} autoFocus data-testid="create-journey-name" />
            </div>
            <div className="flex flex-col gap-y-2">
              <Label htmlFor="journey-description">{t("create.description")}</Label>
              <Textarea id="journey-description" value={description} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
              <Text size="xsmall" className="text-ui-fg-subtle">{t("create.hint")}</Text>
            </div>
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button variant="secondary" size="small" type="button">{t("actions.cancel")}</Button>
            </Drawer.Close>
            <Button size="small" type="submit" disabled={!name.trim()} isLoading={create.isPending} data-testid="create-journey-submit">
              {t("actions.create")}
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
