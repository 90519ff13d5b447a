// The registration page. Its fields follow the chosen procedure (?procedure=, a GET form with the procedure picker):
// the benefit application its structured form (applicant, household members, incomes, benefit); a procedure whose
// start event links a form that form (start-form-fields.ts); any other the person concerned. Every procedure has
// the date received and urgency. It offers only the
// procedures the person may register (registration-access.ts). When she may not open the case she registered (a Blue
// Card registered by a caseworker: only blue-card-team may), she lands on /cases/:id/registered, which shows her the
// case number and who handles it, instead of a 403 case page.
// The form carries a one-time registration key (an Idempotency-Key, register-case.ts): a double submit or a reload
// of the POST answers the case the first submit made; the same key with other values (the form changed after it was
// sent) is refused, and the form comes back with a new key to send it as a new application.
import { awaitEngineStep } from '../../src/cases/await-engine-step.ts'
import { randomUUID } from 'node:crypto'
import { Router, type Response } from 'express'
import { toIsoDate } from '../../domain/local-date.ts'
import { parseIdempotencyKey } from '../../domain/idempotency-key.ts'
import { BENEFIT_APPLICATION, BENEFITS } from '../../src/cases/registration-input.ts'
import { registerCase } from '../../src/cases/register-case.ts'
import { ServiceError } from '../../src/cases/service-error.ts'
import { mayAccessCase } from '../../src/cases/case-access.ts'
import { recordAudit } from '../../src/cases/audit.ts'
import { mayRegister, mayRegisterAny } from '../../src/cases/registration-access.ts'
import { STANDARD_GROUPS } from '../../src/users/groups.ts'
import { refreshCaseSla, serviceDeps, type AppDeps } from '../app-deps.ts'
import { format, issueTexts } from '../i18n/index.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { HOUSEHOLD_ROWS, INCOME_ROWS, input, pageErrorKeys, registrationBody } from '../registration-form.ts'
import { startFormClientData, startFormFields, startFormValues } from '../start-form-fields.ts'
import { jsonForScript } from '../json-for-script.ts'
import { loadStartForm } from '../../src/cases/start-form.ts'
import { STATUS_BY_CODE } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'
import { withNotice } from './inbox.ts'

type Form = Record<string, unknown>

