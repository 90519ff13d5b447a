// Errors the case and inbox services report. The web layer maps codes to HTTP statuses and translates
// field issues; services never see HTTP.

export type ServiceErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'FOUR_EYES'
  | 'CONFLICT'
  | 'VALIDATION_FAILED'
  | 'ENGINE_REJECTED'
  | 'ENGINE_UNAVAILABLE'
  | 'IDEMPOTENCY_KEY_REUSED'

/** Why one field was refused; `code` is a key of the i18n `issues` table, `params` fill its placeholders. */
export interface FieldIssue {
  code: IssueCode
  params?: Record<string, string | number>
}

export type IssueCode =
  | 'required'
  | 'invalidType'
  | 'invalidPesel'
  | 'duplicatePesel'
  | 'unknownPerson'
  | 'invalidDate'
  | 'futureDate'
  | 'notNumber'
  | 'negative'
  | 'tooManyDecimals'
  | 'min'
  | 'max'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'email'
  | 'notAllowed'
  | 'tooMany'
  | 'unknownProcedure'
  | 'notInTaskGroups'
  | 'outsideRestriction'
  | 'unknownGroup'
  | 'absentNoSubstitute'
  | 'substituteNotEligible'
  | 'absenceOverlap'
  | 'pauseOverlap'
  | 'substituteCircular'
  | 'endBeforeStart'
  | 'inPast'
  | 'minDate'
  | 'maxDate'
  | 'beforeLegalParameters'
  | 'peselBornAfterReceipt'
  | 'peselBornInFuture'
  | 'controlCharacter'
  | 'minDateOf'
  | 'maxDateOf'
  | 'wholeNumber'
  | 'maxDecimals'
  | 'tooDeep'

export type FieldIssues = Record<string, FieldIssue>

export class ServiceError extends Error {
  readonly fields: FieldIssues
  /** Ids safe to show and log (never personal data). */
  readonly details: Record<string, string>

  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    options: { fields?: FieldIssues; details?: Record<string, string> } = {},
  ) {
    super(message)
    this.name = 'ServiceError'
    this.fields = options.fields ?? {}
    this.details = options.details ?? {}
  }
}
