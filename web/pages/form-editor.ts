// The form editor pages (managers only; mounted by procedurePages, so /procedures/forms/… comes before the
// procedure routes): GET /procedures/forms/new?formId= opens a small template, GET /procedures/forms/:formId
// (?version=N | ?draft=1 | ?shipped=1) opens the newest deployed version, a chosen one, the server draft or the
// shipped version waiting for a manager (shown with its notice) in the form-js editor.
// The editor's data travels in data-* attributes (no inline script: the CSP allows scripts from 'self' only); the
// page widens the CSP for styles and data: images only, like the procedure editor.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { Router, type Response } from 'express'
import { ServiceError } from '../../src/cases/service-error.ts'
import { SUPPORTED_TYPES } from '../../src/inbox/form-schema.ts'
import { formTemplate, getFormDraft } from '../../src/procedures/form-drafts.ts'
import { FORM_ID_PATTERN, getFormSource } from '../../src/procedures/form-versions.ts'
import { requireProcedureManager } from '../../src/procedures/procedure-access.ts'
import { getShippedVersion, listShippedVersions, type ShippedVersion } from '../../src/procedures/shipped-versions.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { formatDateTime } from '../format.ts'
import { format } from '../i18n/index.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { actor, auth, ctx } from '../request-context.ts'
import { VIEWS_DIR } from '../views.ts'
import { editorCsp } from './procedures.ts'
import { shippedNotice } from './shipped-versions.ts'

const FORM_EDITOR_BUNDLE = path.join(VIEWS_DIR, '..', 'public', 'build', 'formEditor.js')

export interface FormEditorListDeps {
  /** Shows the procedures page with the new-form field's error (422). */
  showListWithFormError: (res: Response, formId: string, error: string) => Promise<void>
}

export function formEditorPages(deps: AppDeps, pages: PageRenderer, list: FormEditorListDeps): Router {
  const router = Router()

  function renderEditor(res: Response, view: { formId: string; schema: string; subtitle: string; versions: number[]; current: number | null; shipped?: ShippedVersion | null; showingShipped?: boolean }) {
    const { t } = ctx(res)
    const siteCsp = res.getHeader('Content-Security-Policy')
    if (typeof siteCsp === 'string') res.setHeader('Content-Security-Policy', editorCsp(siteCsp))
    pages.render(res, 'form-editor', {
      title: format(t.forms.editorTitle, { id: view.formId }),
      nav: 'procedures',
      built: existsSync(FORM_EDITOR_BUNDLE),
      subtitle: view.subtitle,
      formId: view.formId,
      latestVersion: view.versions[0] ?? 0,
      supportedTypes: [...SUPPORTED_TYPES].join(','),
      schema: view.schema,
      csrf: auth(res).csrfToken,
      texts: JSON.stringify({ ...Object.fromEntries(Object.entries(t.editorTexts).filter(([k]) => k.startsWith('rule:'))), ...t.formEditorTexts, versionOf: t.forms.editorVersion }),
      versions: view.versions.map((v) => ({ version: v, current: v === view.current, href: `/procedures/forms/${encodeURIComponent(view.formId)}?version=${v}` })),
      shipped: view.shipped ? shippedNotice(t, view.shipped, { showingShipped: view.showingShipped }) : null,
    })
  }

  router.get('/procedures/forms/new', async (req, res) => {
    const { t } = ctx(res)
    await requireProcedureManager(serviceDeps(deps), actor(res), 'form.new')
    const formId = typeof req.query.formId === 'string' ? req.query.formId.trim() : ''
    if (!FORM_ID_PATTERN.test(formId)) return list.showListWithFormError(res, formId, t.forms.idInvalid)
    if (await deps.db.prisma.formDefinition.findFirst({ where: { formId }, select: { id: true } })) {
      return list.showListWithFormError(res, formId, t.forms.idTaken)
    }
    const schema = formTemplate(formId, { heading: t.forms.templateHeading, field: t.forms.templateField })
    renderEditor(res, { formId, schema, subtitle: t.forms.editorNew, versions: [], current: null })
  })

  router.get('/procedures/forms/:formId', async (req, res) => {
    const { t } = ctx(res)
    const service = serviceDeps(deps)
    const formId = req.params.formId
    const wantsDraft = req.query.draft === '1'
    const rawVersion = typeof req.query.version === 'string' && /^[1-9]\d{0,8}$/.test(req.query.version) ? Number(req.query.version) : null
    const draft = await getFormDraft(service, actor(res), formId)
    let source: Awaited<ReturnType<typeof getFormSource>> | null = null
    try {
      source = await getFormSource(service, actor(res), formId, rawVersion)
    } catch (err) {
      if (!(err instanceof ServiceError && err.code === 'NOT_FOUND' && draft && rawVersion === null)) throw err
    }
    const versions = source ? Array.from({ length: source.latestVersion }, (_, i) => source!.latestVersion - i) : []
    const [shipped] = await listShippedVersions(service, actor(res), { kind: 'form', id: formId })
    if (req.query.shipped === '1' && shipped) {
      const { content } = await getShippedVersion(service, actor(res), 'form', formId)
      const subtitle = format(t.shipped.editorSubtitle, { file: shipped.fileName })
      return renderEditor(res, { formId, schema: content, subtitle, versions, current: null, shipped, showingShipped: true })
    }
    if ((wantsDraft || !source) && draft) {
      const subtitle = format(t.forms.editorDraft, { at: formatDateTime(draft.savedAt), by: draft.savedBy })
      return renderEditor(res, { formId, schema: draft.schema, subtitle, versions, current: null, shipped })
    }
    renderEditor(res, {
      formId,
      schema: source!.schema,
      subtitle: format(t.forms.editorVersion, { version: source!.version, latest: source!.latestVersion }),
      versions,
      current: source!.version,
      shipped,
    })
  })

  return router
}
