// The Operaton mirror's ProcessInstance.incidentAt (instance-mirror.ts incidentSince): kept while the instance stays
// in incident, as on the embedded engine; a new stay in incident (the kept incidents resolved, another raised
// between two syncs) gets its own time.
import { expect } from 'chai'
import { incidentSince } from '../../engine/operaton/instance-mirror.ts'

const at = (iso: string) => new Date(iso)
const NOW = at('2026-03-10T12:00:00Z')

describe('Operaton mirror: incidentSince', function () {
  it('should take the oldest incident’s time when the instance was not in incident before', () => {
    expect(incidentSince(null, at('2026-03-10T09:00:00Z'), NOW).toISOString()).to.equal('2026-03-10T09:00:00.000Z')
  })

  it('should take the sync’s time when no incident has a readable timestamp', () => {
    expect(incidentSince(null, undefined, NOW).toISOString()).to.equal(NOW.toISOString())
  })

  it('should keep the first time when a further incident is raised while the first one persists', () => {
    expect(incidentSince(at('2026-03-10T09:00:00Z'), at('2026-03-10T09:00:00Z'), NOW).toISOString()).to.equal('2026-03-10T09:00:00.000Z')
  })

  it('should move to the new incident’s time when the kept incident was resolved and another raised between two syncs', () => {
    expect(incidentSince(at('2026-03-10T09:00:00Z'), at('2026-03-10T10:00:00Z'), NOW).toISOString()).to.equal('2026-03-10T10:00:00.000Z')
  })
})
