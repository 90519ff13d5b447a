// Adds diagram interchange (shapes and edges) to a BPMN file that has none, keeping every extension element.
// Usage: node scripts/layout-bpmn.mjs in.bpmn out.bpmn
import { readFileSync, writeFileSync } from 'node:fs'
import { layoutProcess } from 'bpmn-auto-layout'

const [input, output] = process.argv.slice(2)
writeFileSync(output ?? input, await layoutProcess(readFileSync(input, 'utf8')))
