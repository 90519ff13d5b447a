// The procedure pages (managers only): GET /procedures lists procedures, versions (with running cases) and
// drafts, with roll-back buttons, the DMN decision tables with their versions (editor: pages/decisions.ts) and the
// "new procedure from a template" form, and the forms (versions, the user tasks linking each, drafts, "new
// form"; the form editor is pages/form-editor.ts, mounted first); GET /procedures/new opens the
// template in the editor; GET /procedures/:id/edit?version=N|draft=1|shipped=1 opens the bpmn-js editor;
// GET /procedures/:id/diff?from=N&to=M|shipped compares. A shipped version waiting for a manager is shown on the
// list and in the editors (pages/shipped-versions.ts). The editor's data travels in data-* attributes (no inline
// script: the CSP allows scripts from 'self' only).
import { procedureNames } from '../../src/procedures/procedure-names.ts'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { Router, type Response } from 'express'
import { ServiceError } from '../../src/cases/service-error.ts'
import { DeploymentRejected } from '../../src/procedures/deploy-procedures.ts'
import { getDraft, PROCESS_ID_PATTERN } from '../../src/procedures/process-drafts.ts'
import { listForms } from '../../src/procedures/form-versions.ts'
import { requireProcedureManager } from '../../src/procedures/procedure-access.ts'
import { procedureTemplate } from '../../src/procedures/procedure-template.ts'
import { getVersionSource, listProcedures, redeployVersion } from '../../src/procedures/procedure-versions.ts'
import { listDecisions } from '../../src/procedures/decision-versions.ts'
import { diffShipped, diffVersions } from '../../src/procedures/version-diff.ts'
import { getShippedVersion, listShippedVersions, type ShippedVersion } from '../../src/procedures/shipped-versions.ts'
import { commentText } from '../../src/procedures/version-comments.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { formatDateTime } from '../format.ts'
import { format } from '../i18n/index.ts'
import { requirePageAuth } from '../middleware/require-auth.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { actor, auth, ctx } from '../request-context.ts'
import { VIEWS_DIR } from '../views.ts'
import { formEditorPages } from './form-editor.ts'
import { shippedNotice, shippedVersionPages } from './shipped-versions.ts'

const BUILD_DIR = path.join(VIEWS_DIR, '..', 'public', 'build')
const EDITOR_BUNDLE = path.join(BUILD_DIR, 'editor.js')
const DIFF_BUNDLE = path.join(BUILD_DIR, 'diff.js')

const NOTICES = new Set(['redeployed', 'unchanged', 'shipped-taken'])

/** The editor page's CSP: the site's (scripts from 'self' only, no inline script) plus inline styles and data:
 * images, which bpmn-js, the properties panel and CodeMirror (its FEEL fields) add at run time. */
export function editorCsp(siteCsp: string): string {
  return `${siteCsp}; style-src 'self' 'unsafe-inline'; img-src 'self' data:`
}

