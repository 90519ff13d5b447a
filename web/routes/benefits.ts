// The benefit API:
//   POST /api/benefits/assessment {benefit, applicationDate, householdSize, applicantIncome, householdIncome}
//     → {eligible, criterion, incomePerPerson, amount, minimumAmount, maximumAmount, legalBasis, …}
//     400 {error:{code:'INVALID_INPUT', message, fields}} for malformed input.
//   POST /api/cases/:id/delivery {deliveredAt} · /appeal {filedAt} · /sko-ruling {ruling, ruledAt}
//     → 200 {caseId, …}; 409 NOT_WAITING when the procedure does not wait for that event; 422 field errors.
// Every /api route is behind requireApiAuth (app.ts).
import { Router } from 'express'
import { assessBenefit } from '../../domain/benefit-assessment.ts'
import { parseAssessmentInput } from '../../domain/benefit-assessment-input.ts'
import { recordAppeal, recordDelivery, recordSkoRuling, type DecisionEventResult } from '../../src/benefits/decision-events.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { issueTexts } from '../i18n/index.ts'
import { sendApiError } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'

export function benefitRoutes(deps: AppDeps): Router {
  const router = Router()

  router.post('/api/benefits/assessment', (req, res) => {
    const parsed = parseAssessmentInput(req.body)
    if (!parsed.ok) return sendApiError(res, 400, 'INVALID_INPUT', { fields: issueTexts(ctx(res).t, parsed.fields) })
    const a = assessBenefit(parsed.value)
    res.json({
      eligible: a.eligible,
      criterion: a.criterion,
      incomePerPerson: a.incomePerPerson,
      amount: a.amount,
      minimumAmount: a.minimumAmount,
      maximumAmount: a.maximumAmount,
      legalBasis: a.legalBasis,
      benefit: a.benefit,
      applicationDate: a.applicationDate,
      householdSize: a.householdSize,
      householdCriterion: a.householdCriterion,
      householdIncome: a.householdIncome,
      applicantIncome: a.applicantIncome,
      reasons: a.reasons,
      parameters: a.parameters,
      unconfirmed: a.unconfirmed,
    })
  })

  const answer = (result: DecisionEventResult, res: Parameters<Parameters<Router['post']>[1]>[1]) => {
    if (!result.ok) return sendApiError(res, 409, result.reason)
    res.json(result.value)
  }

  router.post('/api/cases/:id/delivery', async (req, res) => {
    answer(await recordDelivery(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id, req.body), res)
  })
  router.post('/api/cases/:id/appeal', async (req, res) => {
    answer(await recordAppeal(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id, req.body), res)
  })
  router.post('/api/cases/:id/sko-ruling', async (req, res) => {
    answer(await recordSkoRuling(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id, req.body), res)
  })

  return router
}
