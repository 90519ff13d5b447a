// The inbox API: list, read, claim, unclaim, complete.
import { Router } from 'express'
import { claimTask, unclaimTask } from '../../inbox/claim-task.ts'
import { completeTask } from '../../inbox/complete-task.ts'
import { getTask } from '../../inbox/get-task.ts'
import { listTasks } from '../../inbox/list-tasks.ts'
import type { Task } from '../../generated/prisma/client.ts'
import { toTaskSummary } from '../../inbox/task-view.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { sendApiError } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'

/** The detail shape: the summary plus what a client needs to work on the task. */
export function taskDetail(task: Task) {
  return {
    ...toTaskSummary(task),
    candidateUsers: task.candidateUsers,
    processId: task.processId,
    elementId: task.elementId,
    formKey: task.formKey,
    createdAt: task.createdAt.toISOString(),
    completedAt: task.completedAt ? task.completedAt.toISOString() : null,
  }
}

export function taskRoutes(deps: AppDeps): Router {
  const router = Router()

  router.get('/api/tasks', async (req, res) => {
    const view = req.query.view ?? 'mine'
    if (view !== 'mine' && view !== 'group') {
      return sendApiError(res, 400, 'BAD_REQUEST', {}, 'view must be mine or group')
    }
    const tasks = await listTasks(serviceDeps(deps), actor(res), view)
    res.json(tasks.map(toTaskSummary))
  })

  router.get('/api/tasks/:id', async (req, res) => {
    const { task, form, variables } = await getTask(serviceDeps(deps), actor(res), req.params.id)
    res.json({ ...taskDetail(task), form, variables })
  })

  router.post('/api/tasks/:id/claim', async (req, res) => {
    res.json(taskDetail(await claimTask(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id)))
  })

  router.post('/api/tasks/:id/unclaim', async (req, res) => {
    res.json(taskDetail(await unclaimTask(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id)))
  })

  router.post('/api/tasks/:id/complete', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const variables = body.variables === undefined ? {} : body.variables
    res.json(taskDetail(await completeTask(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id, variables)))
  })

  return router
}
