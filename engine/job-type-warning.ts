// The deployment warning of a job type no handler takes: the process deploys and its jobs wait for a worker (as on
// Zeebe and Operaton); administrators see them on the incident page (src/incidents/jobs-waiting-for-a-worker.ts).
export function jobTypeWithoutHandler(jobType: string): string {
  return `No handler is registered for job type "${jobType}": its jobs wait until a worker for it runs`
}
