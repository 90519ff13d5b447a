// Comments the system writes on the versions it makes (procedures, forms and DMN decisions from the processes
// folder, SLA policies from their defaults) are stored as codes and shown in the reader's language
// (t.versionComments). Rows written before the codes carry English texts; they read as the code they stand for.
// A comment that is not a code is a person's own words and is shown as written.

export const SystemComment = {
  /** Deployed at start-up from the processes folder (PROCESSES_DIR). */
  shipped: 'system:shipped',
  /** A shipped version a manager took (it waited because she had deployed a newer version). */
  shippedTaken: 'system:shipped-taken',
  /** Version 1 of an SLA policy, from src/sla/sla-policies.json. */
  defaultPolicy: 'system:default-policy',
} as const

export type SystemCommentCode = (typeof SystemComment)[keyof typeof SystemComment]

const CODES = new Set<string>(Object.values(SystemComment))

/** The English texts older rows carry, by where they were written. */
const LEGACY = {
  definition: { 'processes folder at start-up': SystemComment.shipped },
  slaPolicy: { default: SystemComment.defaultPolicy },
} as const satisfies Record<string, Record<string, SystemCommentCode>>

export type CommentPlace = keyof typeof LEGACY

/** The code a stored comment stands for, or null when it is a person's own words (or empty). */
export function systemCommentCode(comment: string | null, place: CommentPlace): SystemCommentCode | null {
  if (comment === null) return null
  if (CODES.has(comment)) return comment as SystemCommentCode
  return (LEGACY[place] as Record<string, SystemCommentCode>)[comment] ?? null
}

/** A stored comment as the reader sees it: a code in her language, anything else as written. */
export function commentText(comment: string | null, place: CommentPlace, texts: Record<SystemCommentCode, string>): string | null {
  const code = systemCommentCode(comment, place)
  return code ? texts[code] : comment
}
