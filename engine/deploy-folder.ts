// Reads processes/*.bpmn, processes/*.dmn (decisions) and processes/forms/*.form. The start-up seeds and upgrades
// from them with src/procedures/seed-processes-folder.ts (never over a manager's newer version);
// deployProcessesFolder deploys them all as they are (tests and benchmarks on a fresh database).
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SystemComment } from '../src/procedures/version-comments.ts'
import type { DeployResult, DeployResource, WorkflowEngine } from './port.ts'

export const PROCESSES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../processes')

export async function readProcessResources(dir = PROCESSES_DIR): Promise<DeployResource[]> {
  const resources: DeployResource[] = []
  const formsDir = path.join(dir, 'forms')
  for (const name of (await readdir(formsDir).catch(() => [] as string[])).sort()) {
    if (name.endsWith('.form')) resources.push({ name, content: await readFile(path.join(formsDir, name), 'utf8') })
  }
  for (const name of (await readdir(dir)).sort()) {
    if (name.endsWith('.bpmn') || name.endsWith('.dmn')) resources.push({ name, content: await readFile(path.join(dir, name), 'utf8') })
  }
  return resources
}

/** Deploys every file as it is (unchanged content makes no new version). */
export async function deployProcessesFolder(engine: WorkflowEngine, dir = PROCESSES_DIR): Promise<DeployResult> {
  return engine.deploy(await readProcessResources(dir), { deployedBy: 'system', comment: SystemComment.shipped })
}
