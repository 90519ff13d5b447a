// Re-draws the shipped diagrams from their hand-made plans (scripts/diagram-layout/<procedure>.mjs): only the
// <bpmndi:BPMNDiagram> section of each processes/<procedure>.bpmn is replaced, the process part stays byte for byte.
// Usage: node scripts/layout-shipped-diagrams.mjs [procedure ...]
import { readFileSync, writeFileSync } from 'node:fs'
import { layoutDiagram } from './diagram-layout/layout-diagram.mjs'

const ALL = ['benefit-application', 'blue-card', 'crisis-intervention', 'family-assistant', 'municipal-funeral', 'za-zyciem-coordination']
const SECTION = /<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/

for (const name of process.argv.slice(2).length ? process.argv.slice(2) : ALL) {
  const file = new URL(`../processes/${name}.bpmn`, import.meta.url)
  const xml = readFileSync(file, 'utf8')
  const { default: plan } = await import(`./diagram-layout/${name}.mjs`)
  const section = await layoutDiagram(xml, plan)
  writeFileSync(file, xml.replace(SECTION, () => section))
}
