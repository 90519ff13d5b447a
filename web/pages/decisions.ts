// GET /procedures/decisions/:decisionId[?version=N | ?shipped=1] (managers only): the dmn-js decision table editor
// on one deployed version of a DMN decision (or the shipped version waiting for a manager, with its notice); check and deploy go through /api/deployments(/check) like the BPMN editor.
// Data in data-* attributes (no inline script: the CSP allows scripts from 'self' only).
import { existsSync } from 'node:fs'
import path from 'node:path'
import { Router } from 'express'
import { getDecisionSource } from '../../src/procedures/decision-versions.ts'
import { getShippedVersion, listShippedVersions } from '../../src/procedures/shipped-versions.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { format } from '../i18n/index.ts'
import { requirePageAuth } from '../middleware/require-auth.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { actor, auth, ctx } from '../request-context.ts'
import { VIEWS_DIR } from '../views.ts'
import { editorCsp } from './procedures.ts'
import { shippedNotice } from './shipped-versions.ts'

const DMN_BUNDLE = path.join(VIEWS_DIR, '..', 'public', 'build', 'dmn-editor.js')

export function decisionPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()
  router.use('/procedures/decisions', requirePageAuth)

  router.get('/procedures/decisions/:decisionId', async (req, res) => {
    const { t } = ctx(res)
    const rawVersion = typeof req.query.version === 'string' && /^[1-9]\d{0,8}$/.test(req.query.version) ? Number(req.query.version) : null
    const service = serviceDeps(deps)
    const source = await getDecisionSource(service, actor(res), req.params.decisionId, rawVersion)
    const [shipped] = await listShippedVersions(service, actor(res), { kind: 'decision', id: source.decisionId })
    const showingShipped = req.query.shipped === '1' && shipped !== undefined
    const shippedXml = showingShipped ? (await getShippedVersion(service, actor(res), 'decision', source.decisionId)).content : null
    const siteCsp = res.getHeader('Content-Security-Policy')
    if (typeof siteCsp === 'string') res.setHeader('Content-Security-Policy', editorCsp(siteCsp))
    const base = `/procedures/decisions/${encodeURIComponent(source.decisionId)}`
    pages.render(res, 'decision-editor', {
      title: format(t.dmnTables.editorTitle, { name: source.name }),
      nav: 'procedures',
      built: existsSync(DMN_BUNDLE),
      subtitle: shippedXml !== null ? format(t.shipped.editorSubtitle, { file: shipped!.fileName }) : format(t.dmnTables.editorVersion, { version: source.version, latest: source.latestVersion }),
      decisionId: source.decisionId,
      resourceName: shippedXml !== null ? shipped!.fileName : source.resourceName,
      xml: shippedXml ?? source.xml,
      csrf: auth(res).csrfToken,
      texts: JSON.stringify({ ...t.editorTexts, ...t.dmnEditorTexts, versionOf: t.dmnTables.editorVersion }),
      versions: Array.from({ length: source.latestVersion }, (_, i) => source.latestVersion - i).map((v) => ({
        version: v,
        current: shippedXml === null && v === source.version,
        href: `${base}?version=${v}`,
      })),
      shipped: shipped ? shippedNotice(t, shipped, { showingShipped }) : null,
    })
  })
  return router
}
