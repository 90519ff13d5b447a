// A suite that needs a service the project cannot start in-process (PostgreSQL, Chromium, Operaton nodes).
// With the service it runs. Without it, it FAILS when its REQUIRE_<NAME> variable is 1 or when CI is set (.ci/run
// sets both: a CI run never passes by leaving a suite out); only on a developer's machine is it left out, shown as
// one pending line that says how to provide the service. Its tests are then not registered at all, so nothing runs
// against a placeholder.

export interface ServiceNeed<T> {
  /** Shown after the suite's title, e.g. "PostgreSQL". */
  service: string
  /** What the suite gets when the service is there; null when it is missing. */
  value: T | null
  /** e.g. "REQUIRE_POSTGRES". */
  requireVariable: string
  /** How to provide it, e.g. "TEST_DATABASE_URL is not set (see scripts/ci-postgres.sh)". */
  missing: string
}

/** True when a missing service must fail the run: its REQUIRE_ variable is 1, or a CI run (CI set, not "false"). */
export function serviceRequired(requireVariable: string): boolean {
  const ci = process.env.CI
  return process.env[requireVariable] === '1' || (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0')
}

export function describeWithService<T>(title: string, need: ServiceNeed<T>, fn: (this: Mocha.Suite, value: T) => void): void {
  const name = `${title} (${need.service})`
  const value = need.value
  if (value !== null) {
    describe(name, function () {
      fn.call(this, value)
    })
  } else if (serviceRequired(need.requireVariable)) {
    describe(name, () => {
      it(`should find ${need.service} when the run requires it`, () => {
        throw new Error(`${need.service} is required here (${need.requireVariable}=1 or CI) but ${need.missing}`)
      })
    })
  } else {
    describe(name, () => {
      it(`needs ${need.service}: ${need.missing}`) // pending: a developer's machine without the service
    })
  }
}
