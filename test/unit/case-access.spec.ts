import { expect } from 'chai'
import { canSeeCase } from '../../src/cases/case-access.ts'
import { ownerGroupFor } from '../../src/cases/owner-groups.ts'
import type { AuthUser } from '../../src/users/auth-user.ts'

const user = (...groups: string[]): AuthUser => ({ id: 'u', login: 'u', displayName: 'U', groups })

describe('case access', () => {
  it('should let members of the owner group see a case', () => {
    expect(canSeeCase(user('caseworkers'), { ownerGroup: 'caseworkers' })).to.equal(true)
    expect(canSeeCase(user('blue-card-team'), { ownerGroup: 'blue-card-team' })).to.equal(true)
  })

  it('should let managers and administrators see the cases of groups they are not in', () => {
    expect(canSeeCase(user('managers'), { ownerGroup: 'caseworkers' })).to.equal(true)
    expect(canSeeCase(user('admins'), { ownerGroup: 'family-assistants' })).to.equal(true)
  })

  it('should hide the cases of a restricted group from managers and administrators who are not members', () => {
    expect(canSeeCase(user('managers'), { ownerGroup: 'blue-card-team' })).to.equal(false)
    expect(canSeeCase(user('admins', 'managers'), { ownerGroup: 'blue-card-team' })).to.equal(false)
    expect(canSeeCase(user('caseworkers'), { ownerGroup: 'blue-card-team' })).to.equal(false)
  })

  it('should give Blue Card cases to blue-card-team and every other procedure to the caseworkers', () => {
    expect(ownerGroupFor('blue-card')).to.equal('blue-card-team')
    for (const p of ['benefit-application', 'crisis-intervention', 'municipal-funeral', 'family-assistant', 'za-zyciem-coordination', 'toString']) {
      expect(ownerGroupFor(p)).to.equal('caseworkers')
    }
  })
})
