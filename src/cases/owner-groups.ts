// The group that owns (and may see) the cases of each procedure: the first allowed group of a restricted procedure
// (data: ProcedureRestriction, src/procedures/procedure-restrictions.ts), the caseworkers for every other one.
import { ownerGroupOf, type Restrictions } from '../../domain/procedure-restriction.ts'
import { CASEWORKERS } from '../users/groups.ts'

export function ownerGroupFor(procedure: string, restrictions: Restrictions): string {
  return ownerGroupOf(restrictions, procedure, CASEWORKERS)
}
