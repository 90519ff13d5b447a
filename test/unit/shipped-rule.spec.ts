// What start-up does with a changed file of the processes folder (src/procedures/shipped-rule.ts): seed what is
// new, upgrade what nobody changed since it was shipped, never deploy over a manager's newer version.
import { expect } from 'chai'
import { fileAction, shippedAction, type NewestVersionFacts } from '../../src/procedures/shipped-rule.ts'

const newest = (facts: Partial<NewestVersionFacts> = {}): NewestVersionFacts => ({ sameAsFile: false, sameAsShipped: false, deployedBySystem: false, ...facts })

describe('unit: shipped files at start-up (shipped-rule.ts)', () => {
  it('should deploy when nothing of that id is deployed yet', () => {
    expect(shippedAction(null, false)).to.equal('deploy')
    expect(shippedAction(null, true)).to.equal('deploy')
  })

  it('should deploy nothing when the newest version already has the file content, whoever deployed it', () => {
    expect(shippedAction(newest({ sameAsFile: true }), true)).to.equal('unchanged')
    expect(shippedAction(newest({ sameAsFile: true }), false)).to.equal('unchanged')
  })

  it('should deploy an upgrade when the newest version is still the one shipped before', () => {
    expect(shippedAction(newest({ sameAsShipped: true }), true)).to.equal('deploy')
  })

  it('should keep the upgrade pending when a manager deployed a newer version since the previous shipped one', () => {
    expect(shippedAction(newest({ sameAsShipped: false, deployedBySystem: false }), true)).to.equal('pending')
  })

  it('should go by who deployed the newest version when the database has no record of what was shipped before', () => {
    expect(shippedAction(newest({ deployedBySystem: true }), false)).to.equal('deploy')
    expect(shippedAction(newest({ deployedBySystem: false }), false)).to.equal('pending')
  })

  it('should not deploy a file when one thing it defines is pending, and deploy it when one thing needs it', () => {
    expect(fileAction(['deploy', 'pending'])).to.equal('pending')
    expect(fileAction(['unchanged', 'deploy'])).to.equal('deploy')
    expect(fileAction(['unchanged'])).to.equal('unchanged')
    expect(fileAction([]), 'a file that names nothing goes to the engine, which refuses it').to.equal('deploy')
  })
})
