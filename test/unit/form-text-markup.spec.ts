// The deployment check for form text that form-js would swallow: it renders a text component's Markdown as HTML,
// so "<id sprawy>" becomes an unknown element and disappears with the rest of the paragraph. The forms in
// processes/forms pass.
import { expect } from 'chai'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { swallowedMarkup, validateFormSchema } from '../../engine/embedded/form-schema.ts'

const FORMS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../processes/forms')
const formWith = (...components: unknown[]) => JSON.stringify({ id: 'test-form', components })

describe('unit: form text that form-js would take for HTML (swallowedMarkup)', () => {
  it('should find the tag when the text holds a placeholder in angle brackets', () => {
    expect(swallowedMarkup('Strona sprawy (/cases/<id sprawy>/decision).')).to.equal('<id sprawy>')
    expect(swallowedMarkup('Wywiad <b>środowiskowy</b>')).to.equal('<b>')
    expect(swallowedMarkup('koniec </p> tekstu')).to.equal('</p>')
  })

  it('should find comments and declarations when they are not closed', () => {
    expect(swallowedMarkup('Uwaga\n<!-- szkic\ndalej')).to.equal('<!-- szkic')
    expect(swallowedMarkup('Tekst <!-- a --> b')).to.equal('<!-- a -->')
    expect(swallowedMarkup('<?xml wersja')).to.equal('<?xml wersja')
  })

  it('should pass the text when its angle brackets are comparisons, autolinks or inside code', () => {
    expect(swallowedMarkup('Dochód < kryterium i wiek > 18')).to.equal(null)
    expect(swallowedMarkup('Kwota <500 zł')).to.equal(null)
    expect(swallowedMarkup('Zobacz <https://www.gov.pl/web/rodzina> lub napisz <ops@example.org>.')).to.equal(null)
    expect(swallowedMarkup('Adres `/cases/<id>/decision` w przeglądarce')).to.equal(null)
    expect(swallowedMarkup('## Nagłówek\nZwykły tekst, bez znaczników.')).to.equal(null)
    expect(swallowedMarkup('a <b bez zamknięcia')).to.equal(null)
  })

  it('should refuse a text component with rule form-text when form-js would swallow part of it', () => {
    const problems = validateFormSchema('test.form', formWith(
      { type: 'text', id: 'Text_intro', text: 'Pełny tekst: (/cases/<id sprawy>/decision).' },
      { type: 'textfield', id: 'Field_a', key: 'a', label: 'A', description: 'Opis <b>bez</b> Markdownu' },
    )).problems
    expect(problems.map((p) => ({ elementId: p.elementId, rule: p.rule }))).to.deep.equal([{ elementId: 'Text_intro', rule: 'form-text' }])
    expect(problems[0].message).to.include('<id sprawy>')
  })

  it('should refuse a text component inside a group when its text holds a tag', () => {
    const problems = validateFormSchema('test.form', formWith(
      { type: 'group', id: 'Group_1', components: [{ type: 'text', id: 'Text_inner', text: 'Wpisz <nazwisko>' }] },
    )).problems
    expect(problems.map((p) => p.rule)).to.deep.equal(['form-text'])
  })

  it('should find no swallowed text when the forms of processes/forms are checked', () => {
    const files = readdirSync(FORMS).filter((f) => f.endsWith('.form'))
    expect(files.length).to.be.greaterThan(10)
    for (const file of files) {
      const problems = validateFormSchema(file, readFileSync(path.join(FORMS, file), 'utf8')).problems
      expect(problems.filter((p) => p.rule === 'form-text'), file).to.deep.equal([])
    }
    // staff get directions, not an address to type (issue 15)
    expect(readFileSync(path.join(FORMS, 'decision-approval.form'), 'utf8')).to.include('odnośnik „Decyzja”').and.not.include('/cases/')
  })
})
