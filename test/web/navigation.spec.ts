import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { browserFor, createWebTestApp } from '../helpers/web-app.ts'

describe('web: navigation', () => {
  let db: TestDatabase
  let app: Express

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    app = (await createWebTestApp(db)).app
  })

  it('should show the procedures link to a manager and hide it from a caseworker', async () => {
    const manager = await browserFor(app, 'kierownik')
    expect((await manager.agent.get('/inbox')).text).to.include('href="/procedures"')
    const caseworker = await browserFor(app, 'pracownik')
    expect((await caseworker.agent.get('/inbox')).text).not.to.include('href="/procedures"')
  })

  it('should answer /favicon.ico with the icon instead of a 404', async () => {
    const res = await request(app).get('/favicon.ico')
    expect(res.status).to.equal(301)
    expect(res.headers.location).to.equal('/static/favicon.svg')
    expect((await request(app).get('/static/favicon.svg')).status).to.equal(200)
  })
})
