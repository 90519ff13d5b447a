// Password hashing: argon2id (the @node-rs/argon2 default algorithm) with its default costs
// (19 MiB, 2 passes), the OWASP minimum. The PHC string carries salt and parameters.
import { hash, verify } from '@node-rs/argon2'

export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

let dummyHash: Promise<string> | null = null

/** Spends as long as a real check, so an unknown login cannot be told apart from a wrong password by timing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('not-a-real-password')
  await verifyPassword(await dummyHash, password)
  return false
}
