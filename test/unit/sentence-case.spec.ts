// Sentence case in the text staff read (issue 15): headings, buttons, menu items, table headers and form labels
// capitalise their first word only ("Zarejestruj wniosek", not "Zarejestruj Wniosek"; "Register application").
// A capital inside a sentence is allowed for proper names and acronyms (Niebieska Karta, "Za życiem", ZUS, SKO,
// Camunda), for the polite "Ty" forms of Polish (Twój, Ci) and inside quotes (the name of a button or field).
import { expect } from 'chai'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pl } from '../../web/i18n/pl.ts'
import { en } from '../../web/i18n/en.ts'
import { PROCESSES_DIR } from '../../engine/deploy-folder.ts'

const PROPER_PL = new Set([
  // proper names: the Blue Card procedure and its forms, institutions and acts, products, a protocol header
  'Niebieska', 'Karta', 'Policja', 'Policji', 'Żandarmeria', 'Wojskowa', 'Straż', 'Graniczna', 'Kodeksu', 'Camunda', 'Forms', 'JavaScriptu', 'Idempotency-Key',
  // the polite forms of address
  'Ci', 'Ciebie', 'Twój', 'Twojego', 'Twojej', 'Twoich', 'Twoim',
])
const PROPER_EN = new Set(['Blue', 'Card', 'Camunda', 'Forms', 'JavaScript', 'Idempotency-Key'])

/** The words of a text that start with a capital in the middle of a sentence, not allowed by `proper`. */
function midSentenceCapitals(text: string, proper: Set<string>): string[] {
  const found: string[] = []
  for (const line of text.split('\n')) {
    const tokens = line.split(/\s+/).filter((t) => t !== '')
    for (const [i, token] of tokens.entries()) {
      if (i === 0) continue
      const previous = tokens[i - 1]
      if (/^[„"«'(\[{*#]/.test(token) || /[.!?:;…—–-]$|^#+$|^[-*]$/.test(previous) || /[„"«]$/.test(previous)) continue
      const word = token.replace(/[,.;:!?”"»)]+$/, '')
      if (!/^\p{Lu}/u.test(word) || !/\p{Ll}/u.test(word) || /^\p{Lu}{2,}/u.test(word)) continue
      if (proper.has(word) || proper.has(token)) continue
      found.push(word)
    }
  }
  return found
}

/** Every string of a nested message object, with its key path. */
function strings(value: unknown, at = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[at, value]]
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k))
  return []
}

/** Every label, text and description of the shipped task forms. */
function formTexts(): Array<[string, string]> {
  const dir = path.join(PROCESSES_DIR, 'forms')
  const out: Array<[string, string]> = []
  const walk = (file: string, node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) walk(file, item)
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string' && ['label', 'text', 'description', 'title'].includes(key)) out.push([`${file} ${key}`, value])
        else walk(file, value)
      }
    }
  }
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.form'))) walk(file, JSON.parse(readFileSync(path.join(dir, file), 'utf8')))
  return out
}

const offenders = (texts: Array<[string, string]>, proper: Set<string>) =>
  texts.flatMap(([where, text]) => midSentenceCapitals(text, proper).map((word) => `${where}: "${word}" in ${JSON.stringify(text.slice(0, 80))}`))

describe('unit: sentence case of the text staff read (pl.ts, en.ts, task forms)', () => {
  it('should find a capital in mid-sentence when a label is written in title case', () => {
    expect(midSentenceCapitals('Zarejestruj Wniosek', PROPER_PL)).to.deep.equal(['Wniosek'])
    expect(midSentenceCapitals('Register New Application', PROPER_EN)).to.deep.equal(['New', 'Application'])
  })

  it('should allow proper names, acronyms, polite forms, quoted names and new sentences when they are capitalised', () => {
    expect(midSentenceCapitals('Procedura Niebieska Karta i wniosek do ZUS', PROPER_PL)).to.deep.equal([])
    expect(midSentenceCapitals('Nowe zadanie w Twojej grupie. Kliknij „Zapisz szkic”: Gotowe', PROPER_PL)).to.deep.equal([])
  })

  it('should have no capital in mid-sentence in any Polish message when checking pl.ts', () => {
    const found = offenders(strings(pl), PROPER_PL)
    expect(found, found.join('\n')).to.deep.equal([])
  })

  it('should have no capital in mid-sentence in any English message when checking en.ts', () => {
    const found = offenders(strings(en), PROPER_EN)
    expect(found, found.join('\n')).to.deep.equal([])
  })

  it('should have no capital in mid-sentence in any label or text when checking the shipped task forms', () => {
    const found = offenders(formTexts(), PROPER_PL)
    expect(found, found.join('\n')).to.deep.equal([])
  })
})
