// "Za życiem" coordination (ustawa z 4.11.2016 o wsparciu kobiet w ciąży i rodzin „Za życiem”, art. 8):
// the centre replies in writing within 14 days. That deadline is local practice, not statute (domain.md §4):
// it is dated data and counted like a KPA deadline in days (art. 57: an end on a Saturday or holiday moves on).
import { computeDeadline } from './legal-calendar.ts'
import type { IsoDate } from './local-date.ts'
import { parameterOn } from './procedure-parameters.ts'

export function zaZyciemReplyDueOn(receivedOn: IsoDate): IsoDate {
  const { amount, unit } = parameterOn('zaZyciemReply', receivedOn)
  return computeDeadline(receivedOn, amount, unit)
}
