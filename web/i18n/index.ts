// Locale choice and message formatting.
import type { Locale } from '../../src/config.ts'
import type { FieldIssue, FieldIssues } from '../../src/cases/service-error.ts'
import { parseIsoDate } from '../../domain/local-date.ts'
import { formatDate } from '../format.ts'
import { en } from './en.ts'
import { pl, type Messages } from './pl.ts'

export type { Messages }

export const LOCALES: Record<Locale, Messages> = { pl, en }

export function isLocale(value: unknown): value is Locale {
  return value === 'pl' || value === 'en'
}

export function messagesFor(locale: Locale): Messages {
  return LOCALES[locale]
}

/** Fills {name} placeholders. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole))
}

/** A field issue as text; a parameter that is a date (YYYY-MM-DD, e.g. the limit of a min/max) reads DD.MM.YYYY,
 *  and `what` (the other date a date may not precede) is named in the locale when it is a key of `dateNames`. */
export function issueText(t: Messages, issue: FieldIssue): string {
  const param = (k: string, v: string | number): string | number => {
    if (typeof v !== 'string') return v
    if (parseIsoDate(v)) return formatDate(v)
    return k === 'what' && Object.hasOwn(t.dateNames, v) ? t.dateNames[v] : v
  }
  const params = issue.params ? Object.fromEntries(Object.entries(issue.params).map(([k, v]) => [k, param(k, v)])) : undefined
  return format(t.issues[issue.code] ?? t.issues.invalidType, params)
}

export function issueTexts(t: Messages, fields: FieldIssues): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([key, issue]) => [key, issueText(t, issue)]))
}
