// The case page's forms for what happens to a decision outside the centre: delivery, an appeal filed through the
// centre, the appeal board's ruling. Each calls the same service as the JSON API (src/benefits/decision-events.ts)
// and comes back to the case page with a notice.
import { Router, type Request, type Response } from 'express'
import { recordAppeal, recordDelivery, recordSkoRuling, type DecisionEventResult } from '../../src/benefits/decision-events.ts'
import { ServiceError } from '../../src/cases/service-error.ts'
import type { Actor } from '../../src/users/actor.ts'
import type { ServiceDeps } from '../../src/cases/deps.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { STATUS_BY_CODE } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'

type Recorder = (deps: ServiceDeps, actor: Actor, caseId: string, body: unknown) => Promise<DecisionEventResult>

const EVENTS: Record<string, Recorder> = {
  delivery: recordDelivery,
  appeal: recordAppeal,
  'sko-ruling': recordSkoRuling,
}

export function caseDecisionEventPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()
  for (const [path, record] of Object.entries(EVENTS)) {
    router.post(`/cases/:id/${path}`, async (req: Request<{ id: string }>, res: Response) => {
      const caseId = req.params.id
      const back = (notice: string) => res.redirect(303, `/cases/${encodeURIComponent(caseId)}?notice=${notice}`)
      try {
        const result = await record(serviceDeps(deps, ctx(res).logger), actor(res), caseId, req.body ?? {})
        return back(result.ok ? 'decisionEventRecorded' : 'decisionEventNotWaiting')
      } catch (err) {
        if (err instanceof ServiceError && err.code === 'VALIDATION_FAILED') return back('decisionEventInvalid')
        if (err instanceof ServiceError) return pages.error(res, STATUS_BY_CODE[err.code], err.code)
        throw err
      }
    })
  }
  return router
}
