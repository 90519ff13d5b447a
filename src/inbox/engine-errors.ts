// Translates an engine failure during a task operation into a ServiceError; anything else is rethrown.
import { EngineError } from '../../engine/port.ts'
import { ServiceError } from '../cases/service-error.ts'

/** By class, or by name and code (an adapter loaded twice, or an error that crossed a boundary). */
function isEngineError(err: unknown): err is EngineError {
  return err instanceof EngineError || (err instanceof Error && err.name === 'EngineError' && 'code' in err)
}

export function fromEngineError(err: unknown): never {
  if (isEngineError(err)) {
    switch (err.code) {
      case 'NOT_FOUND':
      case 'CONFLICT':
        throw new ServiceError('CONFLICT', 'The task is no longer active in the process engine.')
      case 'INVALID':
        throw new ServiceError('ENGINE_REJECTED', 'The process engine refused the request.')
      case 'UNAVAILABLE':
        throw new ServiceError('ENGINE_UNAVAILABLE', 'The process engine is not available; try again shortly.')
    }
  }
  throw err
}
