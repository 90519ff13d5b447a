// canonicalChecksum (src/procedures/canonical-content.ts): a file and a re-serialisation of it that means and draws
// the same — bpmn-moddle's toXML as bpmn-js's saveXML does it, shapes in another order, other namespace prefixes,
// attributes in another order, explicit default values, a form with sorted keys and a newer schemaVersion — have
// one checksum; a change of meaning or of layout gives another. Checked on the shipped files of processes/.
import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { BpmnModdle } from 'bpmn-moddle'
import { DmnModdle } from 'dmn-moddle'
import { createRequire } from 'node:module'
import { createHash } from 'node:crypto'
import { canonicalChecksum, canonicalResource, isCanonicalChecksum, matchesChecksum } from '../../src/procedures/canonical-content.ts'
import { PROCESSES_DIR } from '../../engine/deploy-folder.ts'

const require = createRequire(import.meta.url)
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json')
const shipped = (name: string) => readFileSync(path.join(PROCESSES_DIR, name), 'utf8')
const BENEFIT = 'benefit-application.bpmn'

/** The file parsed and written again by bpmn-moddle (what bpmn-js's saveXML does), optionally edited in between. */
async function reserialised(content: string, options: { format?: boolean; edit?: (definitions: any) => void } = {}): Promise<string> {
  const moddle = new BpmnModdle({ zeebe })
  const { rootElement } = await moddle.fromXML(content)
  options.edit?.(rootElement)
  return (await moddle.toXML(rootElement, { format: options.format ?? false })).xml
}

const processOf = (definitions: any) => definitions.rootElements.find((r: any) => r.$type === 'bpmn:Process')
const flowElement = (definitions: any, id: string) => processOf(definitions).flowElements.find((e: any) => e.id === id)
const shape = (definitions: any, id: string) => definitions.diagrams[0].plane.planeElement.find((e: any) => e.bpmnElement?.id === id)

