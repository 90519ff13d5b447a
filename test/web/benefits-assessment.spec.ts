// POST /api/benefits/assessment: eligibility and amounts of zasiłek stały / okresowy / celowy for a household on a date.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'

describe('web: benefit assessment API', function () {
  let db: TestDatabase
  let app: Express
  let token: string

  before(async () => {
    db = await createTestDatabase()
    await db.reset()
    ;({ app } = await createWebTestApp(db))
    token = await tokenFor(app, 'asystent')
  })
  after(async () => db?.close())

  const assess = (body: unknown, lang?: string) =>
    request(app).post(`/api/benefits/assessment${lang ? `?lang=${lang}` : ''}`).set(bearer(token)).send(body as object)

  it('should answer 401 without a session', async () => {
    const res = await request(app).post('/api/benefits/assessment').send({})
    expect(res.status).to.equal(401)
    expect(res.body.error.code).to.equal('UNAUTHENTICATED')
  })

  it('should give the statutory amount of zasiłek stały for a single person', async () => {
    const res = await assess({ benefit: 'zasilek-staly', applicationDate: '2026-03-02', householdSize: 1, applicantIncome: 500, householdIncome: 500 })
    expect(res.status).to.equal(200)
    expect(res.body).to.include({ eligible: true, criterion: 1010, incomePerPerson: 500, amount: 813, minimumAmount: null, maximumAmount: null })
    expect(res.body.legalBasis).to.match(/^art\. 37 ust\. 1 pkt 1/)
    expect(res.body.unconfirmed).to.deep.equal([])
    expect(res.body.parameters.zasilekStalyMaximum).to.deep.include({ value: 1229, validFrom: '2025-01-01' })
  })

  it('should give the range the centre decides within for zasiłek okresowy in a family', async () => {
    const res = await assess({ benefit: 'zasilek-okresowy', applicationDate: '2026-03-02', householdSize: 3, applicantIncome: 1200.5, householdIncome: 2000.5 })
    expect(res.status).to.equal(200)
    // family criterion 3 × 823 = 2469; gap 468.50; at least 234.25
    expect(res.body).to.include({ eligible: true, criterion: 823, incomePerPerson: 666.83, amount: null, minimumAmount: 234.25, maximumAmount: 468.5, householdCriterion: 2469 })
  })

  it('should answer eligibility only for zasiłek celowy, and no amounts when not eligible', async () => {
    const celowy = await assess({ benefit: 'zasilek-celowy', applicationDate: '2026-03-02', householdSize: 1, applicantIncome: '1010.00', householdIncome: '1010,00' })
    expect(celowy.body).to.include({ eligible: true, amount: null, minimumAmount: null, maximumAmount: null })
    const refused = await assess({ benefit: 'zasilek-okresowy', applicationDate: '2026-03-02', householdSize: 1, applicantIncome: 1010, householdIncome: 1010 })
    expect(refused.body).to.include({ eligible: false, minimumAmount: null, maximumAmount: null })
    expect(refused.body.reasons).to.deep.equal(['INCOME_NOT_BELOW_CRITERION'])
  })

  it('should use the values in force on the application date (2024-12-31 vs 2025-01-01)', async () => {
    const body = { benefit: 'zasilek-staly', householdSize: 1, applicantIncome: 0, householdIncome: 0 }
    expect((await assess({ ...body, applicationDate: '2024-12-31' })).body).to.include({ criterion: 776, amount: 1000 })
    expect((await assess({ ...body, applicationDate: '2025-01-01' })).body).to.include({ criterion: 1010, amount: 1229 })
    const before2024 = await assess({ ...body, applicationDate: '2023-12-31' })
    expect(before2024.body).to.include({ amount: 719 })
    expect(before2024.body.unconfirmed).to.include('zasilekStalyMaximum')
  })

  it('should answer 400 INVALID_INPUT naming every malformed field', async () => {
    const res = await assess({ benefit: 'zasilek-specjalny', applicationDate: '2026-02-30', householdSize: 0, applicantIncome: -5, householdIncome: 'dużo' })
    expect(res.status).to.equal(400)
    expect(res.body.error.code).to.equal('INVALID_INPUT')
    expect(res.body.error.message).to.be.a('string')
    expect(res.body.error.fields).to.have.all.keys('benefit', 'applicationDate', 'householdSize', 'applicantIncome', 'householdIncome')
    expect(res.body.error.fields.applicationDate).to.equal('Nieprawidłowa data (RRRR-MM-DD)')
    expect(res.body.error.fields.applicantIncome).to.equal('Kwota nie może być ujemna')
  })

  it('should refuse missing fields, too many decimals, a date before the recorded values and inconsistent incomes', async () => {
    expect((await assess({})).body.error.fields).to.have.all.keys('benefit', 'applicationDate', 'householdSize', 'applicantIncome', 'householdIncome')
    const decimals = await assess({ benefit: 'zasilek-staly', applicationDate: '2026-03-02', householdSize: 2, applicantIncome: 1.005, householdIncome: 10 })
    expect(decimals.body.error.fields).to.deep.equal({ applicantIncome: 'Najwyżej 2 miejsca po przecinku' })
    const early = await assess({ benefit: 'zasilek-staly', applicationDate: '2021-12-31', householdSize: 1, applicantIncome: 1, householdIncome: 1 })
    expect(early.body.error.fields).to.deep.equal({ applicationDate: 'Wartość nie może być mniejsza niż 01.01.2022' })
    const above = await assess({ benefit: 'zasilek-staly', applicationDate: '2026-03-02', householdSize: 2, applicantIncome: 600, householdIncome: 500 })
    expect(above.body.error.fields).to.deep.equal({ applicantIncome: 'Wartość nie może być większa niż 500' })
    const single = await assess({ benefit: 'zasilek-staly', applicationDate: '2026-03-02', householdSize: 1, applicantIncome: 400, householdIncome: 500 })
    expect(single.status).to.equal(400)
    expect(single.body.error.fields).to.have.key('householdIncome')
    const notObject = await request(app).post('/api/benefits/assessment').set(bearer(token)).set('Content-Type', 'application/json').send('[1]')
    expect(notObject.status).to.equal(400)
  })

  it('should answer in English when asked', async () => {
    const res = await assess({ benefit: 'zasilek-staly' }, 'en')
    expect(res.status).to.equal(400)
    expect(res.body.error.message).to.equal('The input is not valid.')
  })
})
