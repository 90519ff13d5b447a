// The Polish dictionaries of the browser editors (web/client/i18n/): every text keeps its English key's
// {placeholders} (the libraries fill them in), no key is written twice in a dictionary's file (the later one would
// silently win), the translate hook fills placeholders and leaves English to the English page, and every lint
// warning the shipped procedures get has a Polish text.
import { expect } from 'chai'
import { readdirSync, readFileSync } from 'node:fs'
import { bpmnPl } from '../../web/client/i18n/bpmn-pl.js'
import { dmnPl, dmnRenderedPl } from '../../web/client/i18n/dmn-pl.js'
import { formEditorPl } from '../../web/client/i18n/form-pl.js'
import { lintPl, lintTranslator } from '../../web/client/i18n/lint-pl.js'
import { propertiesPanelPl } from '../../web/client/i18n/properties-panel-pl.js'
import { translateModule, translator, withTranslation, writtenTextTranslator } from '../../web/client/i18n/translate.js'
import { lintBpmnText } from '../../src/procedures/lint-bpmn.ts'
import { pl } from '../../web/i18n/pl.ts'

const DICTIONARIES: Record<string, Record<string, string>> = {
  bpmnPl, propertiesPanelPl, dmnPl, dmnRenderedPl, formEditorPl, lintPl, 'pl.taskForm.formJs': pl.taskForm.formJs,
}
const I18N_DIR = new URL('../../web/client/i18n/', import.meta.url)
const PROCESSES = new URL('../../processes/', import.meta.url)

/** Texts that leave a placeholder out on purpose: form-js's pattern is a regular expression, meaningless to the
 * person filling in the form ("Nieprawidłowy format" says enough). */
const DROPS_PLACEHOLDER: Record<string, string[]> = { 'pl.taskForm.formJs': ['Field must match pattern {value}.'] }

const placeholders = (text: string): string[] => [...text.matchAll(/{([^}]+)}/g)].map((m) => m[1]).sort()

describe('unit: the editors\' Polish dictionaries (web/client/i18n)', () => {
  it('should keep the same {placeholders} in every Polish text as in its English key', () => {
    const wrong: string[] = []
    for (const [name, dictionary] of Object.entries(DICTIONARIES)) {
      for (const [key, text] of Object.entries(dictionary)) {
        if (DROPS_PLACEHOLDER[name]?.includes(key)) {
          expect(placeholders(text).filter((p) => !placeholders(key).includes(p)), `${name}: "${key}" invents a placeholder`).to.deep.equal([])
          continue
        }
        if (JSON.stringify(placeholders(key)) !== JSON.stringify(placeholders(text))) wrong.push(`${name}: "${key}" → "${text}"`)
      }
    }
    expect(wrong).to.deep.equal([])
  })

  it('should have Polish texts: none empty, none left equal to a key that is a word of English', () => {
    const same: string[] = []
    for (const [name, dictionary] of Object.entries(DICTIONARIES)) {
      for (const [key, text] of Object.entries(dictionary)) {
        expect(text.trim(), `${name}: "${key}"`).not.to.equal('')
        if (text === key && /[a-z]{3}/i.test(key.replace(/{[^}]+}/g, '')) && !/^(BPMN|Format|Minimum|Separator)$/.test(key)) same.push(`${name}: ${key}`)
      }
    }
    expect(same).to.deep.equal([])
  })

  it('should write no key twice in a dictionary file', () => {
    const twice: string[] = []
    let checked = 0
    for (const file of readdirSync(I18N_DIR).filter((f) => f.endsWith('-pl.js'))) {
      const source = readFileSync(new URL(file, I18N_DIR), 'utf8')
      // each exported object literal on its own
      for (const [, body] of source.matchAll(/export const \w+ = {\n([\s\S]*?)\n}/g)) {
        const keys = [...body.matchAll(/^\s*'((?:\\.|[^'\\])*)':/gm)].map((m) => m[1])
        checked += keys.length
        const seen = new Set<string>()
        for (const key of keys) {
          if (seen.has(key)) twice.push(`${file}: ${key}`)
          seen.add(key)
        }
      }
    }
    expect(checked, 'the keys were found').to.be.greaterThan(500)
    expect(twice).to.deep.equal([])
  })

  it('should translate through the translate hook, filling placeholders, and leave the English page to the libraries', () => {
    const t = translator(bpmnPl)
    expect(t('General')).to.equal('Ogólne')
    expect(t('Implementation')).to.equal('Wykonanie')
    expect(t('Open {element}', { element: 'Podproces' })).to.equal('Otwórz Podproces')
    expect(t('Something new in a later version')).to.equal('Something new in a later version')
    expect(t('Something {x} new', { x: 1 })).to.equal('Something 1 new')
    expect(translateModule(bpmnPl, 'en')).to.equal(null)
    expect(translateModule(bpmnPl, 'pl')?.translate[0]).to.equal('value')
    expect(withTranslation(['a'], bpmnPl, 'en')).to.deep.equal(['a'])
    expect(withTranslation(['a'], bpmnPl, 'pl')).to.have.length(2)
  })

  it('should read back a text the library already filled (tooltips written without the translate hook)', () => {
    const textOf = writtenTextTranslator(propertiesPanelPl)
    expect(textOf('List contains 7 items')).to.equal('Liczba pozycji: 7')
    expect(textOf('Toggle section')).to.equal('Zwiń/rozwiń sekcję')
    expect(textOf('Wniosek o zasiłek')).to.equal(null)
    const formText = writtenTextTranslator(formEditorPl, (value) => formEditorPl[value] ?? value)
    expect(formText('Create a Text field element')).to.equal('Dodaj: Pole tekstowe')
  })

  it('should give every lint warning of the shipped procedures a Polish text', async () => {
    const lintMessage = lintTranslator()
    const missing: string[] = []
    let count = 0
    for (const file of readdirSync(PROCESSES).filter((f) => f.endsWith('.bpmn'))) {
      for (const warning of await lintBpmnText(file, readFileSync(new URL(file, PROCESSES), 'utf8'))) {
        count++
        if (!lintMessage(warning.message)) missing.push(`${file} ${warning.rule}: ${warning.message}`)
      }
    }
    expect(count, 'the shipped diagrams do have lint warnings').to.be.greaterThan(5)
    expect(missing).to.deep.equal([])
  })

  it('should read the Camunda 8 compatibility messages with their names kept', () => {
    const lintMessage = lintTranslator()
    expect(lintMessage('Incoming flows do not join')).to.equal(lintPl['Incoming flows do not join'])
    expect(lintMessage('Element of type <bpmn:UserTask> must have property <formKey>')).to.equal('Element typu <bpmn:UserTask> musi mieć właściwość <formKey>')
    expect(lintMessage('Element of type <bpmn:UserTask> must have property <a> if it has property <b>')).to.equal('Element typu <bpmn:UserTask> musi mieć właściwość <a>, gdy ma właściwość <b>')
    expect(lintMessage('Element of type <bpmn:ServiceTask> must have property <x> or <y>')).to.equal('Element typu <bpmn:ServiceTask> musi mieć właściwość <x> lub <y>')
    expect(lintMessage('Element of type <bpmn:ComplexGateway> only allowed by Camunda 8.9 or newer')).to.equal('Element typu <bpmn:ComplexGateway> jest dozwolony dopiero od Camunda 8.9')
    expect(lintMessage('A message no dictionary knows')).to.equal(null)
  })
})
