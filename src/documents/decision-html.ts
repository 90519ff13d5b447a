// The decision as a printable HTML page (its own document, not the app layout; styles in /static/decision.css,
// as the CSP allows no inline styles). An isolated Handlebars instance with HTML escaping on.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Handlebars from 'handlebars'
import type { DecisionDocument } from './decision-document.ts'

const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates', 'decision.hbs')

let compiled: Handlebars.TemplateDelegate | undefined

export function renderDecisionHtml(doc: DecisionDocument, caseId: string): string {
  compiled ??= Handlebars.create().compile(readFileSync(TEMPLATE, 'utf8'), { strict: false, preventIndent: true })
  return compiled({ doc, caseId, draft: doc.status === 'draft' })
}
