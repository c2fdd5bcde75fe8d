/** The live view's header controls: the period of the numbers, and the funnels (journey and per send step). */
import { Button, Drawer, Heading, Select, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"

import { errorMessage, type Journey } from "../../lib/api"
import { messagesOut, STATS_PERIODS, type LiveStats, type StatsPeriod } from "../../lib/api-stats"
import { readDraft, type DraftNode } from "../../lib/editor/draft"
import { describeStep, stepTitle } from "../editor/canvas/summaries"
import { useStoreNames } from "../editor/canvas/store-names"
import { FunnelChart, type FunnelStep } from "./funnel-chart"
import { useLiveNumbers, useLiveView, useMoney } from "./live-stats"

/** Shown only in the live view (inside `LiveStatsProvider`). */
export const LiveStatsControls = ({ journey }: { journey: Journey }) => {
  const { t } = useTranslation("journeys")
  const view = useLiveView()
  const [open, setOpen] = useState(false)
  if (!view) return null
  return (
    <>
      <Select size="small" value={view.period} onValueChange={(value) => view.setPeriod(value as StatsPeriod)}>
        <Select.Trigger data-testid="stats-period" className="w-[136px]" aria-label={t("stats.period.label")}>
          <Select.Value />
        </Select.Trigger>
        <Select.Content>
          {STATS_PERIODS.map((period) => (
            <Select.Item key={period} value={period}>{t(`stats.period.${period}`)}</Select.Item>
          ))}
        </Select.Content>
      </Select>
      <Button size="small" variant="secondary" onClick={() => setOpen(true)} data-testid="open-performance">
        {t("stats.performance.open")}
      </Button>
      <PerformanceDrawer journey={journey} open={open} onOpenChange={setOpen} period={view.period} />
    </>
  )
}

const PerformanceDrawer = ({ journey, open, onOpenChange, period }: { journey: Journey; open: boolean; onOpenChange(open: boolean): void; period: StatsPeriod }) => {
  const { t } = useTranslation("journeys")
  const { stats, error } = useLiveNumbers()
  const sends = useMemo(
    () => readDraft(journey.published?.definition ?? {}).nodes.filter((node) => node.type === "send"),
    [journey.published?.definition]
  )
  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content data-testid="performance-drawer" className="sm:max-w-[560px]">
        <Drawer.Header>
          <Drawer.Title>{t("stats.performance.title")}</Drawer.Title>
          <Drawer.Description className="text-ui-fg-subtle txt-compact-small">
            {t("stats.performance.description", { period: t(`stats.period.${period}`).toLowerCase() })}
          </Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {error ? (
            <Text className="text-ui-fg-error">{t("stats.loadFailed", { message: errorMessage(error) })}</Text>
          ) : stats ? (
            <>
              <JourneyFunnel stats={stats} />
              <section className="flex flex-col gap-y-4">
                <div>
                  <Heading level="h3">{t("stats.performance.sends")}</Heading>
                  <Text size="small" className="text-ui-fg-subtle">{t("stats.performance.sendsHint")}</Text>
                </div>
                {sends.length === 0 && <Text size="small">{t("stats.performance.noSends")}</Text>}
                {sends.map((node) => <SendFunnel key={node.id} node={node} stats={stats} />)}
              </section>
            </>
          ) : null}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}

const JourneyFunnel = ({ stats }: { stats: LiveStats }) => {
  const { t } = useTranslation("journeys")
  const money = useMoney()
  const { totals } = stats
  const steps: FunnelStep[] = [
    { key: "entered", label: t("stats.funnel.entered"), value: totals.entered },
    { key: "messaged", label: t("stats.funnel.messaged"), value: totals.messaged },
    { key: "opened", label: t("stats.funnel.opened"), value: totals.opened },
    { key: "clicked", label: t("stats.funnel.clicked"), value: totals.clicked },
    { key: "converted", label: t("stats.funnel.converted"), value: totals.converted },
  ]
  return (
    <section className="flex flex-col gap-y-2">
      <div>
        <Heading level="h3">{t("stats.performance.journey")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("stats.performance.journeyHint")}</Text>
      </div>
      <FunnelChart steps={steps} testId="journey-funnel" />
      <Text size="small" className="text-ui-fg-subtle">{t("stats.performance.revenue", { amount: money(totals.revenue) })}</Text>
    </section>
  )
}

const SendFunnel = ({ node, stats }: { node: DraftNode; stats: LiveStats }) => {
  const { t } = useTranslation("journeys")
  const names = useStoreNames()
  const money = useMoney()
  const numbers = stats.nodes[node.id]
  const steps: FunnelStep[] = numbers
    ? [
        { key: "sent", label: t("stats.funnel.sent"), value: messagesOut(numbers) },
        { key: "delivered", label: t("stats.funnel.delivered"), value: numbers.messages.delivered },
        { key: "opened", label: t("stats.funnel.opened"), value: numbers.messages.opened },
        { key: "clicked", label: t("stats.funnel.clicked"), value: numbers.messages.clicked },
        { key: "converted", label: t("stats.funnel.converted"), value: numbers.converted },
      ]
    : []
  return (
    <div className="flex flex-col gap-y-1" data-testid={`send-funnel-${node.id}`}>
      <Text size="small" weight="plus">{t("stats.performance.step", { step: stepTitle(node, t), id: node.id })}</Text>
      <Text size="xsmall" className="text-ui-fg-subtle truncate">{describeStep(node, t, names)}</Text>
      {steps.length ? <FunnelChart steps={steps} testId={`send-funnel-chart-${node.id}`} /> : <Text size="small">{t("stats.performance.empty")}</Text>}
      {numbers && <Text size="xsmall" className="text-ui-fg-subtle">{t("stats.performance.revenue", { amount: money(numbers.revenue) })}</Text>}
    </div>
  )
}
