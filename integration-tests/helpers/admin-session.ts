import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"

/**
 * Creates an admin user and logs in the way the dashboard does (email/password, then a
 * cookie session). Returns the headers that carry the session.
 */
export async function adminSession(
  api: AxiosInstance,
  container: MedusaContainer,
  email = "admin@journeys.test",
  password = "supersecret"
) {
  const auth = container.resolve(Modules.AUTH)
  const users = container.resolve(Modules.USER)
  const { authIdentity, error } = await auth.register("emailpass", { body: { email, password } } as any)
  if (!authIdentity) throw new Error(`could not register ${email}: ${error}`)
  const user = await users.createUsers({ email })
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: user.id } })

  const { data } = await api.post("/auth/user/emailpass", { email, password })
  const session = await api.post("/auth/session", {}, { headers: { authorization: `Bearer ${data.token}` } })
  const cookie = session.headers["set-cookie"]?.map((c: string) => c.split(";")[0]).join("; ")
  if (!cookie) throw new Error("no session cookie returned by /auth/session")
  return { headers: { cookie } }
}
