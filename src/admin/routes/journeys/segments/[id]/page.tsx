import { Button, Container, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { Link, useParams } from "react-router-dom"
import { errorMessage } from "../../../../lib/api"
import { useSegment } from "../../../../lib/api-segments"
import { SegmentEditor } from "../../../../components/segments/segment-editor"

const SegmentPage = () => {
  const { id } = useParams() as { id: string }
  const { t } = useTranslation("journeys")
  const { data: segment, error, isLoading } = useSegment(id)
  if (error) {
    return (
      <Container className="flex flex-col items-start gap-y-3 px-6 py-4">
        <Text className="text-ui-fg-error" data-testid="segment-load-error">{t("segments.editor.loadFailed", { message: errorMessage(error) })}</Text>
        <Button size="small" variant="secondary" asChild>
          <Link to="/journeys/segments">{t("segments.editor.back")}</Link>
        </Button>
      </Container>
    )
  }
  if (isLoading || !segment) {
    return <Container className="px-6 py-4"><Text>{t("segments.editor.loading")}</Text></Container>
  }
  // Keyed: another segment's page starts from that segment's saved state.
  return <SegmentEditor key={segment.id} segment={segment} />
}

export default SegmentPage
