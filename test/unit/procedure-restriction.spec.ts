import { expect } from 'chai'
import {
  caseTeam,
  hiddenProcedures,
  mayAccessProcedure,
  ownerGroupOf,
  parseRestrictionInput,
  restrictionsOf,
} from '../../domain/procedure-restriction.ts'
import { canSeeTask, isCandidate, mayClaimTask, mayManageTask, mayReadTask } from '../../src/inbox/task-access.ts'
import type { AuthUser } from '../../src/users/auth-user.ts'

const DEFAULTS = [{ processId: 'blue-card', groups: ['blue-card-team'] }]
const user = (login: string, ...groups: string[]): AuthUser => ({ id: login, login, displayName: login, groups })
const kierownik = user('kierownik', 'managers')
const zespol = user('zespol', 'caseworkers', 'blue-card-team')

describe('restricted procedures (rules)', () => {
  it('should put the shipped default in force for a procedure without a row and let a row replace or lift it', () => {
    expect(restrictionsOf([], DEFAULTS).byProcess.get('blue-card')).to.deep.equal(['blue-card-team'])
    const replaced = restrictionsOf([{ processId: 'blue-card', groups: ['gdp-north', 'gdp-north', ''] }], DEFAULTS)
    expect(replaced.byProcess.get('blue-card')).to.deep.equal(['gdp-north'])
    const lifted = restrictionsOf([{ processId: 'blue-card', groups: [] }], DEFAULTS)
    expect(lifted.byProcess.has('blue-card')).to.equal(false)
  })

  it('should allow a procedure to members of one of its groups only, and every unrestricted procedure to everyone', () => {
    const r = restrictionsOf([{ processId: 'crisis-intervention', groups: ['psychologists', 'managers'] }], DEFAULTS)
    expect(mayAccessProcedure(r, ['blue-card-team'], 'blue-card')).to.equal(true)
    expect(mayAccessProcedure(r, ['managers', 'admins'], 'blue-card')).to.equal(false)
    expect(mayAccessProcedure(r, ['managers'], 'crisis-intervention')).to.equal(true)
    expect(mayAccessProcedure(r, ['caseworkers'], 'crisis-intervention')).to.equal(false)
    expect(mayAccessProcedure(r, ['caseworkers'], 'benefit-application')).to.equal(true)
    expect(mayAccessProcedure(r, [], null)).to.equal(true)
    expect(hiddenProcedures(r, ['caseworkers'])).to.deep.equal(['blue-card', 'crisis-intervention'])
    expect(hiddenProcedures(r, ['managers'])).to.deep.equal(['blue-card'])
  })

  it('should give new cases to the first allowed group and the work of an older case to an allowed group when the groups changed', () => {
    const r = restrictionsOf([{ processId: 'blue-card', groups: ['gdp-north', 'gdp-south'] }], DEFAULTS)
    expect(ownerGroupOf(r, 'blue-card', 'caseworkers')).to.equal('gdp-north')
    expect(ownerGroupOf(r, 'benefit-application', 'caseworkers')).to.equal('caseworkers')
    expect(caseTeam(r, { procedure: 'blue-card', ownerGroup: 'blue-card-team' })).to.equal('gdp-north')
    expect(caseTeam(r, { procedure: 'blue-card', ownerGroup: 'gdp-south' })).to.equal('gdp-south')
    expect(caseTeam(r, { procedure: 'benefit-application', ownerGroup: 'caseworkers' })).to.equal('caseworkers')
  })

  it('should accept only known groups and a process id when an administrator gives them', () => {
    const known = ['blue-card-team', 'psychologists']
    expect(parseRestrictionInput('blue-card', ['psychologists', ' blue-card-team ', 'psychologists'], known)).to.deep.equal({ ok: true, processId: 'blue-card', groups: ['psychologists', 'blue-card-team'] })
    expect(parseRestrictionInput('blue-card', 'psychologists', known)).to.deep.equal({ ok: true, processId: 'blue-card', groups: ['psychologists'] })
    expect(parseRestrictionInput('blue-card', [], known)).to.deep.equal({ ok: true, processId: 'blue-card', groups: [] })
    expect(parseRestrictionInput('blue-card', ['admins-x'], known)).to.deep.equal({ ok: false, problems: [{ field: 'groups', code: 'unknownGroup', group: 'admins-x' }] })
    expect(parseRestrictionInput('<script>', ['psychologists'], known)).to.deep.equal({ ok: false, problems: [{ field: 'processId', code: 'format' }] })
    expect(parseRestrictionInput('', [1], known)).to.deep.equal({ ok: false, problems: [{ field: 'processId', code: 'required' }, { field: 'groups', code: 'format' }] })
  })
})

describe('task access of restricted procedures', () => {
  const r = restrictionsOf([], DEFAULTS)
  const blueCard = { processId: 'blue-card', assignee: null as string | null, candidateUsers: [] as string[], candidateGroups: ['blue-card-team'] }

  it('should refuse everything to someone outside the allowed groups when he is the assignee, a candidate user or in a candidate group', () => {
    const wide = { ...blueCard, assignee: 'kierownik', candidateUsers: ['kierownik'], candidateGroups: ['blue-card-team', 'managers'] }
    expect(canSeeTask(kierownik, wide, r, 'blue-card')).to.equal(false)
    expect(isCandidate(kierownik, wide, r, 'blue-card')).to.equal(false)
    expect(mayReadTask(kierownik, wide, r, 'blue-card')).to.equal(false)
    expect(mayManageTask(kierownik, wide, r, 'blue-card')).to.equal(false)
    expect(mayClaimTask(kierownik, { ...wide, assignee: null, status: 'open' }, r, 'blue-card')).to.equal(false)
  })

  it('should refuse the task of a restricted case even when the task names another procedure', () => {
    const art36 = { ...blueCard, processId: 'benefit-application', candidateGroups: ['managers'] }
    expect(canSeeTask(kierownik, art36, r, 'blue-card')).to.equal(false)
    expect(canSeeTask(kierownik, art36, r, 'benefit-application')).to.equal(true)
  })

  it('should leave the usual rules to the members of the allowed groups', () => {
    expect(canSeeTask(zespol, blueCard, r, 'blue-card')).to.equal(true)
    expect(mayClaimTask(zespol, { ...blueCard, status: 'open' }, r, 'blue-card')).to.equal(true)
    expect(mayManageTask(zespol, blueCard, r, 'blue-card')).to.equal(false) // not a manager
    expect(mayManageTask(user('szefgdp', 'managers', 'blue-card-team'), blueCard, r, 'blue-card')).to.equal(true)
  })
})
