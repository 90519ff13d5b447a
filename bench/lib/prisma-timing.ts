// A measuring wrapper around a PrismaClient (benchmarks only): every model operation and every interactive
// transaction is counted and timed, so a benchmark can say how much of its time was spent waiting on the
// database and how much elsewhere (bpmn-engine, FEEL, JSON, handlers). Only meaningful when calls do not
// overlap (one instance at a time): the times are wall-clock spans.
import type { PrismaClient } from '../../src/generated/prisma/client.ts'

export interface OpStat {
  count: number
  ms: number
}

export class DbTimings {
  /** Model operations outside any transaction, by "model.operation". */
  readonly outside = new Map<string, OpStat>()
  /** Interactive transactions by kind (see classify()), whole span including the statements inside. */
  readonly transactions = new Map<string, OpStat>()
  /** Statements inside transactions, by "model.operation" (their time is part of the transaction's). */
  readonly inside = new Map<string, OpStat>()

  reset() {
    this.outside.clear()
    this.transactions.clear()
    this.inside.clear()
  }

  static add(map: Map<string, OpStat>, key: string, ms: number) {
    const s = map.get(key) ?? { count: 0, ms: 0 }
    s.count++
    s.ms += ms
    map.set(key, s)
  }

  static total(map: Map<string, OpStat>): OpStat {
    let count = 0
    let ms = 0
    for (const s of map.values()) {
      count += s.count
      ms += s.ms
    }
    return { count, ms }
  }
}

/** persistRun writes the ProcessInstance row (a raw INSERT or UPDATE: row-inserts.ts, instance-row-update.ts); a handler's transaction (register-case, close-case) does not. */
function classify(ops: string[]): string {
  if (ops.some((o) => o === 'processInstance.create' || o === 'processInstance.updateMany' || o === '$executeRaw UPDATE ProcessInstance' || o === '$executeRaw INTO ProcessInstance')) return 'engine save (persistRun)'
  if (ops.some((o) => o.startsWith('processDefinition.') || o.startsWith('formDefinition.'))) return 'deploy'
  return 'handler transaction'
}

/** Raw statements are counted too, named by what they touch (e.g. "$executeRaw UPDATE ProcessInstance"). */
const RAW_OPERATIONS = ['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe']

function rawLabel(query: unknown): string {
  const text = typeof query === 'string' ? query : Array.isArray(query) ? String(query[0]) : String((query as { sql?: unknown })?.sql ?? '')
  const match = /\b(UPDATE|INTO|FROM)\s+"?(\w+)"?/i.exec(text)
  return match ? `${match[1].toUpperCase()} ${match[2]}` : text.trim().split(/\s+/).slice(0, 2).join(' ')
}

function isDelegate(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { findMany?: unknown }).findMany === 'function'
}

function wrapModels<T extends object>(client: T, record: (key: string, ms: number) => void, onTransaction?: (fn: any, opts: any) => any): T {
  const delegates = new Map<PropertyKey, unknown>()
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === '$transaction' && onTransaction) return onTransaction
      const value = Reflect.get(target, prop, receiver)
      if (typeof prop === 'string' && RAW_OPERATIONS.includes(prop) && typeof value === 'function') {
        return (...args: unknown[]) => {
          const key = `${prop} ${rawLabel(args[0])}`
          const t = performance.now()
          return Promise.resolve(value.apply(target, args)).then(
            (res) => (record(key, performance.now() - t), res),
            (err) => {
              record(key, performance.now() - t)
              throw err
            },
          )
        }
      }
      if (typeof prop !== 'string' || prop.startsWith('$') || !isDelegate(value)) {
        return typeof value === 'function' ? value.bind(target) : value
      }
      let wrapped = delegates.get(prop)
      if (!wrapped) {
        wrapped = new Proxy(value, {
          get(d, op, r) {
            const fn = Reflect.get(d, op, r)
            if (typeof fn !== 'function' || typeof op !== 'string') return fn
            return (...args: unknown[]) => {
              const t = performance.now()
              return Promise.resolve(fn.apply(d, args)).then(
                (res) => (record(`${prop}.${op}`, performance.now() - t), res),
                (err) => {
                  record(`${prop}.${op}`, performance.now() - t)
                  throw err
                },
              )
            }
          },
        })
        delegates.set(prop, wrapped)
      }
      return wrapped
    },
  })
}

/** The measured client (hand it to the engine and the handlers) and its timings. */
export function instrumentPrisma(prisma: PrismaClient): { client: PrismaClient; timings: DbTimings } {
  const timings = new DbTimings()
  const transaction = (arg: unknown, opts?: unknown) => {
    if (typeof arg !== 'function') return (prisma.$transaction as any)(arg, opts)
    const ops: string[] = []
    const t = performance.now()
    const run = (prisma.$transaction as any)(async (tx: any) => {
      const wrappedTx = wrapModels(tx, (key, ms) => {
        ops.push(key)
        DbTimings.add(timings.inside, key, ms)
      })
      return (arg as (tx: unknown) => unknown)(wrappedTx)
    }, opts)
    const done = () => DbTimings.add(timings.transactions, classify(ops), performance.now() - t)
    return Promise.resolve(run).then(
      (res) => (done(), res),
      (err) => {
        done()
        throw err
      },
    )
  }
  const client = wrapModels(prisma, (key, ms) => DbTimings.add(timings.outside, key, ms), transaction)
  return { client: client as PrismaClient, timings }
}
