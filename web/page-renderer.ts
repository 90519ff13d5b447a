// Renders a page with what every page needs: texts, locale, the user, the CSRF token and the language switch.
import type { Response } from 'express'
import type { Config } from '../src/config.ts'
import { canManageProcedures } from '../src/procedures/procedure-access.ts'
import { mayRegisterAny } from '../src/cases/registration-access.ts'
import { isPrivileged } from '../src/users/groups.ts'
import { hasControlCharacter } from './input-problems.ts'
import { ctx } from './request-context.ts'
import type { Views } from './views.ts'

export interface PageRenderer {
  render(res: Response, view: string, context: Record<string, unknown>, status?: number): void
  /** An error page; `fields` (field → message) are listed under the message. */
  error(res: Response, status: number, code: string, fields?: Record<string, string>): void
}

export function createPageRenderer(views: Views, config: Pick<Config, 'centreName'>): PageRenderer {
  function render(res: Response, view: string, context: Record<string, unknown>, status = 200): void {
    const { t, locale, auth } = ctx(res)
    const req = res.req
    const otherLocale = t.common.switchLanguageHref
    const query = new URLSearchParams()
    for (const [key, value] of Object.entries(req.query)) {
      if (typeof value === 'string' && !hasControlCharacter(key) && !hasControlCharacter(value)) query.set(key, value)
    }
    query.set('lang', otherLocale)
    const langPath = req.method === 'GET' ? req.path : '/inbox'
    const html = views.render(view, {
      ...context,
      t,
      locale,
      centreName: config.centreName,
      user: auth?.user ?? null,
      canManageProcedures: auth ? canManageProcedures(auth.user) : false,
      canSeeSla: auth ? isPrivileged(auth.user.groups) : false,
      canRegister: auth ? mayRegisterAny(auth.user) : false,
      csrfToken: auth?.csrfToken ?? null,
      langHref: `${langPath}?${query.toString()}`,
      currentPath: req.originalUrl,
    })
    res.status(status).type('html').send(html)
  }
  return {
    render,
    error(res, status, code, fields) {
      const { t } = ctx(res)
      const fieldList = fields ? Object.entries(fields).map(([field, message]) => ({ field, message })) : []
      render(res, 'error', { title: t.errors.title, status, message: t.errors[code] ?? t.errors.INTERNAL, fields: fieldList }, status)
    },
  }
}
