// Runs retryPendingStarts at start-up and then every `intervalMs` (SLA_INTERVAL_MS, 30 s by default): a case whose
// registration crashed before its procedure started, or whose start failed, is started once its grace period or
// backoff is over. A failed round is logged and tried again at the next one; stopping waits for a round in progress.
// Logs counts only.
import type { ServiceDeps } from './deps.ts'
import { retryPendingStarts } from './retry-pending-starts.ts'

export interface PendingStartsLoopOptions {
  deps: ServiceDeps
  intervalMs: number
}

export function startPendingStartsLoop(options: PendingStartsLoopOptions): () => Promise<void> {
  const { deps } = options
  let running: Promise<void> | null = null
  let stopped = false
  const run = () => {
    if (running || stopped) return
    running = retryPendingStarts(deps)
      .then((round) => {
        if (round.started + round.linked + round.failed > 0) deps.logger.info('pending case starts retried', { ...round })
      })
      .catch((err) => deps.logger.warn('retrying pending case starts failed', {}, err))
      .finally(() => {
        running = null
      })
  }
  run()
  const timer = setInterval(run, options.intervalMs)
  timer.unref()
  return async () => {
    stopped = true
    clearInterval(timer)
    if (running) await running
  }
}
