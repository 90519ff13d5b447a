// The decision of a benefit case as a document: GET /cases/:id/decision (printable HTML) and
// GET /cases/:id/decision.pdf. Pages: a session is needed (login redirect otherwise), the case must be visible
// to the user like the case page, and every read is audited (decision.read).
import { Router } from 'express'
import { ServiceError } from '../../src/cases/service-error.ts'
import { loadDecision, type DecisionSettings } from '../../src/documents/load-decision.ts'
import { renderDecisionHtml } from '../../src/documents/decision-html.ts'
import { renderDecisionPdf } from '../../src/documents/decision-pdf.ts'
import type { Config } from '../../src/config.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { requirePageAuth } from '../middleware/require-auth.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { STATUS_BY_CODE } from '../respond.ts'
import { actor } from '../request-context.ts'

/** The authority and the place (CENTRE_PLACE; none when empty) printed on decisions. */
export function decisionSettings(config: Readonly<Config>): DecisionSettings {
  const place = config.centrePlace.trim()
  return { centreName: config.centreName, place: place !== '' ? place : null }
}

export function decisionDocumentRoutes(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()
  router.use(['/cases/:id/decision', '/cases/:id/decision.pdf'], requirePageAuth)

  const load = async (caseId: string, res: Parameters<typeof actor>[0], format: 'html' | 'pdf') => {
    try {
      return await loadDecision(serviceDeps(deps), actor(res), caseId, decisionSettings(deps.config), format)
    } catch (err) {
      if (err instanceof ServiceError) {
        pages.error(res, STATUS_BY_CODE[err.code], err.code)
        return null
      }
      throw err
    }
  }

  router.get('/cases/:id/decision', async (req, res) => {
    const doc = await load(req.params.id, res, 'html')
    if (doc) res.type('html').send(renderDecisionHtml(doc, req.params.id))
  })

  router.get('/cases/:id/decision.pdf', async (req, res) => {
    const doc = await load(req.params.id, res, 'pdf')
    if (!doc) return
    const pdf = await renderDecisionPdf(doc, { creationDate: deps.clock.now() })
    const name = `decyzja-${doc.caseNumber.replace(/[^A-Za-z0-9.-]/g, '_')}.pdf`
    res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="${name}"`)
    res.send(pdf)
  })

  return router
}
