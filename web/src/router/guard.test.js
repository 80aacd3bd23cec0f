import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { installGuards, routes as appRoutes } from './index.js'
import { menuFor } from '../layout/menu.js'

// Plain stand-ins: the guard decides before any page component matters.
const Stub = { render: () => null }
const routes = [
  { path: '/login', name: 'login', component: Stub, meta: { public: true } },
  { path: '/change-password', name: 'change-password', component: Stub },
  {
    path: '/',
    component: Stub,
    children: [
      { path: '', name: 'home', component: Stub },
      { path: 'teachers', name: 'teachers', component: Stub, meta: { roles: ['school_admin', 'bureau_admin', 'sys_admin'] } },
      { path: 'orgs', name: 'orgs', component: Stub, meta: { roles: ['bureau_admin', 'sys_admin'] } },
    ],
  },
]

function user(role, extra = {}) {
  return { id: 1, username: 'u', display_name: 'U', role, org_id: 1, org_name: 'X', teacher_id: null, must_change_password: false, ...extra }
}

function mockMe(status, body) {
  const fetchMock = vi.fn(async () => new Response(JSON.stringify(body), { status }))
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

async function go(path) {
  const router = createRouter({ history: createMemoryHistory(), routes })
  installGuards(router)
  await router.push(path)
  return router.currentRoute.value
}

describe('route guard', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('asks the session probe and sends a visitor to /login with the wanted page', async () => {
    const f = mockMe(200, { authenticated: false })
    const r = await go('/teachers?stage=小学')
    expect(f).toHaveBeenCalledTimes(1)
    expect(f.mock.calls[0][0]).toBe('/api/v1/auth/session')
    expect(r.name).toBe('login')
    expect(decodeURIComponent(r.query.redirect)).toBe('/teachers?stage=小学')
  })

  it('opens /login without a request that fails (no 401 in the console)', async () => {
    const f = mockMe(200, { authenticated: false })
    const r = await go('/login')
    expect(r.name).toBe('login')
    expect(f).toHaveBeenCalledTimes(1)
    expect(f.mock.calls[0][0]).not.toBe('/api/v1/auth/me')
    const res = await f.mock.results[0].value
    expect(res.status).toBe(200)
  })

  it('still takes a 401 (a server before the probe) as signed out', async () => {
    mockMe(401, { error: { code: 'unauthenticated', message: '请先登录' } })
    const r = await go('/teachers')
    expect(r.name).toBe('login')
  })

  it('lets a signed-in user through', async () => {
    mockMe(200, { user: user('school_admin'), csrf_token: 't' })
    const r = await go('/teachers')
    expect(r.name).toBe('teachers')
  })

  it('forces the password change when must_change_password', async () => {
    mockMe(200, { user: user('school_admin', { must_change_password: true }), csrf_token: 't' })
    expect((await go('/teachers')).name).toBe('change-password')
  })

  it('keeps roles out of pages that are not theirs', async () => {
    mockMe(200, { user: user('school_admin'), csrf_token: 't' })
    expect((await go('/orgs')).name).toBe('home')
  })

  it('sends a signed-in user away from /login', async () => {
    mockMe(200, { user: user('teacher'), csrf_token: 't' })
    expect((await go('/login')).name).toBe('home')
  })
})

describe('menu by role', () => {
  const keys = (role) => menuFor(role).map((i) => i.key)
  it('matches the roles of the brief', () => {
    expect(keys('teacher')).toEqual(['me', 'my-credits', 'project-catalogue', 'my-registrations', 'my-surveys', 'backbone-assessments'])
    expect(keys('school_admin')).toEqual(['teachers', 'teacher-import', 'accounts', 'credit-review', 'projects', 'nominations', 'project-attendance', 'school-plan-file', 'backbone', 'backbone-assessments'])
    // The desk first: the landing page of bureau and sys admins.
    const bureau = ['desk', 'orgs', 'teachers', 'teacher-import', 'accounts', 'credit-approval', 'credit-import', 'exemption-import', 'credit-policy', 'projects', 'project-attendance', 'survey-projects', 'school-plans', 'backbone', 'backbone-assessments']
    expect(keys('bureau_admin')).toEqual(bureau)
    expect(keys('sys_admin')).toEqual(bureau)
    expect(keys('institution_staff')).toEqual(['projects', 'project-attendance', 'survey-projects'])
    expect(keys('expert')).toEqual(['expert-reviews', 'backbone'])
  })
})

describe('menu entries lead to pages the role may open', () => {
  const router = createRouter({ history: createMemoryHistory(), routes: appRoutes })
  for (const role of ['teacher', 'school_admin', 'bureau_admin', 'sys_admin', 'institution_staff', 'expert']) {
    it(role, () => {
      for (const item of menuFor(role)) {
        const to = router.resolve(item.path)
        expect(to.name, item.path).toBeTruthy()
        const roles = to.meta.roles
        if (roles) expect(roles, item.path).toContain(role)
      }
    })
  }
})