export function procedurePages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()
  router.use('/procedures', requirePageAuth)
  // the form editor (/procedures/forms/…) before the procedure routes, whose /procedures/:id/… would match
  router.use(formEditorPages(deps, pages, { showListWithFormError: (res, formId, error) => showList(res, { errors: { formId: error }, form: { formId }, status: 422 }) }))
  router.use(shippedVersionPages(deps, pages))

  async function showList(res: Response, extra: { errors?: Record<string, string>; form?: Record<string, string>; notice?: string | null; status?: number } = {}) {
    const { t } = ctx(res)
    const service = serviceDeps(deps)
    const procedures = await listProcedures(service, actor(res))
    const decisions = await listDecisions(service, actor(res))
    const drafts = await deps.db.prisma.processDraft.findMany({ orderBy: { processId: 'asc' } })
    const draftOf = new Map(drafts.map((d) => [d.processId, d]))
    const draftText = (d: { savedAt: Date; savedBy: string }) => format(t.procedures.draft, { at: formatDateTime(d.savedAt), by: d.savedBy })
    const forms = await listForms(service, actor(res))
    const formDrafts = await deps.db.prisma.formDraft.findMany({ orderBy: { formId: 'asc' }, select: { formId: true, savedAt: true, savedBy: true } })
    const formDraftOf = new Map(formDrafts.map((d) => [d.formId, d]))
    const formDraftText = (d: { savedAt: Date; savedBy: string }) => format(t.forms.draft, { at: formatDateTime(d.savedAt), by: d.savedBy })
    const shipped = new Map((await listShippedVersions(service, actor(res))).map((v) => [`${v.kind}:${v.id}`, v]))
    const shippedOf = (kind: ShippedVersion['kind'], id: string) => (shipped.has(`${kind}:${id}`) ? shippedNotice(t, shipped.get(`${kind}:${id}`)!) : null)
    const comment = (c: string | null) => commentText(c, 'definition', t.versionComments)
    pages.render(res, 'procedures', {
      title: t.procedures.title,
      nav: 'procedures',
      notice: extra.notice ?? null,
      errors: extra.errors ?? {},
      form: extra.form ?? {},
      procedures: procedures.map((p) => ({
        id: p.id,
        name: p.name,
        draft: draftOf.has(p.id) ? draftText(draftOf.get(p.id)!) : null,
        shipped: shippedOf('process', p.id),
        versions: p.versions.map((v) => ({
          ...v,
          comment: comment(v.comment),
          latest: v.version === p.latestVersion,
          deployedAtText: formatDateTime(v.deployedAt),
          editLabel: format(t.procedures.editVersion, { version: v.version }),
          redeployLabel: format(t.procedures.redeployVersion, { version: v.version }),
          diffHref: v.version > 1 ? `/procedures/${encodeURIComponent(p.id)}/diff?from=${v.version - 1}&to=${v.version}` : null,
          diffLabel: format(t.procedures.compareVersion, { from: v.version - 1, to: v.version }),
        })),
      })),
      decisions: decisions.map((d) => ({
        id: d.decisionId,
        name: d.name,
        href: `/procedures/decisions/${encodeURIComponent(d.decisionId)}`,
        shipped: shippedOf('decision', d.decisionId),
        versions: d.versions.map((v) => ({
          ...v,
          comment: comment(v.comment),
          latest: v.version === d.latestVersion,
          deployedAtText: formatDateTime(v.deployedAt),
          href: `/procedures/decisions/${encodeURIComponent(d.decisionId)}?version=${v.version}`,
          editLabel: format(t.dmnTables.editVersion, { version: v.version }),
        })),
      })),
      newDrafts: drafts.filter((d) => !procedures.some((p) => p.id === d.processId)).map((d) => ({ id: d.processId, text: draftText(d) })),
      forms: forms.map((f) => ({
        id: f.formId,
        href: `/procedures/forms/${encodeURIComponent(f.formId)}`,
        latestVersion: f.latestVersion,
        draft: formDraftOf.has(f.formId) ? formDraftText(formDraftOf.get(f.formId)!) : null,
        usedBy: f.references.map((r) => ({ ...r, text: format(t.forms.usedBy, { process: r.processName, version: r.processVersion, task: r.taskName }) })),
        versionsCaption: format(t.forms.versionsOf, { id: f.formId }),
        shipped: shippedOf('form', f.formId),
        versions: f.versions.map((v) => ({
          ...v,
          comment: comment(v.comment),
          latest: v.version === f.latestVersion,
          deployedAtText: formatDateTime(v.deployedAt),
          editLabel: format(t.forms.editVersion, { version: v.version, id: f.formId }),
        })),
      })),
      newFormDrafts: formDrafts.filter((d) => !forms.some((f) => f.formId === d.formId)).map((d) => ({ id: d.formId, href: `/procedures/forms/${encodeURIComponent(d.formId)}`, text: formDraftText(d) })),
    }, extra.status ?? 200)
  }

  router.get('/procedures', async (req, res) => {
    const { t } = ctx(res)
    const key = typeof req.query.notice === 'string' && NOTICES.has(req.query.notice) ? req.query.notice : null
    const version = typeof req.query.version === 'string' && /^\d{1,9}$/.test(req.query.version) ? req.query.version : ''
    const notice =
      key === 'redeployed' ? format(t.editorTexts.deployed, { version })
      : key === 'shipped-taken' ? format(t.shipped.taken, { version })
      : key === 'unchanged' ? t.editorTexts.unchanged
      : null
    await showList(res, { notice })
  })

  function renderEditor(
    res: Response,
    view: { processId: string; name: string; resourceName: string; xml: string; subtitle: string; versions: number[]; current: number | null; shipped?: ShippedVersion | null; showingShipped?: boolean },
  ) {
    const { t } = ctx(res)
    const siteCsp = res.getHeader('Content-Security-Policy')
    if (typeof siteCsp === 'string') res.setHeader('Content-Security-Policy', editorCsp(siteCsp))
    pages.render(res, 'procedure-editor', {
      title: format(t.procedures.editorTitle, { name: view.name }),
      nav: 'procedures',
      built: existsSync(EDITOR_BUNDLE),
      subtitle: view.subtitle,
      processId: view.processId,
      resourceName: view.resourceName,
      xml: view.xml,
      csrf: auth(res).csrfToken,
      texts: JSON.stringify({ ...t.editorTexts, versionOf: t.procedures.editorVersion }),
      versions: view.versions.map((v) => ({ version: v, current: v === view.current, href: `/procedures/${encodeURIComponent(view.processId)}/edit?version=${v}` })),
      shipped: view.shipped ? shippedNotice(t, view.shipped, { showingShipped: view.showingShipped }) : null,
    })
  }

  router.get('/procedures/new', async (req, res) => {
    const { t } = ctx(res)
    await requireProcedureManager(serviceDeps(deps), actor(res), 'procedure.new')
    const processId = typeof req.query.processId === 'string' ? req.query.processId.trim() : ''
    const name = typeof req.query.name === 'string' ? req.query.name.trim().slice(0, 200) : ''
    const errors: Record<string, string> = {}
    if (!PROCESS_ID_PATTERN.test(processId)) errors.processId = t.procedures.idInvalid
    else if (await deps.db.prisma.processDefinition.findFirst({ where: { processId }, select: { id: true } })) errors.processId = t.procedures.idTaken
    if (name === '') errors.name = t.procedures.nameRequired
    if (Object.keys(errors).length > 0) return showList(res, { errors, form: { processId, name }, status: 422 })
    const texts = { start: t.procedures.templateStart, task: t.procedures.templateTask, end: t.procedures.templateEnd }
    renderEditor(res, { processId, name, resourceName: `${processId}.bpmn`, xml: procedureTemplate(processId, name, texts), subtitle: t.procedures.editorNew, versions: [], current: null })
  })

  router.get('/procedures/:id/edit', async (req, res) => {
    const { t } = ctx(res)
    const service = serviceDeps(deps)
    const processId = req.params.id
    const wantsDraft = req.query.draft === '1'
    const rawVersion = typeof req.query.version === 'string' && /^[1-9]\d{0,8}$/.test(req.query.version) ? Number(req.query.version) : null
    const draft = await getDraft(service, actor(res), processId)
    let source: Awaited<ReturnType<typeof getVersionSource>> | null = null
    try {
      source = await getVersionSource(service, actor(res), processId, rawVersion)
    } catch (err) {
      if (!(err instanceof ServiceError && err.code === 'NOT_FOUND' && draft && rawVersion === null)) throw err
    }
    const versions = source ? Array.from({ length: source.latestVersion }, (_, i) => source!.latestVersion - i) : []
    const [shipped] = await listShippedVersions(service, actor(res), { kind: 'process', id: processId })
    if (req.query.shipped === '1' && shipped) {
      const { content } = await getShippedVersion(service, actor(res), 'process', processId)
      return renderEditor(res, {
        processId,
        name: source?.name ?? processId,
        resourceName: shipped.fileName,
        xml: content,
        subtitle: format(t.shipped.editorSubtitle, { file: shipped.fileName }),
        versions,
        current: null,
        shipped,
        showingShipped: true,
      })
    }
    if ((wantsDraft || !source) && draft) {
      const subtitle = format(t.procedures.editorDraft, { at: formatDateTime(draft.savedAt), by: draft.savedBy })
      return renderEditor(res, {
        processId,
        name: source?.name ?? processId,
        resourceName: source?.resourceName ?? `${processId}.bpmn`,
        xml: draft.xml,
        subtitle,
        versions,
        current: null,
        shipped,
      })
    }
    renderEditor(res, {
      processId,
      name: source!.name,
      resourceName: source!.resourceName,
      xml: source!.xml,
      subtitle: format(t.procedures.editorVersion, { version: source!.version, latest: source!.latestVersion }),
      versions,
      current: source!.version,
      shipped,
    })
  })

  router.get('/procedures/:id/diff', async (req, res) => {
    const { t } = ctx(res)
    const num = (raw: unknown) => (typeof raw === 'string' && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null)
    const from = num(req.query.from)
    const toShipped = req.query.to === 'shipped'
    const to = toShipped ? null : num(req.query.to)
    if (from === null || (to === null && !toShipped)) return pages.error(res, 404, 'NOT_FOUND')
    const d = to === null ? await diffShipped(serviceDeps(deps), actor(res), req.params.id, from) : await diffVersions(serviceDeps(deps), actor(res), req.params.id, from, to)
    // the procedure by the name its newest version gives it (its id when it has none)
    const name = (await procedureNames(deps.db.prisma, [d.processId])).get(d.processId) || d.processId
    const list = (items: { id: string; type: string; name: string | null }[]) => items.map((i) => ({ ...i, label: i.name ? `${i.name} (${i.id})` : i.id }))
    const siteCsp = res.getHeader('Content-Security-Policy')
    if (typeof siteCsp === 'string') res.setHeader('Content-Security-Policy', editorCsp(siteCsp))
    pages.render(res, 'procedure-diff', {
      title: to === null ? format(t.shipped.diffTitle, { name, from }) : format(t.procedures.diffTitle, { name, from, to }),
      oldLabel: format(t.procedures.diffOld, { version: from }),
      newLabel: to === null ? t.shipped.diffNew : format(t.procedures.diffNew, { version: to }),
      nav: 'procedures',
      built: existsSync(DIFF_BUNDLE),
      processId: d.processId,
      fromXml: d.fromXml,
      toXml: d.toXml,
      changes: JSON.stringify({ added: d.added.map((e) => e.id), removed: d.removed.map((e) => e.id), changed: d.changed.map((e) => e.id), layoutChanged: d.layoutChanged.map((e) => e.id) }),
      added: list(d.added),
      removed: list(d.removed),
      changed: d.changed.map((c) => ({ ...c, label: c.name ? `${c.name} (${c.id})` : c.id, renamed: c.oldName !== null ? format(t.procedures.diffRenamed, { old: c.oldName ?? '' }) : null })),
      moved: list(d.layoutChanged),
      none: d.added.length + d.removed.length + d.changed.length + d.layoutChanged.length === 0,
    })
  })

  router.post('/procedures/:id/versions/:version/redeploy', async (req, res) => {
    const { t } = ctx(res)
    const raw = req.params.version
    if (!/^[1-9]\d{0,8}$/.test(raw)) return pages.error(res, 404, 'NOT_FOUND')
    const version = Number(raw)
    try {
      const result = await redeployVersion(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id, version, format(t.procedures.redeployComment, { version }))
      res.redirect(303, `/procedures?notice=${result.duplicate ? 'unchanged' : 'redeployed'}&version=${result.version}`)
    } catch (err) {
      if (!(err instanceof DeploymentRejected)) throw err
      pages.render(res, 'error', { title: t.errors.title, status: 400, message: `${t.errors.DEPLOYMENT_REJECTED} ${err.problems.map((p) => p.message).join('; ')}` }, 400)
    }
  })

  return router
}
