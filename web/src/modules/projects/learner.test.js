import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import {
  dateRange,
  chinaNow,
  registrationLabel,
  registrationsByProject,
  seatsText,
  sessionWindow,
  surveysByProject,
  svgDataUrl,
  tokenFromQuery,
  sessionPhase,
} from './learner.js'
import { enumLabel } from '../../i18n/enums.js'
import { menuFor } from '../../layout/menu.js'
import { installGuards, routes } from '../../router/index.js'

describe('time windows', () => {
  it('shows a session as date and time range', () => {
    expect(sessionWindow({ date: '2026-05-10', start_time: '09:00', end_time: '12:00' })).toBe('2026-05-10 09:00–12:00')
    expect(sessionWindow({ date: '2026-05-10', start_time: '09:00' })).toBe('2026-05-10 09:00')
    expect(sessionWindow({ date: '2026-05-10' })).toBe('2026-05-10')
    expect(sessionWindow(null)).toBe('')
  })
  it('shows a date range, one date when equal', () => {
    expect(dateRange('2026-05-10', '2026-05-12')).toBe('2026-05-10 ~ 2026-05-12')
    expect(dateRange('2026-05-10', '2026-05-10')).toBe('2026-05-10')
    expect(dateRange('', '2026-05-12')).toBe('2026-05-12')
    expect(dateRange('', '')).toBe('')
  })
  it('places a session against now', () => {
    const s = { date: '2026-05-10', start_time: '09:00', end_time: '10:30' }
    expect(sessionPhase(s, '2026-05-09', '23:00')).toBe('upcoming')
    expect(sessionPhase(s, '2026-05-10', '08:59')).toBe('later')
    expect(sessionPhase(s, '2026-05-10', '09:00')).toBe('now')
    expect(sessionPhase(s, '2026-05-10', '10:30')).toBe('now')
    expect(sessionPhase(s, '2026-05-10', '10:31')).toBe('past')
    expect(sessionPhase(s, '2026-05-11', '08:00')).toBe('past')
    expect(sessionPhase(null, '2026-05-10', '09:00')).toBe('upcoming')
  })
  it('reads today and the time in China Standard Time', () => {
    expect(chinaNow(new Date(Date.UTC(2026, 0, 5, 7, 3)))).toEqual({ today: '2026-01-05', time: '15:03' })
    expect(chinaNow(new Date(Date.UTC(2026, 0, 5, 16, 30)))).toEqual({ today: '2026-01-06', time: '00:30' })
  })

})

