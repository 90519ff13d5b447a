// The administrative decision on a benefit application (KPA art. 104, 107) as data, in the Polish layout:
// authority, place and date, case number, "DECYZJA", legal basis, operative part, justification, appeal
// instruction. Built from the case and the process variables; rendered as HTML (decision-html.ts) and PDF
// (decision-pdf.ts). Pure: today's date comes in. Official documents are Polish whatever the UI language.
import { isBenefitKind, RECURRING_BENEFITS, type BenefitKind } from '../../domain/benefit-assessment.ts'
import { valueOn } from '../../domain/benefit-parameters.ts'
import { BENEFIT_NAMES_PL, BENEFIT_NAMES_PL_GENITIVE, pln } from '../../domain/benefit-texts.ts'
import { dateParts, daysInMonth, parseIsoDate, type IsoDate } from '../../domain/local-date.ts'
import { isYearMonth, monthOf, periodEndMonth, type YearMonth } from '../../domain/payment-schedule.ts'

export interface DecisionVariables {
  benefit?: unknown
  proposedOutcome?: unknown
  proposedAmount?: unknown
  periodMonths?: unknown
  benefitPurpose?: unknown
  justification?: unknown
  interviewDate?: unknown
  householdSize?: unknown
  householdIncome?: unknown
  incomePerPerson?: unknown
  incomeCriterion?: unknown
  applicantIncome?: unknown
  benefitLegalBasis?: unknown
  decisionOutcome?: unknown
  decisionAmount?: unknown
  decisionPeriodFrom?: unknown
  decisionPeriodTo?: unknown
  decisionIssuedDate?: unknown
  decisionRound?: unknown
  decisionFinal?: unknown
  decisionFinalDate?: unknown
}

export interface DecisionInput {
  centreName: string
  /** Place printed before the date ("Warszawa, dnia …"); null prints the date alone. */
  place: string | null
  caseNumber: string | null
  receivedAt: IsoDate
  applicantName: string | null
  approvedBy: string | null
  today: IsoDate
  /** A new draft is being prepared (after art. 132 KPA or an SKO referral): show it as a draft. */
  redrafting?: boolean
  variables: DecisionVariables
}

export interface DecisionDocument {
  /** "draft" until the decision is issued (approved); the document then says PROJEKT. */
  status: 'draft' | 'issued'
  final: boolean
  authority: string
  placeAndDate: string
  caseNumber: string
  title: string
  legalBasis: string
  operative: string[]
  justificationTitle: string
  justification: string[]
  appealTitle: string
  appeal: string
  signature: string | null
  recipients: string[]
  benefit: BenefitKind
  grant: boolean
}

const MONTHS_GENITIVE = ['stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca', 'lipca', 'sierpnia', 'września', 'października', 'listopada', 'grudnia']

/** "2026-03-05" → "5 marca 2026 r." */
export function longDate(date: IsoDate): string {
  const { year, month, day } = dateParts(date)
  return `${day} ${MONTHS_GENITIVE[month - 1]} ${year} r.`
}

