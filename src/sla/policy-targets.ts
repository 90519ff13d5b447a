// What an SLA policy can be about, for the policy form's pickers: every deployed procedure by the name of its newest
// version, with the user tasks of that version by name (a manager picks "Rodzinny wywiad środowiskowy", not types
// Task_familyInterview). savePolicyVersion accepts exactly these user tasks (sla-policies.ts checkProcessAndTask).
import type { PrismaClient } from '../generated/prisma/client.ts'

export interface PolicyTarget {
  processId: string
  name: string
  tasks: { id: string; name: string }[]
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e.toLowerCase()]!)

/** The user tasks of a BPMN file, in document order, named by their name (their id when unnamed). */
export function userTasksOf(xml: string): { id: string; name: string }[] {
  const tasks: { id: string; name: string }[] = []
  for (const m of xml.matchAll(/<(?:[\w-]+:)?userTask\b([^>]*)>/g)) {
    const attrs = m[1]!
    const id = /\sid="([^"]+)"/.exec(attrs)?.[1]
    if (!id) continue
    const name = /\sname="([^"]*)"/.exec(attrs)?.[1]
    tasks.push({ id, name: name ? decode(name).replace(/\s+/g, ' ').trim() || id : id })
  }
  return tasks
}

export async function policyTargets(prisma: PrismaClient): Promise<PolicyTarget[]> {
  const newest = await prisma.processDefinition.findMany({
    distinct: ['processId'],
    orderBy: [{ processId: 'asc' }, { version: 'desc' }],
    select: { processId: true, name: true, xml: true },
  })
  return newest
    .map((d) => ({ processId: d.processId, name: d.name || d.processId, tasks: userTasksOf(d.xml) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'pl'))
}
