// Validation of a benefit assessment request (POST /api/benefits/assessment). Every problem is reported under
// its field name, with an issue code the web layer translates (the codes are those of the case services).
import { BENEFIT_KINDS, isBenefitKind, type BenefitAssessmentInput } from './benefit-assessment.ts'
import { firstCoveredDate } from './benefit-parameters.ts'
import { compareDates, parseIsoDate } from './local-date.ts'
import { toGrosze } from './money.ts'

export type InputIssueCode = 'required' | 'invalidType' | 'invalidDate' | 'notNumber' | 'negative' | 'tooManyDecimals' | 'min' | 'max' | 'notAllowed'

export interface InputIssue {
  code: InputIssueCode
  params?: Record<string, string | number>
}

export type AssessmentInputResult =
  | { ok: true; value: BenefitAssessmentInput }
  | { ok: false; fields: Record<string, InputIssue> }

export const MAX_HOUSEHOLD_SIZE = 50
export const MAX_INCOME = 10_000_000

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function amount(raw: unknown): { value: number } | { issue: InputIssue } {
  if (raw === undefined || raw === null || raw === '') return { issue: { code: 'required' } }
  if (typeof raw !== 'number' && typeof raw !== 'string') return { issue: { code: 'notNumber' } }
  const text = typeof raw === 'number' ? String(raw) : raw.trim()
  if (typeof raw === 'number' && !Number.isFinite(raw)) return { issue: { code: 'notNumber' } }
  if (!/^-?\d+([.,]\d+)?$/.test(text)) return { issue: { code: 'notNumber' } }
  if (text.startsWith('-') && Number(text.replace(',', '.')) !== 0) return { issue: { code: 'negative' } }
  let grosze: number
  try {
    grosze = toGrosze(text.replace(/^-/, ''))
  } catch {
    return { issue: { code: 'tooManyDecimals' } }
  }
  if (grosze > MAX_INCOME * 100) return { issue: { code: 'max', params: { max: MAX_INCOME } } }
  return { value: grosze / 100 }
}

/** Checks the request body; on success the values are ready for assessBenefit. */
export function parseAssessmentInput(body: unknown): AssessmentInputResult {
  const fields: Record<string, InputIssue> = {}
  if (!isObject(body)) return { ok: false, fields: { body: { code: 'invalidType' } } }

  let benefit: BenefitAssessmentInput['benefit'] = 'zasilek-okresowy'
  if (body.benefit === undefined || body.benefit === null || body.benefit === '') fields.benefit = { code: 'required' }
  else if (!isBenefitKind(body.benefit)) fields.benefit = { code: 'notAllowed', params: { allowed: BENEFIT_KINDS.join(', ') } }
  else benefit = body.benefit

  const first = firstCoveredDate()
  let applicationDate = first
  if (body.applicationDate === undefined || body.applicationDate === null || body.applicationDate === '') {
    fields.applicationDate = { code: 'required' }
  } else {
    const date = parseIsoDate(body.applicationDate)
    if (!date) fields.applicationDate = { code: 'invalidDate' }
    else if (compareDates(date, first) < 0) fields.applicationDate = { code: 'min', params: { min: first } }
    else applicationDate = date
  }

  let householdSize = 1
  const size = body.householdSize
  if (size === undefined || size === null || size === '') fields.householdSize = { code: 'required' }
  else if (typeof size !== 'number' || !Number.isInteger(size)) fields.householdSize = { code: 'notNumber' }
  else if (size < 1) fields.householdSize = { code: 'min', params: { min: 1 } }
  else if (size > MAX_HOUSEHOLD_SIZE) fields.householdSize = { code: 'max', params: { max: MAX_HOUSEHOLD_SIZE } }
  else householdSize = size

  const applicant = amount(body.applicantIncome)
  const household = amount(body.householdIncome)
  if ('issue' in applicant) fields.applicantIncome = applicant.issue
  if ('issue' in household) fields.householdIncome = household.issue
  if ('value' in applicant && 'value' in household) {
    if (applicant.value > household.value) {
      fields.applicantIncome = { code: 'max', params: { max: household.value } }
    } else if (!fields.householdSize && householdSize === 1 && applicant.value !== household.value) {
      // One person: the household's income is the applicant's own.
      fields.householdIncome = { code: 'max', params: { max: applicant.value } }
    }
  }

  if (Object.keys(fields).length > 0) return { ok: false, fields }
  return {
    ok: true,
    value: {
      benefit,
      applicationDate,
      householdSize,
      applicantIncome: (applicant as { value: number }).value,
      householdIncome: (household as { value: number }).value,
    },
  }
}
