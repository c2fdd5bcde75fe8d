export type PushDeviceRow = {
  id: string
  customer_id: string
  token: string
  platform: "ios" | "android" | "web"
  last_seen_at: Date
}
