import { expect } from 'chai'
import { Prisma } from '../../src/generated/prisma/client.ts'
import {
  createPgliteTestDatabase,
  createPostgresTestDatabase,
  describeOnPostgres,
  type TestDatabase,
} from '../helpers/test-database.ts'

/** Lists, Json, Decimal and Date columns written and read back, on whichever database `open` gives. */
function roundTripTests(open: () => Promise<TestDatabase>): void {
  let target: TestDatabase

  before(async () => {
    target = await open()
  })

  beforeEach(async () => {
    await target.reset()
  })

  after(async () => {
    await target?.close()
  })

  it('should read back a String[] column and filter on it when a task is stored', async () => {
    // given
    await target.prisma.task.create({
      data: {
        engine: 'embedded',
        engineKey: 'exec-1',
        instanceId: 'instance-1',
        processId: 'benefit',
        elementId: 'review',
        name: 'Review',
        candidateGroups: ['caseworkers', 'managers'],
        candidateUsers: [],
        createdAt: new Date('2026-03-02T10:00:00Z'),
      },
    })

    // when
    const found = await target.prisma.task.findMany({ where: { candidateGroups: { has: 'managers' } } })

    // then
    expect(found).to.have.length(1)
    expect(found[0]?.candidateGroups).to.deep.equal(['caseworkers', 'managers'])
    expect(found[0]?.candidateUsers).to.deep.equal([])
    expect(found[0]?.createdAt.toISOString()).to.equal('2026-03-02T10:00:00.000Z')
  })

  it('should read back Json, Decimal and Date columns exactly when a case is stored with an income', async () => {
    // given
    const variables = { applicant: { householdSize: 3 }, flags: [true, false], note: 'zażółć gęślą jaźń', nothing: null }
    const created = await target.prisma.case.create({
      data: {
        procedure: 'benefit',
        receivedAt: new Date('2026-12-24'),
        variables,
        incomes: { create: [{ pesel: 'id-1', monthlyNet: new Prisma.Decimal('0.10') }, { pesel: 'id-2', monthlyNet: '9999999999.99' }] },
      },
    })

    // when
    const found = await target.prisma.case.findUniqueOrThrow({
      where: { id: created.id },
      include: { incomes: { orderBy: { pesel: 'asc' } } },
    })

    // then
    expect(found.variables).to.deep.equal(variables)
    expect(found.receivedAt.toISOString()).to.equal('2026-12-24T00:00:00.000Z')
    expect(found.status).to.equal('open')
    expect(found.incomes.map((income) => income.monthlyNet.toFixed(2))).to.deep.equal(['0.10', '9999999999.99'])
    expect(Prisma.Decimal.isDecimal(found.incomes[0]?.monthlyNet)).to.equal(true)
    const sum = await target.prisma.income.aggregate({ _sum: { monthlyNet: true }, where: { caseId: created.id } })
    expect(sum._sum.monthlyNet?.toFixed(2)).to.equal('10000000000.09')
  })

  it('should find nothing when reset ran after data was stored', async () => {
    // given
    await target.prisma.caseNumberCounter.create({ data: { prefix: 'OPS.8311.2026', last: 7 } })

    // when
    await target.reset()

    // then
    expect(await target.prisma.caseNumberCounter.count()).to.equal(0)
    expect(await target.prisma.case.count()).to.equal(0)
  })
}

describe('Prisma round trip (PGlite)', () => {
  roundTripTests(() => createPgliteTestDatabase())
})

describeOnPostgres('Prisma round trip', (databaseUrl) => {
  roundTripTests(() => createPostgresTestDatabase(databaseUrl))
})