/** "2026-03-05" → "05.03.2026 r." */
export function shortDate(date: IsoDate): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)} r.`
}

const firstDay = (m: YearMonth): IsoDate => `${m}-01`
const lastDay = (m: YearMonth): IsoDate => `${m}-${String(daysInMonth(Number(m.slice(0, 4)), Number(m.slice(5, 7)))).padStart(2, '0')}`

/** Ends a sentence with one full stop (dates already end with "r."). */
const sentence = (text: string): string => (text.endsWith('.') ? text : `${text}.`)

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** The UPS articles of the benefit, from the assessment's legal basis ("art. 38 ust. 1 pkt 2, … ustawy …; rozporządzenie …"). */
function benefitArticles(v: DecisionVariables, benefit: BenefitKind): { articles: string; regulation: string | null } {
  const basis = str(v.benefitLegalBasis)
  const fallback = { 'zasilek-staly': 'art. 37', 'zasilek-okresowy': 'art. 38', 'zasilek-celowy': 'art. 39' }[benefit]
  if (!basis) return { articles: fallback, regulation: null }
  const [first, ...rest] = basis.split('; ')
  const articles = first.replace(/\s*ustawy o pomocy społecznej\s*$/, '').replace(/\s*w związku z art\. 8 ust\. 1 pkt \d$/, '')
  return { articles: articles || fallback, regulation: rest.join('; ') || null }
}

export function buildDecisionDocument(input: DecisionInput): DecisionDocument {
  const v = input.variables
  const benefit: BenefitKind = isBenefitKind(v.benefit) ? v.benefit : 'zasilek-okresowy'
  // A decision being (re)drafted shows the draft's values, even when an earlier decision of the case was issued.
  const issuedDate = input.redrafting ? null : parseIsoDate(v.decisionIssuedDate)
  const status = issuedDate ? 'issued' : 'draft'
  const date = issuedDate ?? input.today
  const grant = (issuedDate ? (str(v.decisionOutcome) ?? str(v.proposedOutcome)) : str(v.proposedOutcome)) === 'grant'
  const recurring = RECURRING_BENEFITS.includes(benefit)
  const amount = issuedDate ? (num(v.decisionAmount) ?? num(v.proposedAmount)) : num(v.proposedAmount)
  const months = num(v.periodMonths)
  const periodTo = issuedDate
    ? (isYearMonth(v.decisionPeriodTo) ? v.decisionPeriodTo : null)
    : months !== null && Number.isInteger(months) && months >= 1 ? periodEndMonth(input.receivedAt, months) : null
  const party = input.applicantName ? `stronie – ${input.applicantName} –` : 'stronie'
  const { articles, regulation } = benefitArticles(v, benefit)
  const appealDays = valueOn('appealPeriodDays', date).value

  const legalBasis =
    'Na podstawie art. 104 ustawy z dnia 14 czerwca 1960 r. – Kodeks postępowania administracyjnego oraz art. 7, art. 8 ust. 1, ' +
    `${articles}${grant && recurring ? ', art. 106 ust. 1 i 3' : ' i art. 106 ust. 1'} ustawy z dnia 12 marca 2004 r. o pomocy społecznej` +
    `${regulation ? ` w związku z ${regulation.replace(/^rozporządzenie/, 'rozporządzeniem')}` : ''}, ` +
    `po rozpatrzeniu wniosku z dnia ${longDate(input.receivedAt)} orzekam:`

  const operative: string[] = []
  if (grant) {
    const amountText = amount !== null ? pln(amount) : '…'
    if (benefit === 'zasilek-celowy') {
      const purpose = str(v.benefitPurpose)
      operative.push(`Przyznać ${party} zasiłek celowy w wysokości ${amountText} jednorazowo${purpose ? ` na: ${purpose}` : ''}.`)
    } else {
      const from = monthOf(input.receivedAt)
      const to = periodTo
      const period = to
        ? `na okres od ${longDate(firstDay(from))} do ${longDate(lastDay(to))}`
        : `od ${longDate(firstDay(from))} na czas nieokreślony`
      operative.push(sentence(`Przyznać ${party} ${BENEFIT_NAMES_PL[benefit]} w wysokości ${amountText} miesięcznie ${period}`))
      operative.push('Świadczenie przysługuje za okresy miesięczne, począwszy od miesiąca, w którym złożono wniosek (art. 106 ust. 3 ustawy o pomocy społecznej).')
    }
  } else {
    operative.push(`Odmówić przyznania ${party} ${BENEFIT_NAMES_PL_GENITIVE[benefit]}.`)
  }

  const justification: string[] = []
  justification.push(
    `W dniu ${longDate(input.receivedAt)} strona złożyła wniosek o przyznanie ${BENEFIT_NAMES_PL_GENITIVE[benefit]}.` +
      (str(v.interviewDate) && parseIsoDate(v.interviewDate)
        ? ` W dniu ${longDate(v.interviewDate as string)} przeprowadzono rodzinny wywiad środowiskowy (art. 106 ust. 4 ustawy o pomocy społecznej).`
        : ''),
  )
  const size = num(v.householdSize)
  const income = num(v.householdIncome)
  const perPerson = num(v.incomePerPerson)
  const criterion = num(v.incomeCriterion)
  if (size !== null && income !== null && perPerson !== null && criterion !== null) {
    justification.push(
      size === 1
        ? `Dochód strony jako osoby samotnie gospodarującej wynosi ${pln(income)}, a kryterium dochodowe osoby samotnie gospodarującej ${pln(criterion)} (art. 8 ust. 1 pkt 1 ustawy o pomocy społecznej).`
        : `Dochód rodziny (${size} os.) wynosi ${pln(income)}, tj. ${pln(perPerson)} na osobę, a kryterium dochodowe na osobę w rodzinie ${pln(criterion)} (art. 8 ust. 1 pkt 2 ustawy o pomocy społecznej).`,
    )
  }
  const own = str(v.justification)
  if (own) justification.push(...own.split(/\r?\n\s*\r?\n|\r?\n/).map((p) => p.trim()).filter(Boolean))

  const appeal =
    `Od niniejszej decyzji przysługuje stronie odwołanie do Samorządowego Kolegium Odwoławczego, wnoszone za pośrednictwem organu, który wydał decyzję (${input.centreName}), ` +
    `w terminie ${appealDays} dni od dnia jej doręczenia (art. 127 § 1 i 2 oraz art. 129 § 1 i 2 Kodeksu postępowania administracyjnego).`

  return {
    status,
    final: v.decisionFinal === true,
    authority: input.centreName,
    placeAndDate: `${input.place ? `${input.place}, ` : ''}dnia ${shortDate(date)}`,
    caseNumber: input.caseNumber ?? '(sygnatura w trakcie nadawania)',
    title: 'DECYZJA',
    legalBasis,
    operative,
    justificationTitle: 'UZASADNIENIE',
    justification,
    appealTitle: 'POUCZENIE',
    appeal,
    signature: input.approvedBy,
    recipients: ['strona', 'a/a'],
    benefit,
    grant,
  }
}
