// The registration page: applicant, household members, incomes, date received, urgency, benefit.
import { Router, type Response } from 'express'
import { toIsoDate } from '../../domain/local-date.ts'
import { BENEFIT_APPLICATION, BENEFITS } from '../../cases/registration-input.ts'
import { registerCase } from '../../cases/register-case.ts'
import { ServiceError } from '../../cases/service-error.ts'
import { refreshSla, serviceDeps, type AppDeps } from '../app-deps.ts'
import { issueTexts } from '../i18n/index.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { HOUSEHOLD_ROWS, INCOME_ROWS, input, pageErrorKeys, registrationBody } from '../registration-form.ts'
import { STATUS_BY_CODE } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'
import { withNotice } from './inbox.ts'

type Form = Record<string, unknown>

export function registerPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()

  async function show(res: Response, form: Form, errors: Record<string, string>, status = 200): Promise<void> {
    const { t } = ctx(res)
    const field = (name: string) => input(form, errors, name)
    const person = (prefix: string) => ({
      pesel: field(`${prefix}.pesel`),
      firstName: field(`${prefix}.firstName`),
      lastName: field(`${prefix}.lastName`),
    })
    const procedures = await deps.engine.listProcesses().catch(() => [])
    const chosenProcedure = typeof form.procedure === 'string' ? form.procedure : BENEFIT_APPLICATION
    const chosenBenefit = typeof form.benefit === 'string' ? form.benefit : ''
    pages.render(res, 'register', {
      title: t.register.title,
      nav: 'new-case',
      errorSummary: Object.keys(errors).length > 0,
      procedure: { ...field('procedure'), options: procedures.map((p) => ({ value: p.id, label: p.name || p.id, selected: p.id === chosenProcedure })) },
      receivedAt: { ...field('receivedAt'), value: typeof form.receivedAt === 'string' ? form.receivedAt : toIsoDate(deps.clock.now()) },
      urgent: { ...field('urgent'), checked: form.urgent === 'on' },
      benefit: { ...field('benefit'), options: BENEFITS.map((b) => ({ value: b, label: t.benefits[b], selected: b === chosenBenefit })) },
      applicant: person('applicant'),
      household: Array.from({ length: HOUSEHOLD_ROWS }, (_, i) => ({ n: i + 1, ...person(`household[${i}]`) })),
      incomes: Array.from({ length: INCOME_ROWS }, (_, i) => ({
        n: i + 1,
        pesel: field(`incomes[${i}].pesel`),
        monthlyNet: field(`incomes[${i}].monthlyNet`),
      })),
    }, status)
  }

  router.get('/cases/new', async (_req, res) => {
    await show(res, {}, {})
  })

  router.post('/cases', async (req, res) => {
    const { t } = ctx(res)
    const form = (req.body ?? {}) as Form
    const mapped = registrationBody(form)
    try {
      const created = await registerCase(serviceDeps(deps, ctx(res).logger), actor(res), mapped.body)
      await refreshSla(deps)
      res.redirect(303, withNotice(`/cases/${created.id}`, 'registered'))
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err
      if (err.code === 'VALIDATION_FAILED') {
        return show(res, form, pageErrorKeys(issueTexts(t, err.fields), mapped), 422)
      }
      if (err.code === 'ENGINE_UNAVAILABLE' && err.details.caseId) {
        return pages.render(res, 'start-failed', { title: t.register.startFailedTitle, caseId: err.details.caseId }, 503)
      }
      pages.error(res, STATUS_BY_CODE[err.code], err.code)
    }
  })

  return router
}