describe('unit: canonical checksum of deployable files (canonical-content.ts)', () => {
  describe('BPMN', () => {
    it('should give the same checksum when the shipped file is written again by bpmn-moddle without formatting and with its shapes in reverse order', async () => {
      // given
      const original = shipped(BENEFIT)
      const written = await reserialised(original, { edit: (d) => d.diagrams[0].plane.planeElement.reverse() })
      // then: the texts differ, the checksums do not
      expect(written).not.to.equal(original)
      expect(await canonicalChecksum(BENEFIT, written)).to.equal(await canonicalChecksum(BENEFIT, original))
    })

    it('should give the same checksum when the namespace prefixes, attribute order, spacing and writing tool differ and a default value is written out', async () => {
      const a = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="x">
  <bpmn:process id="p" name="P" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Gw" />
    <bpmn:exclusiveGateway id="Gw" default="f3" />
    <bpmn:sequenceFlow id="f2" sourceRef="Gw" targetRef="End"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount &gt; 0</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f3" sourceRef="Gw" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`
      const b = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:z="http://camunda.org/schema/zeebe/1.0" targetNamespace="x" id="D" exporter="Camunda Modeler" exporterVersion="5.40.0"><process isExecutable="true" name="P" id="p"><startEvent id="Start" isInterrupting="true"/><sequenceFlow targetRef="Gw" sourceRef="Start" id="f1"/><exclusiveGateway default="f3" id="Gw"/><sequenceFlow targetRef="End" sourceRef="Gw" id="f2"><conditionExpression i:type="tFormalExpression">=amount &gt; 0</conditionExpression></sequenceFlow><sequenceFlow id="f3" sourceRef="Gw" targetRef="End"/><endEvent id="End"/></process></definitions>`
      expect(await canonicalChecksum('p.bpmn', b)).to.equal(await canonicalChecksum('p.bpmn', a))
    })

    it('should give another checksum when a name, a job type or a condition changes', async () => {
      const original = shipped(BENEFIT)
      const base = await canonicalChecksum(BENEFIT, original)
      const renamed = await reserialised(original, { edit: (d) => (flowElement(d, 'Task_familyInterview').name = 'Wywiad (RWŚ)') })
      const retyped = await reserialised(original, {
        edit: (d) => {
          const task = processOf(d).flowElements.find((e: any) => e.$type === 'bpmn:ServiceTask')
          task.extensionElements.values.find((v: any) => v.$type === 'zeebe:TaskDefinition').type = 'another-job'
        },
      })
      const condition = await reserialised(original, {
        edit: (d) => {
          const conditional = processOf(d).flowElements.find((e: any) => e.conditionExpression)
          conditional.conditionExpression.body = `${conditional.conditionExpression.body} and true`
        },
      })
      for (const changed of [renamed, retyped, condition]) expect(await canonicalChecksum(BENEFIT, changed)).not.to.equal(base)
    })

    it('should give another checksum when an element is moved on the diagram (a layout change is a change)', async () => {
      const original = shipped(BENEFIT)
      const moved = await reserialised(original, { format: true, edit: (d) => (shape(d, 'Task_familyInterview').bounds.x += 40) })
      expect(await canonicalChecksum(BENEFIT, moved)).not.to.equal(await canonicalChecksum(BENEFIT, original))
    })

    it('should name the processes a file defines', async () => {
      expect(await canonicalResource(BENEFIT, shipped(BENEFIT))).to.include({ kind: 'process' }).and.to.have.deep.property('ids', ['benefit-application'])
    })

    it('should reject a file that is not XML', async () => {
      let failed = false
      await canonicalChecksum('x.bpmn', '<bpmn:definitions').catch(() => (failed = true))
      expect(failed).to.equal(true)
    })
  })

  describe('DMN', () => {
    it('should give the same checksum when dmn-moddle writes the shipped table again without the default hit policy', async () => {
      const original = shipped('income-criteria.dmn')
      const moddle = new DmnModdle()
      const { rootElement } = await moddle.fromXML(original, 'dmn:Definitions')
      const table = (rootElement as any).drgElement[0].decisionLogic
      expect(table.hitPolicy).to.equal('UNIQUE')
      delete table.hitPolicy // what dmn-js does with the default value
      const { xml } = await moddle.toXML(rootElement, { format: false })
      expect(xml).not.to.include('hitPolicy')
      expect(await canonicalChecksum('income-criteria.dmn', xml)).to.equal(await canonicalChecksum('income-criteria.dmn', original))
      expect(await canonicalResource('income-criteria.dmn', original)).to.have.deep.property('ids', ['income-criteria'])
    })

    it('should give another checksum when a rule changes', async () => {
      const original = shipped('income-criteria.dmn')
      const moddle = new DmnModdle()
      const { rootElement } = await moddle.fromXML(original, 'dmn:Definitions')
      const entry = (rootElement as any).drgElement[0].decisionLogic.rule[0].outputEntry[0]
      entry.text = `${entry.text} + 1`
      const { xml } = await moddle.toXML(rootElement, { format: true })
      expect(await canonicalChecksum('income-criteria.dmn', xml)).not.to.equal(await canonicalChecksum('income-criteria.dmn', original))
    })
  })

  describe('forms', () => {
    it('should give the same checksum when the keys are in another order, the spacing differs and form-js wrote a newer schemaVersion', async () => {
      const original = shipped('forms/family-interview.form')
      const schema = JSON.parse(original)
      const reordered = Object.fromEntries(Object.entries({ ...schema, schemaVersion: 19, exporter: { name: 'form-js', version: '1.23.0' } }).reverse())
      expect(await canonicalChecksum('family-interview.form', JSON.stringify(reordered))).to.equal(await canonicalChecksum('family-interview.form', original))
    })

    it('should give another checksum when a label changes', async () => {
      const original = shipped('forms/family-interview.form')
      const schema = JSON.parse(original)
      const field = schema.components.find((c: { label?: string }) => c.label)
      field.label = `${field.label}!`
      expect(await canonicalChecksum('family-interview.form', JSON.stringify(schema))).not.to.equal(await canonicalChecksum('family-interview.form', original))
    })
  })

  describe('versions stored before canonical checksums', () => {
    it('should compare by content when the stored checksum is a plain sha256 of the text, and by checksum otherwise', async () => {
      const original = shipped(BENEFIT)
      const canonical = await canonicalChecksum(BENEFIT, original)
      const legacy = createHash('sha256').update(original).digest('hex')
      expect(isCanonicalChecksum(canonical)).to.equal(true)
      expect(isCanonicalChecksum(legacy)).to.equal(false)
      expect(await matchesChecksum({ checksum: legacy, resource: () => ({ name: BENEFIT, content: original }) }, canonical)).to.equal(true)
      let read = false
      const other = await matchesChecksum({ checksum: `canon1:${'0'.repeat(64)}`, resource: () => ((read = true), { name: BENEFIT, content: original }) }, canonical)
      expect(other).to.equal(false)
      expect(read, 'a canonical checksum is compared as it is').to.equal(false)
    })
  })
})
