// docker-compose.yml against the code that reads the variables it sets: the app's (src/config.ts, the only reader
// of the environment) and the engine nodes' (operaton/src/main/resources/application.yaml). No Docker needed; the
// file's syntax and schema are checked by scripts/ci-compose.sh.
import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../../src/config.ts'
import {
  buildContext, dependencies, dockerfileEnvNames, environment, interpolate, rawEnvironment, readComposeFile,
  type ComposeService,
} from '../helpers/compose-file.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const compose = readComposeFile(path.join(root, 'docker-compose.yml'))
const engineYaml = readFileSync(path.join(root, 'operaton/src/main/resources/application.yaml'), 'utf8')
const initSql = readFileSync(path.join(root, 'docker/postgres/init.sql'), 'utf8')

/** What `docker compose` would take from .env: the two secrets the file requires, nothing else. */
const dotEnv = { POSTGRES_PASSWORD: 'composeSpecPassword1', OPERATON_API_TOKEN: 'compose-spec-token-0123456789abcdef' }

const service = (name: string): ComposeService => {
  const found = compose.services.find((s) => s.name === name)
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`)
  return found
}
const app = service('app')
const engines = compose.services.filter((s) => buildContext(s) === 'operaton')

/** The variables of `env` that loadConfig does not read when given exactly `env` (an env that records reads). */
function unreadByConfig(env: Record<string, string>): string[] {
  const read = new Set<string>()
  const recording = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') read.add(key)
      return Reflect.get(target, key)
    },
  })
  loadConfig(recording, '/srv/welfare-flow')
  return Object.keys(env).filter((name) => !read.has(name))
}

/** Environment variables application.yaml reads (`${OPERATON_…:default}` placeholders). */
function readByEngineApp(yaml: string): Set<string> {
  return new Set([...yaml.matchAll(/\$\{([A-Z][A-Z0-9_]*)[:}]/g)].map((m) => m[1]))
}

describe('docker-compose.yml', () => {
  describe('the readers these tests rely on', () => {
    it('should report a variable src/config.ts does not read when the environment has a misspelt one', () => {
      expect(unreadByConfig({ ENGINE: 'operaton', OPERATON_URL: 'http://a:8080/engine-rest', OPERATON_URLS: 'x' })).to.deep.equal(['OPERATON_URLS'])
    })

    it('should find the OPERATON_* placeholders of application.yaml when they have defaults or none', () => {
      const names = readByEngineApp('a: ${OPERATON_PORT:8080}\nb: ${OPERATON_API_TOKEN:}\nc: ${OPERATON_X}\nd: ${welfare.port}')
      expect([...names]).to.deep.equal(['OPERATON_PORT', 'OPERATON_API_TOKEN', 'OPERATON_X'])
    })

    it('should interpolate as docker-compose does when values are set, defaulted or required', () => {
      expect(interpolate('a${X}b$Y$$${Z:-z}${W-w}', { X: '1', Y: '2', W: '' })).to.equal('a1b2$z')
      expect(() => interpolate('${T:?set T}', { T: '' })).to.throw(/T is required: set T/)
      expect(() => interpolate('${U}', {})).to.throw(/U is not set/)
    })
  })

  describe('the app', () => {
    it('should set only variables src/config.ts reads when the file is interpolated', () => {
      expect(unreadByConfig(environment(app, dotEnv))).to.deep.equal([])
    })

    it('should give a configuration src/config.ts accepts with ENGINE=operaton when the secrets are set', () => {
      const config = loadConfig(environment(app, dotEnv), '/app')
      expect(config.engine).to.equal('operaton')
      expect(config.databaseUrl).to.match(/^postgresql:\/\/[^@]+@postgres:5432\/welfare$/)
      expect(config.operaton.apiToken).to.equal(dotEnv.OPERATON_API_TOKEN)
    })

    it('should name every Operaton service, on its port, in OPERATON_URL when there are several nodes', () => {
      expect(engines.map((e) => e.name)).to.have.length.of.at.least(2)
      const urls = loadConfig(environment(app, dotEnv), '/app').operaton.urls.map((u) => new URL(u))
      const expected = engines.map((engine) => `${engine.name}:${environment(engine, dotEnv).OPERATON_PORT ?? '8080'}/engine-rest`).sort()
      expect(urls.map((u) => `${u.hostname}:${u.port || '80'}${u.pathname}`).sort()).to.deep.equal(expected)
    })

    it('should set only variables src/config.ts reads in its Dockerfile when the image sets defaults', () => {
      const names = dockerfileEnvNames(path.join(root, 'Dockerfile'))
      expect(unreadByConfig(Object.fromEntries(names.map((n) => [n, n === 'PORT' ? '3000' : '0.0.0.0'])))).to.deep.equal([])
    })

    it('should wait for PostgreSQL and every engine node to be healthy when it starts', () => {
      const deps = dependencies(app)
      for (const name of ['postgres', ...engines.map((e) => e.name)]) expect(deps[name], name).to.equal('service_healthy')
      expect(app.healthcheck?.test, 'app healthcheck').to.not.equal(undefined)
    })
  })

  describe('the engine nodes', () => {
    const readByEngine = readByEngineApp(engineYaml)

    it('should set only variables application.yaml reads when each node is configured', () => {
      for (const engine of engines) {
        const unread = Object.keys(rawEnvironment(engine)).filter((name) => !readByEngine.has(name))
        expect(unread, engine.name).to.deep.equal([])
      }
    })

    it('should set only variables application.yaml reads in the engine Dockerfile when the image sets defaults', () => {
      expect(dockerfileEnvNames(path.join(root, 'operaton/Dockerfile')).filter((n) => !readByEngine.has(n))).to.deep.equal([])
    })

    it('should share one PostgreSQL database, made by init.sql and not the app\'s, when there are several nodes', () => {
      const databases = new Set(engines.map((e) => environment(e, dotEnv).OPERATON_DATABASE_URL))
      expect(databases.size).to.equal(1)
      const [url] = [...databases]
      const engineDb = /^jdbc:postgresql:\/\/postgres:5432\/([a-z_]+)$/.exec(url ?? '')?.[1]
      expect(engineDb, url).to.be.a('string')
      expect(initSql).to.match(new RegExp(`CREATE DATABASE ${engineDb}\\b`))
      expect(new URL(environment(app, dotEnv).DATABASE_URL).pathname).to.not.equal(`/${engineDb}`)
    })

    it('should listen on the compose network with a distinct name and a healthcheck when each node starts', () => {
      const names = engines.map((e) => environment(e, dotEnv).OPERATON_NODE_NAME)
      expect(new Set(names).size, 'OPERATON_NODE_NAME').to.equal(engines.length)
      for (const engine of engines) {
        expect(environment(engine, dotEnv).OPERATON_BIND, engine.name).to.equal('0.0.0.0')
        expect(engine.healthcheck?.test, engine.name).to.not.equal(undefined)
        expect(dependencies(engine).postgres, engine.name).to.equal('service_healthy')
      }
    })
  })

  describe('the API token and what is published', () => {
    it('should give the app and every node the same API token, taken from the environment, when it is set', () => {
      const raw = new Set([app, ...engines].map((s) => rawEnvironment(s).OPERATON_API_TOKEN))
      expect(raw.size, 'one way of writing the token').to.equal(1)
      expect([...raw][0], 'a reference, not a token written into the file').to.match(/^\$\{OPERATON_API_TOKEN:\?[^}]*\}$/)
      for (const s of [app, ...engines]) expect(environment(s, dotEnv).OPERATON_API_TOKEN, s.name).to.equal(dotEnv.OPERATON_API_TOKEN)
    })

    it('should refuse to interpolate when the token or the database password is missing', () => {
      expect(() => environment(app, { POSTGRES_PASSWORD: dotEnv.POSTGRES_PASSWORD })).to.throw(/OPERATON_API_TOKEN is required/)
      expect(() => environment(engines[0], { OPERATON_API_TOKEN: dotEnv.OPERATON_API_TOKEN })).to.throw(/POSTGRES_PASSWORD is required/)
    })

    it('should publish only the app\'s port when the system runs', () => {
      const publishing = compose.services.filter((s) => (s.ports ?? []).length > 0).map((s) => s.name)
      expect(publishing).to.deep.equal(['app'])
    })
  })
})
