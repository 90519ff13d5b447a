// Deploying procedures from the API and the editor: managers only; the server-side checks first (nothing is
// deployed when one fails), then engine.deploy with who and why. Every attempt, accepted or not, writes an
// audit event (ids and counts only; the comment stays in ProcessDefinition).
import type { ServiceDeps } from '../cases/deps.ts'
import { DeploymentError, type DeployResource, type DeployResult, type DeploymentProblem } from '../../engine/port.ts'
import type { Actor } from '../users/actor.ts'
import { checkDeployment, type Registries } from './check-deployment.ts'
import type { LintWarning } from './lint-bpmn.ts'
import { audit, requireProcedureManager } from './procedure-access.ts'
import { removeDeployedFormDrafts } from './form-drafts.ts'
import { removeDeployedDrafts } from './process-drafts.ts'
import { MAX_COMMENT_LENGTH } from './upload-limits.ts'

export { audit, requireProcedureManager }

export interface DeploymentRequest {
  files: DeployResource[]
  comment: string | null
}

/** The upload failed the checks; nothing was deployed. */
export class DeploymentRejected extends Error {
  constructor(readonly problems: DeploymentProblem[]) {
    super(`Deployment rejected: ${problems.length} problem(s)`)
    this.name = 'DeploymentRejected'
  }
}

type Deps = Pick<ServiceDeps, 'prisma' | 'engine' | 'clock' | 'logger'> & { registries?: Registries }

/** A comment as stored: trimmed, at most MAX_COMMENT_LENGTH characters, null when empty. */
export function normaliseComment(raw: unknown): string | null {
  if (typeof raw !== 'string') return null
  const trimmed = raw.trim()
  return trimmed === '' ? null : trimmed.slice(0, MAX_COMMENT_LENGTH)
}

const rulesOf = (problems: DeploymentProblem[]) => [...new Set(problems.map((p) => p.rule))].sort().join(',').slice(0, 200)

/** Dry run: the problems (blocking) and lint warnings the upload has, deploying nothing. */
export async function checkProcedures(
  deps: Deps,
  actor: Actor,
  request: DeploymentRequest,
): Promise<{ problems: DeploymentProblem[]; warnings: LintWarning[] }> {
  await requireProcedureManager(deps, actor, 'deployment.check')
  const { problems, warnings } = await checkDeployment(request.files, deps)
  return { problems, warnings }
}

/** Deploys the files as new versions. Throws DeploymentRejected (nothing deployed) when a check fails.
 * `auditDetails` are added to the audit event (e.g. which version a roll-back redeploys). */
export async function deployProcedures(
  deps: Deps,
  actor: Actor,
  request: DeploymentRequest,
  auditDetails: Record<string, string | number> = {},
): Promise<DeployResult & { warnings: LintWarning[] }> {
  await requireProcedureManager(deps, actor, 'deployment')
  const files = request.files.length
  const { problems, warnings } = await checkDeployment(request.files, deps)
  if (problems.length > 0) {
    await audit(deps, actor, { action: 'deployment.rejected', details: { ...auditDetails, files, problems: problems.length, rules: rulesOf(problems) } })
    throw new DeploymentRejected(problems)
  }
  let result: DeployResult
  try {
    result = await deps.engine.deploy(request.files, { deployedBy: actor.user.login, comment: request.comment ?? undefined })
  } catch (err) {
    if (!(err instanceof DeploymentError)) throw err
    await audit(deps, actor, { action: 'deployment.rejected', details: { ...auditDetails, files, problems: err.problems.length, rules: rulesOf(err.problems) } })
    throw new DeploymentRejected(err.problems)
  }
  await removeDeployedDrafts(deps, request.files, result.processes.map((p) => p.processId))
  await removeDeployedFormDrafts(deps, request.files, result.forms.map((f) => f.formId))
  const versions = [...result.processes.map((p) => `${p.processId}:${p.version}${p.duplicate ? '=' : ''}`), ...(result.decisions ?? []).map((d) => `${d.decisionId}:${d.version}${d.duplicate ? '=' : ''}`)]
    .join(',')
    .slice(0, 500)
  await audit(deps, actor, {
    action: 'deployment.create',
    details: { ...auditDetails, files, processes: versions, newVersions: result.processes.filter((p) => !p.duplicate).length, forms: result.forms.length },
  })
  deps.logger.info('procedures deployed', { by: actor.user.id, processes: versions })
  return { ...result, warnings }
}
