// Municipal funeral (sprawienie pogrzebu, UPS art. 17 ust. 1 pkt 15, art. 44, art. 96 ust. 3). Pure rules:
// the service items of a burial and of a cremation, and the recovery of the cost — first the ZUS funeral
// allowance (zasiłek pogrzebowy, up to the amount in force on the date of death), then the estate.
import type { IsoDate } from './local-date.ts'
import { fromGrosze, toGrosze } from './money.ts'
import { parameterEntryOn } from './procedure-parameters.ts'

export type FuneralKind = 'burial' | 'cremation'

export interface FuneralServiceItem {
  key: string
  /** As the centres' pages name it (Polish; shown in the order form). */
  label: string
}

const PREPARE: FuneralServiceItem = { key: 'prepare-body', label: 'Przygotowanie zwłok do pochówku (umycie i ubranie zwłok)' }
const COFFIN: FuneralServiceItem = { key: 'coffin', label: 'Dostarczenie trumny' }
const STORAGE: FuneralServiceItem = { key: 'storage', label: 'Przechowywanie zwłok w domu pogrzebowym lub w chłodni' }
const HEARSE: FuneralServiceItem = { key: 'hearse', label: 'Przewóz zwłok karawanem' }
const PLATE: FuneralServiceItem = { key: 'grave-plate', label: 'Oznaczenie grobu tabliczką' }

/** The services of a municipal funeral (domain.md §3, MOPS Poręba): the order form lists exactly these. */
export const FUNERAL_SERVICES: Readonly<Record<FuneralKind, readonly FuneralServiceItem[]>> = {
  burial: [
    PREPARE,
    COFFIN,
    STORAGE,
    HEARSE,
    { key: 'grave', label: 'Wykopanie i zasypanie grobu, uformowanie mogiły' },
    PLATE,
  ],
  cremation: [
    PREPARE,
    COFFIN,
    STORAGE,
    HEARSE,
    { key: 'cremation', label: 'Kremacja zwłok' },
    { key: 'urn-burial', label: 'Urna i jej pochowanie' },
    PLATE,
  ],
}

/** Items of `kind` missing from `ordered` (the order must cover every service). */
export function missingFuneralServices(kind: FuneralKind, ordered: readonly string[]): string[] {
  return FUNERAL_SERVICES[kind].map((i) => i.key).filter((key) => !ordered.includes(key))
}

export interface FuneralCostInput {
  /** Decides the allowance amount in force. */
  dateOfDeath: IsoDate
  /** What the municipality paid the funeral home (invoice, gross), PLN. */
  funeralCost: number
  /** What ZUS paid, once known (0 when the deceased had no entitlement), PLN. */
  zusAmountReceived?: number | null
  /** What was recovered from the estate, once known, PLN. */
  estateAmountRecovered?: number | null
}

export interface FuneralCostRecovery {
  /** The ZUS funeral allowance in force on the date of death. */
  funeralAllowanceCap: number
  /** What to claim from ZUS: the documented cost, at most the allowance (a non-family payer's rule). */
  zusClaimAmount: number
  /** Cost left after the ZUS payment, to recover from the estate; null until the ZUS payment is known. */
  outstandingAfterZus: number | null
  /** Cost the municipality bears in the end; null until the estate recovery is known. */
  unrecovered: number | null
  allowanceLegalBasis: string
}

function amount(name: string, value: number): number {
  const g = toGrosze(value)
  if (g < 0) throw new RangeError(`${name} must not be negative`)
  return g
}

export function funeralCostRecovery(input: FuneralCostInput): FuneralCostRecovery {
  const entry = parameterEntryOn('funeralAllowance', input.dateOfDeath)
  const cost = amount('funeralCost', input.funeralCost)
  const cap = toGrosze(entry.value)
  const claim = Math.min(cost, cap)
  const received = input.zusAmountReceived === null || input.zusAmountReceived === undefined ? null : amount('zusAmountReceived', input.zusAmountReceived)
  if (received !== null && received > claim) throw new RangeError('zusAmountReceived exceeds what could be claimed')
  const outstanding = received === null ? null : cost - received
  const estate = input.estateAmountRecovered === null || input.estateAmountRecovered === undefined ? null : amount('estateAmountRecovered', input.estateAmountRecovered)
  if (estate !== null && (outstanding === null || estate > outstanding)) throw new RangeError('estateAmountRecovered exceeds the outstanding cost')
  return {
    funeralAllowanceCap: fromGrosze(cap),
    zusClaimAmount: fromGrosze(claim),
    outstandingAfterZus: outstanding === null ? null : fromGrosze(outstanding),
    unrecovered: outstanding === null || estate === null ? null : fromGrosze(outstanding - estate),
    allowanceLegalBasis: entry.legalBasis,
  }
}
