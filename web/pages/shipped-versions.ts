// Shipped versions waiting for a manager, on the pages (managers only): the notice the procedure list and the
// editors show (shippedNotice: partials/shipped-notice.hbs) and POST /procedures/shipped/:kind/:id/take (CSRF
// token in the form), which deploys the shipped version as a new version and goes back to the procedure list.
import { Router } from 'express'
import type { ResourceKind } from '../../src/procedures/canonical-content.ts'
import { DeploymentRejected } from '../../src/procedures/deploy-procedures.ts'
import { isShippedKind, takeShippedVersion, type ShippedVersion } from '../../src/procedures/shipped-versions.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { formatDateTime } from '../format.ts'
import { format, type Messages } from '../i18n/index.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { actor, ctx } from '../request-context.ts'

export interface ShippedNoticeView {
  kind: ResourceKind
  id: string
  text: string
  compareHref: string | null
  compareLabel: string | null
  /** null on the page that already shows the shipped version */
  openHref: string | null
  takeAction: string
  takeLabel: string
}

/** Where each kind's editor is. */
export function editorHref(kind: ResourceKind, id: string): string {
  const encoded = encodeURIComponent(id)
  return kind === 'process' ? `/procedures/${encoded}/edit` : kind === 'form' ? `/procedures/forms/${encoded}` : `/procedures/decisions/${encoded}`
}

/** Where the procedure list shows it. */
function listAnchor(kind: ResourceKind, id: string): string {
  return kind === 'process' ? `#proc-${id}` : kind === 'form' ? `#form-${id}` : `#decision-${id}`
}

export function shippedNotice(t: Messages, shipped: ShippedVersion, options: { showingShipped?: boolean } = {}): ShippedNoticeView {
  const id = encodeURIComponent(shipped.id)
  const diffable = shipped.kind === 'process' && shipped.latestVersion !== null
  return {
    kind: shipped.kind,
    id: shipped.id,
    text: format(t.shipped.notice, { file: shipped.fileName, at: formatDateTime(shipped.readAt), version: shipped.latestVersion ?? '–', by: shipped.latestDeployedBy ?? t.common.none }),
    compareHref: diffable ? `/procedures/${id}/diff?from=${shipped.latestVersion}&to=shipped` : null,
    compareLabel: diffable ? format(t.shipped.compare, { version: shipped.latestVersion! }) : null,
    openHref: options.showingShipped ? null : `${editorHref(shipped.kind, shipped.id)}?shipped=1`,
    takeAction: `/procedures/shipped/${shipped.kind}/${id}/take`,
    takeLabel: format(t.shipped.takeLabel, { id: shipped.id }),
  }
}

export function shippedVersionPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()
  router.post('/procedures/shipped/:kind/:id/take', async (req, res) => {
    const { t } = ctx(res)
    const { kind, id } = req.params
    if (!isShippedKind(kind)) return pages.error(res, 404, 'NOT_FOUND')
    try {
      const taken = await takeShippedVersion(serviceDeps(deps, ctx(res).logger), actor(res), kind, id, null)
      res.redirect(303, `/procedures?notice=${taken.duplicate ? 'unchanged' : 'shipped-taken'}&version=${taken.version}${listAnchor(kind, encodeURIComponent(id))}`)
    } catch (err) {
      if (!(err instanceof DeploymentRejected)) throw err
      pages.render(res, 'error', { title: t.errors.title, status: 400, message: `${t.errors.DEPLOYMENT_REJECTED} ${err.problems.map((p) => p.message).join('; ')}` }, 400)
    }
  })
  return router
}
