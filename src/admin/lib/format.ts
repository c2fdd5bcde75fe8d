import { useMemo } from "react"
import { useTranslation } from "react-i18next"

/** Numbers and dates in the admin user's language (the dashboard's i18n language). */
export function useFormat() {
  const { i18n } = useTranslation()
  const locale = i18n.language
  return useMemo(() => {
    const numbers = new Intl.NumberFormat(locale)
    const percents = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 })
    const dateTimes = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" })
    return {
      number: (value: number) => numbers.format(value),
      percent: (ratio: number) => percents.format(ratio),
      dateTime: (value: string | Date | null | undefined) => (value ? dateTimes.format(new Date(value)) : "—"),
      money: (amount: number, currency: string) =>
        new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() }).format(amount),
    }
  }, [locale])
}
