import { expect } from 'chai'
import { FUNERAL_SERVICES, funeralCostRecovery, missingFuneralServices } from '../../domain/municipal-funeral.ts'

describe('municipal funeral rules (UPS art. 44, 96(3))', () => {
  it('should list the burial and the cremation services of the centres\' pages', () => {
    expect(FUNERAL_SERVICES.burial.map((i) => i.key)).to.deep.equal(['prepare-body', 'coffin', 'storage', 'hearse', 'grave', 'grave-plate'])
    expect(FUNERAL_SERVICES.cremation.map((i) => i.key)).to.deep.equal(['prepare-body', 'coffin', 'storage', 'hearse', 'cremation', 'urn-burial', 'grave-plate'])
    expect(missingFuneralServices('cremation', ['prepare-body', 'coffin', 'storage', 'hearse', 'cremation'])).to.deep.equal(['urn-burial', 'grave-plate'])
  })

  it('should cap the ZUS claim at the allowance in force on the date of death', () => {
    expect(funeralCostRecovery({ dateOfDeath: '2025-12-31', funeralCost: 5200 })).to.include({ funeralAllowanceCap: 4000, zusClaimAmount: 4000, outstandingAfterZus: null, unrecovered: null })
    expect(funeralCostRecovery({ dateOfDeath: '2026-01-01', funeralCost: 5200 })).to.include({ funeralAllowanceCap: 7000, zusClaimAmount: 5200 })
  })

  it('should leave the rest to the estate and compute in grosze', () => {
    const r = funeralCostRecovery({ dateOfDeath: '2025-06-01', funeralCost: 4100.1, zusAmountReceived: 3999.99, estateAmountRecovered: 0.1 })
    expect(r).to.include({ outstandingAfterZus: 100.11, unrecovered: 100.01 })
  })

  it('should refuse amounts that cannot be right', () => {
    expect(() => funeralCostRecovery({ dateOfDeath: '2026-01-05', funeralCost: -1 })).to.throw(RangeError)
    expect(() => funeralCostRecovery({ dateOfDeath: '2026-01-05', funeralCost: 3000, zusAmountReceived: 3000.01 })).to.throw(RangeError)
    expect(() => funeralCostRecovery({ dateOfDeath: '2026-01-05', funeralCost: 3000, zusAmountReceived: 0, estateAmountRecovered: 3001 })).to.throw(RangeError)
    expect(() => funeralCostRecovery({ dateOfDeath: '2026-01-05', funeralCost: 3000, estateAmountRecovered: 10 })).to.throw(RangeError)
  })
})