describe('registrations', () => {
  const t = (key, params) => `${key}:${JSON.stringify(params)}`
  const zh = (kind, v) => enumLabel(kind, v, 'zh-CN')

  it('labels states, the waitlist with its position', () => {
    expect(registrationLabel({ state: 'accepted' }, t, zh)).toBe('已录取')
    expect(registrationLabel({ state: 'waitlisted', queue_pos: 3 }, t, zh)).toBe('learner.waitlistedAt:{"n":3}')
    expect(registrationLabel({ state: 'waitlisted', queue_pos: 0 }, t, zh)).toBe('候补')
    expect(registrationLabel({ state: 'pending_school' }, t, zh)).toBe('待学校审批')
    expect(registrationLabel({ state: 'withdrawn' }, t, (k, v) => enumLabel(k, v, 'en'))).toBe('Withdrawn')
    expect(registrationLabel(null, t, zh)).toBe('')
  })

  it('indexes the teacher registrations by project, the active one first', () => {
    const m = registrationsByProject([
      { id: 1, project_id: 7, state: 'withdrawn' },
      { id: 2, project_id: 7, state: 'accepted' },
      { id: 3, project_id: 8, state: 'waitlisted' },
      { id: 4, project_id: 8, state: 'rejected' },
    ])
    expect(m['7'].id).toBe(2)
    expect(m['8'].id).toBe(3)
    expect(registrationsByProject(undefined)).toEqual({})
  })

  it('shows seats and reads the check-in token', () => {
    expect(seatsText({ capacity: 40, accepted_count: 12 })).toBe('12 / 40')
    expect(seatsText({ capacity: 0, accepted_count: 5 })).toBe('5')
    expect(seatsText(null)).toBe('')
    expect(tokenFromQuery({ token: ' abc ' })).toBe('abc')
    expect(tokenFromQuery({ token: ['x', 'y'] })).toBe('x')
    expect(tokenFromQuery({})).toBe('')
    expect(svgDataUrl('<svg a="1"/>')).toBe('data:image/svg+xml;charset=utf-8,%3Csvg%20a%3D%221%22%2F%3E')
  })

  it('groups the open surveys by project with their form path', () => {
    const m = surveysByProject([
      { project: { id: 7 }, kind: 'needs', title: '训前需求调研', answered: true },
      { project: { id: 7 }, kind: 'satisfaction', title: '培训满意度调查', answered: false },
      { project: null, kind: 'needs' },
    ])
    expect(m['7']).toEqual([
      { kind: 'needs', title: '训前需求调研', answered: true, path: '/surveys/7/needs' },
      { kind: 'satisfaction', title: '培训满意度调查', answered: false, path: '/surveys/7/satisfaction' },
    ])
    expect(Object.keys(m)).toEqual(['7'])
    expect(surveysByProject(undefined)).toEqual({})
  })

  it('labels project states in both languages', () => {
    expect(enumLabel('project_state', 'registration_open', 'zh-CN')).toBe('报名中')
    expect(enumLabel('project_state', 'registration_open', 'en')).toBe('Registration open')
  })
})

describe('menus and routes', () => {
  const keys = (role) => menuFor(role).map((i) => i.key)
  it('gives teachers the catalogue and their registrations, tutors the attendance', () => {
    expect(keys('teacher')).toEqual(expect.arrayContaining(['project-catalogue', 'my-registrations']))
    expect(keys('teacher')).not.toContain('project-attendance')
    for (const r of ['institution_staff', 'school_admin', 'bureau_admin', 'sys_admin']) {
      expect(keys(r)).toContain('project-attendance')
      expect(keys(r)).not.toContain('project-catalogue')
    }
    expect(keys('expert')).not.toContain('project-attendance')
  })
})

describe('the check-in link', () => {
  // The application's routes with stand-in pages: the guard decides first.
  const Stub = { render: () => null }
  const stub = (rs) => rs.map((r) => ({ ...r, ...(r.component ? { component: Stub } : {}), ...(r.children ? { children: stub(r.children) } : {}) }))
  const me = (status, body) => vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body), { status })))
  const user = (role) => ({ user: { id: 1, username: 'u', display_name: 'U', role, teacher_id: 5, must_change_password: false }, csrf_token: 't' })
  async function go(path) {
    const router = createRouter({ history: createMemoryHistory(), routes: stub(routes) })
    installGuards(router)
    await router.push(path)
    return router.currentRoute.value
  }
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('sends a scan without a session to log in, then back with the token', async () => {
    me(401, { error: { code: 'unauthenticated', message: '请先登录' } })
    const r = await go('/checkin?token=abc123')
    expect(r.name).toBe('login')
    expect(r.query.redirect).toBe('/checkin?token=abc123')
  })

  it('opens for any signed-in role (the server says who may check in)', async () => {
    for (const role of ['teacher', 'school_admin', 'institution_staff']) {
      setActivePinia(createPinia())
      me(200, user(role))
      const r = await go('/checkin?token=abc123')
      expect(r.name).toBe('checkin')
      expect(tokenFromQuery(r.query)).toBe('abc123')
    }
  })

  it('keeps teachers out of the tutor page and tutors out of the catalogue', async () => {
    me(200, user('teacher'))
    expect((await go('/projects/attendance/3')).name).toBe('home')
    setActivePinia(createPinia())
    me(200, user('institution_staff'))
    expect((await go('/projects/attendance/3')).name).toBe('project-attendance')
    expect((await go('/projects/catalogue')).name).toBe('home')
  })
})
