import { describe, expect, it } from 'vitest'
import {
  durationHours,
  emptyProject,
  emptySession,
  formErrorTarget,
  formToBody,
  formatHours,
  hoursToTenths,
  projectToForm,
  sessionsHours,
} from './form.js'

const PROJECT = {
  id: 7,
  code: 'XP-2026-01',
  name: '新课标下的单元教学设计',
  kind: 'training',
  level: '区县级',
  form: '集中培训',
  dimension: '学科教学',
  modules: ['单元设计'],
  topic_tags: ['新课标'],
  theme: '',
  organiser_org_id: 3,
  organiser_name: '县教师进修学校',
  start_date: '2026-07-06',
  end_date: '2026-07-08',
  hours: 6.5,
  location: '区域内',
  capacity: 40,
  audience: { stages: ['初中'], subjects: ['数学'], posts: [], backbone_levels: [], region_ids: [2] },
  reg_start: '2026-06-01',
  reg_end: '2026-06-30',
  approval: 'school_county',
  syllabus: '第一天……',
  trainers: '张老师、李老师',
  half_days: 0,
  grade_scale: ['优秀', '合格', '不合格'],
  passing_grades: ['优秀', '合格'],
  absence_num: 1,
  absence_den: 3,
  sessions: [
    { id: 12, seq: 2, course: '单元设计', date: '2026-07-06', start_time: '14:00', end_time: '17:00', hours: 3.5, topic: '案例', trainer: '李' },
    { id: 11, seq: 1, course: '单元设计', date: '2026-07-06', start_time: '08:30', end_time: '11:30', hours: 3, topic: '理念', trainer: '张' },
  ],
  tutor_ids: [9],
  state: 'draft',
}

describe('hours', () => {
  it.each([
    ['24', 240],
    ['1.5', 15],
    ['.5', 5],
    [' 8 ', 80],
    [0, 0],
    [3.5, 35],
    ['', null],
    [null, null],
  ])('hoursToTenths(%j) → %j', (v, want) => {
    expect(hoursToTenths(v)).toBe(want)
  })

  it.each(['1.25', 'abc', '-1', '1,5', '1.'])('rejects %j', (v) => {
    expect(hoursToTenths(v)).toBeNaN()
  })

  it('formats without float noise', () => {
    expect(formatHours(24)).toBe('24')
    expect(formatHours(0.1 + 0.2)).toBe('0.3')
    expect(formatHours(null)).toBe('')
  })

  it('sums session hours in tenths, or null when one is blank or bad', () => {
    expect(sessionsHours([{ hours: '0.1' }, { hours: '0.2' }, { hours: 3 }])).toBe(3.3)
    expect(sessionsHours([{ hours: '1' }, { hours: '' }])).toBeNull()
    expect(sessionsHours([{ hours: 'x' }])).toBeNull()
    expect(sessionsHours([])).toBe(0)
  })

  it('derives hours from the times', () => {
    expect(durationHours('08:30', '11:30')).toBe(3)
    expect(durationHours('14:00', '15:20')).toBe(1.3)
    expect(durationHours('11:30', '08:30')).toBeNull()
    expect(durationHours('', '08:30')).toBeNull()
  })
})

describe('project ⇄ form', () => {
  it('turns a project into form values with hours as text and sessions in seq order', () => {
    const f = projectToForm(PROJECT)
    expect(f.hours).toBe('6.5')
    expect(f.capacity).toBe('40')
    expect(f.sessions.map((s) => s.id)).toEqual([11, 12])
    expect(f.sessions[1].hours).toBe('3.5')
    expect(f.audience.region_ids).toEqual([2])
    expect(f.tutor_ids).toEqual([9])
  })

  it('round-trips to the same ProjectInput (seq renumbered, ids kept)', () => {
    const body = formToBody(projectToForm(PROJECT))
    expect(body).toMatchObject({
      code: 'XP-2026-01',
      kind: 'training',
      level: '区县级',
      hours: 6.5,
      capacity: 40,
      approval: 'school_county',
      organiser_org_id: 3,
      grade_scale: ['优秀', '合格', '不合格'],
      passing_grades: ['优秀', '合格'],
      absence_num: 1,
      absence_den: 3,
      tutor_ids: [9],
    })
    expect(body.audience).toEqual(PROJECT.audience)
    expect(body.sessions).toEqual([
      { seq: 1, id: 11, course: '单元设计', date: '2026-07-06', start_time: '08:30', end_time: '11:30', hours: 3, topic: '理念', trainer: '张' },
      { seq: 2, id: 12, course: '单元设计', date: '2026-07-06', start_time: '14:00', end_time: '17:00', hours: 3.5, topic: '案例', trainer: '李' },
    ])
    expect(body).not.toHaveProperty('id')
    expect(body).not.toHaveProperty('state')
  })

  it('drops blank session rows, trims text, sends new sessions without id', () => {
    const f = emptyProject()
    f.code = '  A1 '
    f.hours = '1.5'
    f.sessions = [emptySession(), { ...emptySession(), date: '2026-01-02', start_time: '08:00', end_time: '09:00', hours: '1', topic: ' 开班 ' }]
    const body = formToBody(f)
    expect(body.code).toBe('A1')
    expect(body.hours).toBe(1.5)
    expect(body.capacity).toBe(0)
    expect(body.sessions).toEqual([
      { seq: 1, course: '', date: '2026-01-02', start_time: '08:00', end_time: '09:00', hours: 1, topic: '开班', trainer: '' },
    ])
    expect(body).not.toHaveProperty('organiser_org_id')
  })

  it('sends bad hours as typed so the server names the field', () => {
    const f = emptyProject()
    f.hours = 'abc'
    expect(formToBody(f).hours).toBe('abc')
    f.hours = ''
    expect(formToBody(f)).not.toHaveProperty('hours')
  })

  it('fixes a school module to 校本 · 校本研修 with half-days', () => {
    const f = emptyProject('school_module')
    expect(f).toMatchObject({ kind: 'school_module', level: '校本', form: '校本研修', half_days: 4 })
    f.level = '国培'
    const body = formToBody(f)
    expect(body).toMatchObject({ kind: 'school_module', level: '校本', form: '校本研修', half_days: 4 })
  })
})

describe('formErrorTarget', () => {
  it.each([
    ['hours', null, 'hours'],
    ['sessions[2].date', null, 'sessions.2.date'],
    ['sessions.0.end_time', null, 'sessions.0.end_time'],
    ['sessions', 3, 'sessions.2.date'],
    ['sessions', null, 'sessions'],
    ['audience.stages[0]', null, 'audience.stages'],
    ['audience', null, 'audience'],
    ['topic_tags[1]', null, 'topic_tags'],
    [null, null, null],
  ])('%s (row %s) → %s', (field, row, want) => {
    expect(formErrorTarget(field, row)).toBe(want)
  })
})
