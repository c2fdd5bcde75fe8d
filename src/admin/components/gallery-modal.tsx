import { Badge, Button, FocusModal, Heading, Text, toast } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { errorMessage, useGallery, useInstallGalleryJourney, type Journey } from "../lib/api"
import { JourneyShape } from "./journey-shape"

/** Ready-made journeys as cards: what each does, its shape and what it sends; one click installs a draft. */
export const GalleryModal = ({
  open,
  onOpenChange,
  onInstalled,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  onInstalled: (journey: Journey) => void
}) => {
  const { t } = useTranslation("journeys")
  const { data, error } = useGallery()
  const install = useInstallGalleryJourney()
  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content>
        <FocusModal.Header />
        <FocusModal.Body className="overflow-y-auto p-8">
          <div className="mx-auto flex max-w-5xl flex-col gap-y-6">
            <div>
              <FocusModal.Title asChild>
                <Heading level="h1">{t("gallery.title")}</Heading>
              </FocusModal.Title>
              <FocusModal.Description asChild>
                <Text size="small" className="text-ui-fg-subtle">{t("gallery.subtitle")}</Text>
              </FocusModal.Description>
            </div>
            {error && <Text className="text-ui-fg-error">{errorMessage(error)}</Text>}
            <div className="grid gap-4" style={{ gridTemplateColumns: "repeat(auto-fill, minmax(280px, 1fr))" }}>
              {data?.map((entry) => (
                <div
                  key={entry.key}
                  data-testid={`gallery-${entry.key}`}
                  className="shadow-elevation-card-rest bg-ui-bg-base flex flex-col gap-y-3 rounded-lg p-4"
                >
                  <div className="bg-ui-bg-subtle rounded-md p-2">
                    <JourneyShape definition={entry.definition} />
                  </div>
                  <div className="flex flex-col gap-y-1">
                    <Text weight="plus">{entry.name}</Text>
                    <Text size="small" className="text-ui-fg-subtle">{entry.description}</Text>
                  </div>
                  <div className="flex flex-wrap gap-1">
                    <Badge size="2xsmall">{t(`trigger.types.${String(entry.trigger.type)}`)}</Badge>
                    <Badge size="2xsmall">{t("gallery.steps", { count: entry.nodes })}</Badge>
                    <Badge size="2xsmall">{t("gallery.templates", { count: entry.templates.length })}</Badge>
                  </div>
                  <Button
                    size="small"
                    variant="secondary"
                    className="mt-auto"
                    isLoading={install.isPending && install.variables === entry.key}
                    onClick={() =>
                      install.mutate(entry.key, {
                        onSuccess: (journey) => {
                          onOpenChange(false)
                          onInstalled(journey)
                        },
                        onError: (e) => toast.error(t("gallery.failed"), { description: errorMessage(e) }),
                      })
                    }
                  >
                    {t("gallery.use")}
                  </Button>
                </div>
              ))}
            </div>
          </div>
        </FocusModal.Body>
      </FocusModal.Content>
    </FocusModal>
  )
}
