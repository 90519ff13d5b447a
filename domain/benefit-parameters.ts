// The legal parameters of cash benefits and of the benefit procedure as dated data
// (data/social-assistance-parameters.json): every amount, percentage and period the rules use, each value in
// force from its validFrom until the next one. Rules ask for the values in force on a date; nothing here is a
// constant in code. The file is checked when this module is loaded, so a bad edit stops the start.
import data from './data/social-assistance-parameters.json' with { type: 'json' }
import { toGrosze } from './money.ts'
import { compareDates, parseIsoDate, type IsoDate } from './local-date.ts'

export const PARAMETER_NAMES = [
  'criterionSingle',
  'criterionPerPersonInFamily',
  'incomePerHectare',
  'zasilekStalyCriterionPercent',
  'zasilekStalyMaximum',
  'zasilekStalyMinimum',
  'zasilekOkresowyMinimum',
  'zasilekOkresowyMinimumGapPercent',
  'zasilekOkresowySingleCap',
  'appealPeriodDays',
  'appealForwardingDays',
  'interviewUpdateMonths',
] as const

export type ParameterName = (typeof PARAMETER_NAMES)[number]

const UNITS = ['PLN/month', 'percent', 'days', 'months'] as const

export interface DatedValue {
  validFrom: IsoDate
  value: number
  legalBasis: string
  /** Not verified against the statute (README lists every such value). */
  unconfirmed: boolean
  /** False switches the rule off (the value is kept for when it is confirmed). */
  enabled: boolean
  note?: string
}

export interface ParameterDefinition {
  description: string
  unit: (typeof UNITS)[number]
  /** Sorted by validFrom. */
  values: DatedValue[]
}

export type ParameterTable = Readonly<Record<ParameterName, ParameterDefinition>>

/** The parameter file breaks a rule; `problems` name the parameter and value. */
export class ParameterFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`social-assistance-parameters.json: ${problems.join('; ')}`)
    this.name = 'ParameterFileError'
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function checkValue(name: string, unit: string, raw: unknown, index: number, problems: string[]): DatedValue | null {
  const where = `${name}.values[${index}]`
  if (!isObject(raw)) {
    problems.push(`${where} must be an object`)
    return null
  }
  const validFrom = parseIsoDate(raw.validFrom)
  if (!validFrom) problems.push(`${where}.validFrom must be a date YYYY-MM-DD`)
  if (typeof raw.legalBasis !== 'string' || raw.legalBasis.trim() === '') problems.push(`${where}.legalBasis is required`)
  const value = raw.value
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    problems.push(`${where}.value must be a non-negative number`)
  } else if (unit === 'PLN/month') {
    try {
      toGrosze(value)
    } catch {
      problems.push(`${where}.value must have at most 2 decimals`)
    }
  } else if (!Number.isInteger(value)) {
    problems.push(`${where}.value must be a whole number of ${unit}`)
  }
  for (const flag of ['unconfirmed', 'enabled'] as const) {
    if (raw[flag] !== undefined && typeof raw[flag] !== 'boolean') problems.push(`${where}.${flag} must be true or false`)
  }
  if (!validFrom || typeof value !== 'number' || typeof raw.legalBasis !== 'string') return null
  return {
    validFrom,
    value,
    legalBasis: raw.legalBasis,
    unconfirmed: raw.unconfirmed === true,
    enabled: raw.enabled !== false,
    ...(typeof raw.note === 'string' ? { note: raw.note } : {}),
  }
}

/** Reads and checks a parameter file (format 2). Throws ParameterFileError listing every problem. */
export function loadParameterTable(json: unknown): ParameterTable {
  const problems: string[] = []
  if (!isObject(json) || json.format !== 2 || !isObject(json.parameters)) {
    throw new ParameterFileError(['the file must be an object with "format": 2 and "parameters"'])
  }
  const params = json.parameters
  const table: Partial<Record<ParameterName, ParameterDefinition>> = {}
  for (const name of PARAMETER_NAMES) {
    const def = params[name]
    if (!isObject(def)) {
      problems.push(`${name} is missing`)
      continue
    }
    const unit = def.unit
    if (typeof unit !== 'string' || !(UNITS as readonly string[]).includes(unit)) {
      problems.push(`${name}.unit must be one of ${UNITS.join(', ')}`)
      continue
    }
    if (!Array.isArray(def.values) || def.values.length === 0) {
      problems.push(`${name}.values must list at least one value`)
      continue
    }
    const values = def.values
      .map((v, i) => checkValue(name, unit, v, i, problems))
      .filter((v): v is DatedValue => v !== null)
      .sort((a, b) => compareDates(a.validFrom, b.validFrom))
    for (let i = 1; i < values.length; i++) {
      if (values[i].validFrom === values[i - 1].validFrom) problems.push(`${name} has two values from ${values[i].validFrom}`)
    }
    table[name] = {
      description: typeof def.description === 'string' ? def.description : name,
      unit: unit as ParameterDefinition['unit'],
      values,
    }
  }
  for (const key of Object.keys(params)) {
    if (!(PARAMETER_NAMES as readonly string[]).includes(key)) problems.push(`unknown parameter "${key}"`)
  }
  if (problems.length) throw new ParameterFileError(problems)
  return Object.freeze(table as Record<ParameterName, ParameterDefinition>)
}

export const PARAMETERS: ParameterTable = loadParameterTable(data)

/** The first date any value is known for (the latest first validFrom over all parameters). */
export function firstCoveredDate(table: ParameterTable = PARAMETERS): IsoDate {
  return PARAMETER_NAMES.map((n) => table[n].values[0].validFrom).sort(compareDates).at(-1)!
}

/** The value of one parameter in force on `date`. Throws RangeError for a bad date or one before the first value. */
export function valueOn(name: ParameterName, date: IsoDate, table: ParameterTable = PARAMETERS): DatedValue {
  if (!parseIsoDate(date)) throw new RangeError(`not a date: ${date}`)
  let found: DatedValue | undefined
  for (const v of table[name].values) if (compareDates(v.validFrom, date) <= 0) found = v
  if (!found) throw new RangeError(`no value of ${name} recorded for ${date} (first: ${table[name].values[0].validFrom})`)
  return found
}

export type ParametersOnDate = Readonly<Record<ParameterName, DatedValue>>

/** Every parameter in force on `date`. */
export function benefitParametersOn(date: IsoDate, table: ParameterTable = PARAMETERS): ParametersOnDate {
  return Object.fromEntries(PARAMETER_NAMES.map((n) => [n, valueOn(n, date, table)])) as Record<ParameterName, DatedValue>
}

/** Every value marked unconfirmed, for documentation and checks. */
export function unconfirmedValues(table: ParameterTable = PARAMETERS): { name: ParameterName; value: DatedValue }[] {
  return PARAMETER_NAMES.flatMap((name) => table[name].values.filter((v) => v.unconfirmed).map((value) => ({ name, value })))
}
