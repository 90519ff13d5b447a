// Creates a local account (production has no demo accounts):
//   npm run users:create -- --login jan --name "Jan Kowalski" --groups caseworkers,managers
// The password is read from standard input: typed at a prompt (not echoed) on a terminal, or piped in
// (`printf '%s' "$PASSWORD" | npm run users:create -- … --password-stdin`). It is never a command-line
// argument, so it does not end up in the shell history or the process list.
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline'
import { loadConfig } from '../config.ts'
import { createLogger } from '../logger.ts'
import { openDatabase } from '../storage/open-database.ts'
import { createUser, UserInputError } from '../users/create-user.ts'
import { CliError, runCli } from './run-cli.ts'

const MIN_PASSWORD = 12
const USAGE = 'usage: npm run users:create -- --login LOGIN --name "DISPLAY NAME" --groups g1,g2 [--password-stdin]'

async function readPiped(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
    const writeOutput = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl)
    let asked = false
    ;(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (!asked) {
        asked = true
        writeOutput(s)
      }
    }
    rl.question(question, (answer) => {
      rl.close()
      process.stdout.write('\n')
      resolve(answer)
    })
  })
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) return readPiped()
  const first = await prompt('Password: ')
  const second = await prompt('Repeat the password: ')
  if (first !== second) throw new CliError('The passwords differ: run the command again and type the same password twice.', 2)
  return first
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      login: { type: 'string' },
      name: { type: 'string' },
      groups: { type: 'string', default: '' },
      'password-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (!values.login || !values.name) {
    console.error(`Give the new user's --login and --name.\n${USAGE}`)
    return 2
  }
  const password = await readPassword(values['password-stdin'] ?? false)
  if (password.length < MIN_PASSWORD) {
    console.error(`The password must have at least ${MIN_PASSWORD} characters.`)
    return 2
  }
  const config = loadConfig()
  const logger = createLogger({ level: config.logLevel })
  const db = await openDatabase(config)
  try {
    const user = await createUser(db.prisma, {
      login: values.login,
      displayName: values.name,
      password,
      groups: (values.groups ?? '').split(','),
    })
    logger.info('user created', { userId: user.id, login: user.login, groups: user.groups.join(',') })
    return 0
  } catch (err) {
    if (err instanceof UserInputError) throw new CliError(`Cannot create the user: ${err.message}. Correct it and run the command again.`, 2)
    throw err
  } finally {
    await db.close()
  }
}

await runCli('Creating the user', main, { usage: USAGE })
