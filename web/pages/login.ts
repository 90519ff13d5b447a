// The login page and logout. The login form has its own CSRF check (double submit: a random value in a
// SameSite=Strict cookie and in the form), since there is no session yet.
import { Router, type Request, type Response } from 'express'
import { randomToken } from '../../src/users/sessions.ts'
import type { AppDeps } from '../app-deps.ts'
import { LOGIN_CSRF_COOKIE, readCookie } from '../cookies.ts'
import { tokensMatch } from '../middleware/csrf.ts'
import { requirePageAuth, safeReturnPath } from '../middleware/require-auth.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { ctx } from '../request-context.ts'
import { signIn, signOut } from '../session-cookie.ts'

export function loginPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()

  function showForm(req: Request, res: Response, options: { status?: number; error?: string; login?: string } = {}): void {
    let token = readCookie(req, LOGIN_CSRF_COOKIE)
    if (!token || token.length > 100) {
      token = randomToken()
      res.cookie(LOGIN_CSRF_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.config.nodeEnv === 'production',
        path: '/login',
        maxAge: 3_600_000,
      })
    }
    const { t } = ctx(res)
    pages.render(res, 'login', {
      title: t.login.title,
      loginToken: token,
      next: safeReturnPath(req.query.next ?? req.body?.next, ''),
      login: options.login ?? '',
      error: options.error ?? null,
    }, options.status)
  }

  router.get('/login', (req, res) => {
    if (ctx(res).auth) return res.redirect(303, '/inbox')
    showForm(req, res)
  })

  router.post('/login', async (req, res) => {
    const { t } = ctx(res)
    const body = (req.body ?? {}) as Record<string, unknown>
    const login = typeof body.login === 'string' ? body.login.slice(0, 100) : ''
    const password = typeof body.password === 'string' ? body.password : ''
    const cookieToken = readCookie(req, LOGIN_CSRF_COOKIE)
    if (!cookieToken || !tokensMatch(cookieToken, body.loginToken)) {
      return showForm(req, res, { status: 403, error: t.login.expired, login })
    }
    if (login === '' || password === '') return showForm(req, res, { status: 401, error: t.login.invalid, login })
    const result = await signIn(deps, res, login, password)
    if (result.ok) return res.redirect(303, safeReturnPath(body.next, '/inbox'))
    if (result.reason === 'rate-limited') return showForm(req, res, { status: 429, error: t.login.rateLimited, login })
    showForm(req, res, { status: 401, error: t.login.invalid, login })
  })

  router.post('/logout', requirePageAuth, async (_req, res) => {
    await signOut(deps, res)
    res.redirect(303, '/login')
  })

  return router
}