export function registerPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()

  /** The form's key, kept across a refused submit (nothing was stored under it); a new one when none or unusable. */
  function formKey(form: Form, fresh = false): string {
    const parsed = parseIdempotencyKey(form.idempotencyKey)
    return !fresh && parsed.valid && parsed.key !== null ? parsed.key : randomUUID()
  }

  async function show(
    res: Response,
    form: Form,
    errors: Record<string, string>,
    status = 200,
    options: { alreadySubmitted?: boolean } = {},
  ): Promise<void> {
    const { t } = ctx(res)
    const field = (name: string) => input(form, errors, name)
    const person = (prefix: string) => ({
      pesel: field(`${prefix}.pesel`),
      firstName: field(`${prefix}.firstName`),
      lastName: field(`${prefix}.lastName`),
    })
    const user = actor(res).user
    const procedures = (await deps.engine.listProcesses().catch(() => [])).filter((p) => mayRegister(user, p.id))
    const asked = typeof form.procedure === 'string' ? form.procedure : BENEFIT_APPLICATION
    const chosenProcedure = procedures.some((p) => p.id === asked) ? asked : (procedures[0]?.id ?? asked)
    const chosenBenefit = typeof form.benefit === 'string' ? form.benefit : ''
    const startForm = chosenProcedure !== BENEFIT_APPLICATION ? await loadStartForm(deps.db.prisma, chosenProcedure) : null
    const chosenName = procedures.find((p) => p.id === chosenProcedure)?.name || chosenProcedure
    pages.render(res, 'register', {
      title: t.register.title,
      nav: 'new-case',
      errorSummary: Object.keys(errors).length > 0,
      alreadySubmitted: options.alreadySubmitted === true,
      idempotencyKey: formKey(form, options.alreadySubmitted),
      chosenProcedure,
      chosenName: format(t.register.chosenProcedure, { name: chosenName }),
      benefitForm: chosenProcedure === BENEFIT_APPLICATION,
      startFormFields: startForm ? startFormFields(startForm.schema, form, errors) : null,
      // client/register-form.js mounts form-js with these (the plain fields stay the form without JavaScript)
      startFormData: startForm ? jsonForScript(startFormClientData(startForm.schema, form, errors, t.taskForm.formJs)) : null,
      personForm: chosenProcedure !== BENEFIT_APPLICATION && !startForm,
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

  router.get('/cases/new', async (req, res) => {
    if (!mayRegisterAny(actor(res).user)) return pages.error(res, 403, 'FORBIDDEN')
    const procedure = typeof req.query.procedure === 'string' && req.query.procedure.length <= 100 ? req.query.procedure : undefined
    await show(res, procedure ? { procedure } : {}, {})
  })

  /** The page's fields as the body POST /api/cases takes, by the procedure's shape (see the top of this file). */
  async function bodyOf(form: Form): Promise<{ body: Record<string, unknown>; mapping: ReturnType<typeof registrationBody> | null }> {
    const procedure = typeof form.procedure === 'string' ? form.procedure.trim() : ''
    if (procedure === BENEFIT_APPLICATION || procedure === '') {
      const mapped = registrationBody(form)
      return { body: mapped.body, mapping: mapped }
    }
    const common = {
      procedure,
      receivedAt: typeof form.receivedAt === 'string' ? form.receivedAt.trim() : '',
      urgent: form.urgent === 'on' || form.urgent === 'true',
    }
    if (await loadStartForm(deps.db.prisma, procedure)) return { body: { ...common, form: startFormValues(form) }, mapping: null }
    const mapped = registrationBody(form)
    return { body: { ...common, applicant: mapped.body.applicant }, mapping: mapped }
  }

  // The registrant's confirmation when she may not open the case: its number and the group that handles it.
  router.get('/cases/:id/registered', async (req, res) => {
    const { t } = ctx(res)
    const me = actor(res)
    const kase = await deps.db.prisma.case.findUnique({
      where: { id: req.params.id },
      select: { id: true, number: true, procedure: true, ownerGroup: true, createdById: true },
    })
    if (kase && (await mayAccessCase(deps.db.prisma, me.user, kase.id, kase))) {
      return res.redirect(303, withNotice(`/cases/${kase.id}`, 'registered'))
    }
    if (!kase || kase.createdById !== me.user.id) return pages.error(res, 404, 'NOT_FOUND')
    await recordAudit(deps.db.prisma, me, deps.clock.now(), { action: 'case.register-confirmation', caseId: kase.id })
    const group = STANDARD_GROUPS.find((g) => g.key === kase.ownerGroup)?.name ?? kase.ownerGroup
    pages.render(res, 'registered', {
      title: t.taskAccess.registeredTitle,
      nav: 'new-case',
      numberText: kase.number ? format(t.taskAccess.registeredNumber, { number: kase.number }) : t.taskAccess.registeredNoNumber,
      handledBy: format(t.taskAccess.registeredHandledBy, { group }),
    })
  })

  router.post('/cases', async (req, res) => {
    const { t } = ctx(res)
    const form = (req.body ?? {}) as Form
    const { body, mapping } = await bodyOf(form)
    try {
      const created = await registerCase(serviceDeps(deps, ctx(res).logger), actor(res), body, { idempotencyKey: form.idempotencyKey ?? null })
      // the case page shows the procedure's first step with its open task, not the moment before (PAGE_ENGINE_WAIT_MS)
      await awaitEngineStep(deps.db.prisma, created.id, new Set(), { timeoutMs: deps.config.pageEngineWaitMs, now: () => deps.clock.now() })
      if (!created.replayed) await refreshCaseSla(deps, created.id)
      const kase = await deps.db.prisma.case.findUniqueOrThrow({ where: { id: created.id }, select: { procedure: true, ownerGroup: true } })
      const visible = await mayAccessCase(deps.db.prisma, actor(res).user, created.id, kase)
      res.redirect(303, visible ? withNotice(`/cases/${created.id}`, 'registered') : `/cases/${created.id}/registered`)
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err
      if (err.code === 'IDEMPOTENCY_KEY_REUSED') return show(res, form, {}, 422, { alreadySubmitted: true })
      if (err.code === 'VALIDATION_FAILED') {
        const texts = issueTexts(t, err.fields)
        return show(res, form, mapping ? pageErrorKeys(texts, mapping) : texts, 422)
      }
      if (err.code === 'ENGINE_UNAVAILABLE' && err.details.caseId) {
        return pages.render(res, 'start-failed', { title: t.register.startFailedTitle, caseId: err.details.caseId }, 503)
      }
      pages.error(res, STATUS_BY_CODE[err.code], err.code)
    }
  })

  return router
}
