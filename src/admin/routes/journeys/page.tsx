import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Sparkles } from "@medusajs/icons"
import { Container, Heading, Table, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"

type Status = {
  options: Record<string, string | number>
  counts: {
    journeys: number
    enrollments: { active: number; waiting: number }
    messages: { queued: number; failed: number }
  }
}

const JourneysPage = () => {
  const { data, error, isLoading } = useQuery({
    queryKey: ["journeys", "status"],
    queryFn: () => sdk.client.fetch<Status>("/admin/journeys/status"),
  })

  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h1">Journeys</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Abandoned-cart, post-purchase, welcome and win-back flows over email, SMS and push.
        </Text>
      </div>
      {isLoading && <Text className="px-6 py-4">Loading…</Text>}
      {error && (
        <Text className="text-ui-fg-error px-6 py-4">Could not load the journeys status: {String(error)}</Text>
      )}
      {data && (
        <div className="flex flex-wrap px-6 py-4" style={{ gap: "1rem 3rem" }} data-testid="journeys-counts">
          <Count label="Journeys" value={data.counts.journeys} />
          <Count label="Active enrollments" value={data.counts.enrollments.active} />
          <Count label="Waiting enrollments" value={data.counts.enrollments.waiting} />
          <Count label="Queued messages" value={data.counts.messages.queued} />
          <Count label="Failed messages" value={data.counts.messages.failed} />
        </div>
      )}
      {data && (
        <div className="px-6 py-4">
          <Heading level="h2">Configuration</Heading>
          <Table className="mt-2">
            <Table.Body>
              {Object.entries(data.options).map(([name, value]) => (
                <Table.Row key={name}>
                  <Table.Cell>{name}</Table.Cell>
                  <Table.Cell>{String(value)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </Container>
  )
}

const Count = ({ label, value }: { label: string; value: number }) => (
  <div>
    <Text size="small" className="text-ui-fg-subtle">{label}</Text>
    <Heading level="h2">{value}</Heading>
  </div>
)

export const config = defineRouteConfig({ label: "Journeys", icon: Sparkles })

export default JourneysPage
