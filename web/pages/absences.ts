// The absences page: current and planned absences (managers see everyone's), a form to record one (managers
// may pick the absent person), and cancel buttons. Mounted by inboxPages.
import { Router, type Response } from 'express'
import { ServiceError } from '../../src/cases/service-error.ts'
import { cancelAbsence, listAbsences, recordAbsence } from '../../src/inbox/absences.ts'
import { listAssignableUsers } from '../../src/inbox/assignable-users.ts'
import { isPrivileged } from '../../src/users/groups.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { formatDate } from '../format.ts'
import { format, issueTexts } from '../i18n/index.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { STATUS_BY_CODE } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'

type Form = Record<string, unknown>

export function absencePages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()

  async function show(res: Response, form: Form, errors: Record<string, string>, status = 200): Promise<void> {
    const { t } = ctx(res)
    const me = actor(res)
    const privileged = isPrivileged(me.user.groups)
    const absences = await listAbsences(serviceDeps(deps), me)
    const people = await listAssignableUsers(deps.db.prisma)
    const value = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '')
    const field = (key: string) => ({ value: value(key), error: errors[key] ?? null })
    const chosenPerson = value('login') || me.user.login
    const substitutes = people.filter((p) => privileged || (p.login !== me.user.login && p.groups.some((g) => me.user.groups.includes(g))))
    const notice = typeof res.req.query.notice === 'string' ? (t.notices[res.req.query.notice] ?? null) : null
    pages.render(res, 'absences', {
      title: t.absences.title,
      nav: 'inbox',
      notice,
      errorSummary: Object.keys(errors).length > 0,
      rows: absences.map((a) => ({
        id: a.id,
        login: a.login,
        from: formatDate(a.from),
        to: formatDate(a.to),
        substitute: a.substitute,
        status: a.current ? t.absences.current : t.absences.planned,
        canCancel: privileged || a.login === me.user.login,
        cancelLabel: format(t.absences.cancelAbsence, { login: a.login, from: formatDate(a.from), to: formatDate(a.to) }),
      })),
      canChoosePerson: privileged,
      person: { ...field('login'), options: people.map((p) => ({ value: p.login, label: `${p.displayName} (${p.login})`, selected: p.login === chosenPerson })) },
      from: field('from'),
      to: field('to'),
      substitute: { ...field('substitute'), options: substitutes.map((p) => ({ value: p.login, label: `${p.displayName} (${p.login})`, selected: p.login === value('substitute') })) },
    }, status)
  }

  router.get('/absences', async (_req, res) => {
    await show(res, {}, {})
  })

  router.post('/absences', async (req, res) => {
    const { t } = ctx(res)
    const { _csrf: _ignored, ...form } = (req.body ?? {}) as Form
    try {
      await recordAbsence(serviceDeps(deps), actor(res), form)
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err
      if (err.code === 'VALIDATION_FAILED') return show(res, form, issueTexts(t, err.fields), 422)
      return pages.error(res, STATUS_BY_CODE[err.code], err.code)
    }
    res.redirect(303, '/absences?notice=absenceRecorded')
  })

  router.post('/absences/:id/cancel', async (req, res) => {
    try {
      await cancelAbsence(serviceDeps(deps), actor(res), req.params.id)
    } catch (err) {
      if (err instanceof ServiceError) return pages.error(res, STATUS_BY_CODE[err.code], err.code)
      throw err
    }
    res.redirect(303, '/absences?notice=absenceCanceled')
  })

  return router
}
