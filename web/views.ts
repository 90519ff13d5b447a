// Handlebars views: every *.hbs in views/ is a page, views/partials/*.hbs are partials, views/layout.hbs wraps
// pages ({{{body}}} is the only triple-stash). An isolated Handlebars instance with HTML escaping on.
// Templates are compiled once, when the app is created.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Handlebars from 'handlebars'
import { format } from './i18n/index.ts'
import { formatDate, formatDateTime } from './format.ts'

export const VIEWS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'views')

export interface Views {
  /** Renders a page inside the layout. */
  render(page: string, context: Record<string, unknown>): string
}

type Template = Handlebars.TemplateDelegate

export function createViews(dir: string = VIEWS_DIR): Views {
  const hbs = Handlebars.create()
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b)
  hbs.registerHelper('date', (value: unknown) => formatDate(value as string | Date | null))
  hbs.registerHelper('datetime', (value: unknown) => formatDateTime(value as string | Date | null))
  hbs.registerHelper('fmt', (template: unknown, options: Handlebars.HelperOptions) =>
    format(String(template ?? ''), options.hash as Record<string, string | number>),
  )

  const partialsDir = path.join(dir, 'partials')
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(path.basename(file, '.hbs'), readFileSync(path.join(partialsDir, file), 'utf8'))
  }
  const compile = (file: string): Template =>
    hbs.compile(readFileSync(path.join(dir, file), 'utf8'), { strict: false, preventIndent: true })
  const layout = compile('layout.hbs')
  const pages = new Map<string, Template>()
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs') && f !== 'layout.hbs')) {
    pages.set(path.basename(file, '.hbs'), compile(file))
  }

  return {
    render(page, context) {
      const template = pages.get(page)
      if (!template) throw new Error(`no view named ${page}`)
      return layout({ ...context, body: template(context) })
    },
  }
}
