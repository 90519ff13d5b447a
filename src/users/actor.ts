// Who is asking, and from where: passed from the web layer to the case and inbox services.
import type { AuthUser } from './auth-user.ts'

export interface Actor {
  user: AuthUser
  /** Client IP address, for the audit log. */
  ip: string | null
}
