// Case notes API: GET /api/cases/:id/notes, POST /api/cases/:id/notes {body}, PUT /api/cases/:id/notes/:noteId {body}
// (a new version). The text is never logged.
import { Router } from 'express'
import { addCaseNote, listCaseNotes, reviseCaseNote } from '../../src/cases/case-notes.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { actor } from '../request-context.ts'

export function caseNoteRoutes(deps: AppDeps): Router {
  const router = Router()

  router.get('/api/cases/:id/notes', async (req, res) => {
    res.json(await listCaseNotes(serviceDeps(deps), actor(res), req.params.id))
  })

  router.post('/api/cases/:id/notes', async (req, res) => {
    res.status(201).json(await addCaseNote(serviceDeps(deps), actor(res), req.params.id, req.body))
  })

  router.put('/api/cases/:id/notes/:noteId', async (req, res) => {
    res.json(await reviseCaseNote(serviceDeps(deps), actor(res), req.params.id, req.params.noteId, req.body))
  })

  return router
}
