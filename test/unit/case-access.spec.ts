import { expect } from 'chai'
import { canSeeCase } from '../../src/cases/case-access.ts'
import { ownerGroupFor } from '../../src/cases/owner-groups.ts'
import { restrictionsOf } from '../../domain/procedure-restriction.ts'
import { DEFAULT_RESTRICTIONS } from '../../src/procedures/load-restrictions.ts'
import type { AuthUser } from '../../src/users/auth-user.ts'

const user = (...groups: string[]): AuthUser => ({ id: 'u', login: 'u', displayName: 'U', groups })
// the shipped default (blue-card → blue-card-team), as a database without rows has it in force
const shipped = restrictionsOf([], DEFAULT_RESTRICTIONS)
const benefit = (ownerGroup: string) => ({ procedure: 'benefit-application', ownerGroup })
const blueCard = { procedure: 'blue-card', ownerGroup: 'blue-card-team' }

describe('case access', () => {
  it('should let members of the owner group see a case', () => {
    expect(canSeeCase(user('caseworkers'), benefit('caseworkers'), shipped)).to.equal(true)
    expect(canSeeCase(user('blue-card-team'), blueCard, shipped)).to.equal(true)
  })

  it('should let managers and administrators see the cases of groups they are not in', () => {
    expect(canSeeCase(user('managers'), benefit('caseworkers'), shipped)).to.equal(true)
    expect(canSeeCase(user('admins'), benefit('family-assistants'), shipped)).to.equal(true)
  })

  it('should hide the cases of a restricted procedure from managers and administrators who are not members', () => {
    expect(canSeeCase(user('managers'), blueCard, shipped)).to.equal(false)
    expect(canSeeCase(user('admins', 'managers'), blueCard, shipped)).to.equal(false)
    expect(canSeeCase(user('caseworkers'), blueCard, shipped)).to.equal(false)
  })

  it('should give Blue Card cases to blue-card-team and every other procedure to the caseworkers', () => {
    expect(ownerGroupFor('blue-card', shipped)).to.equal('blue-card-team')
    for (const p of ['benefit-application', 'crisis-intervention', 'municipal-funeral', 'family-assistant', 'za-zyciem-coordination', 'toString']) {
      expect(ownerGroupFor(p, shipped)).to.equal('caseworkers')
    }
  })

  it('should follow the data when an administrator changes which groups may see a procedure', () => {
    const changed = restrictionsOf([{ processId: 'blue-card', groups: [] }, { processId: 'crisis-intervention', groups: ['psychologists', 'managers'] }], DEFAULT_RESTRICTIONS)
    // lifted: managers see Blue Card cases again; the seed default does not come back over the row
    expect(canSeeCase(user('managers'), blueCard, changed)).to.equal(true)
    expect(ownerGroupFor('blue-card', changed)).to.equal('caseworkers')
    // restricted: only the allowed groups, whoever owns the case
    const crisis = { procedure: 'crisis-intervention', ownerGroup: 'caseworkers' }
    expect(canSeeCase(user('caseworkers'), crisis, changed)).to.equal(false)
    expect(canSeeCase(user('admins'), crisis, changed)).to.equal(false)
    expect(canSeeCase(user('psychologists'), crisis, changed)).to.equal(true)
    expect(canSeeCase(user('managers'), crisis, changed)).to.equal(true)
    expect(ownerGroupFor('crisis-intervention', changed)).to.equal('psychologists')
  })
})
