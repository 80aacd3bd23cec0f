// The project form ⇄ the API's Project / ProjectInput JSON, and the checks the
// form makes before sending (the server checks everything again; its message
// is shown under the field it names). Pure functions, unit-tested.

import { enumValues } from '../../i18n/enums.js'

// Values and their order come from the server's vocabularies (read when
// asked: they load before the app mounts).
export const dimensions = () => enumValues('credit_dimension')
export const schoolModuleDimensions = () => enumValues('school_module_dimension')
export const approvals = () => enumValues('project_approval')
export const defaultGradeScale = () => enumValues('credit_grade')
// What a new project's form ticks as passing; the server fills passing grades
// the same way when none are sent, and checks whatever is.
const defaultPassingGrades = () => defaultGradeScale().filter((g) => g !== '不合格')

const TEXT_FIELDS = [
  'code',
  'name',
  'level',
  'form',
  'dimension',
  'theme',
  'start_date',
  'end_date',
  'location',
  'reg_start',
  'reg_end',
  'approval',
  'syllabus',
  'trainers',
]
const LIST_FIELDS = ['modules', 'topic_tags', 'grade_scale', 'passing_grades', 'tutor_ids']
const AUDIENCE_FIELDS = ['stages', 'subjects', 'posts', 'backbone_levels', 'region_ids']
const SESSION_TEXT = ['course', 'date', 'start_time', 'end_time', 'topic', 'trainer']

// ---- hours ----------------------------------------------------------------

// Hours typed in a field → tenths (an integer), or null when blank, NaN when
// not a number with at most one decimal.
export function hoursToTenths(v) {
  if (v === null || v === undefined) return null
  const s = String(v).trim()
  if (s === '') return null
  if (!/^\d+(\.\d)?$/.test(s) && !/^\d*\.\d$/.test(s)) return NaN
  return Math.round(Number(s) * 10)
}

// A number of hours for display: 32 → "32", 1.5 → "1.5", tenths-safe.
export function formatHours(v) {
  if (v === null || v === undefined || v === '') return ''
  const n = Number(v)
  if (!Number.isFinite(n)) return String(v)
  return String(Math.round(n * 10) / 10)
}

// The hours a form field sends: a number when it is one; otherwise the text
// as typed, so the server's message (with the field) is what the user sees.
function hoursValue(v) {
  const s = v === null || v === undefined ? '' : String(v).trim()
  if (s === '') return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n : s
}

function intValue(v) {
  const s = v === null || v === undefined ? '' : String(v).trim()
  if (s === '') return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n : s
}

// The sum of the sessions' hours, in hours (null when any is blank or bad).
export function sessionsHours(sessions) {
  let tenths = 0
  for (const s of sessions || []) {
    const t = hoursToTenths(s.hours)
    if (t === null || Number.isNaN(t)) return null
    tenths += t
  }
  return tenths / 10
}

// "08:30"–"11:30" → 3 (hours between two HH:MM times, to one decimal), null if either is missing.
export function durationHours(start, end) {
  const m = (x) => {
    const r = /^(\d{1,2}):(\d{2})$/.exec(String(x || '').trim())
    return r ? Number(r[1]) * 60 + Number(r[2]) : null
  }
  const a = m(start)
  const b = m(end)
  if (a === null || b === null || b <= a) return null
  return Math.round(((b - a) / 60) * 10) / 10
}

// ---- form ⇄ API -----------------------------------------------------------

export function emptySession() {
  return { id: null, course: '', date: '', start_time: '', end_time: '', hours: '', topic: '', trainer: '' }
}

export function emptyProject(kind = 'training') {
  const school = kind === 'school_module'
  return {
    id: null,
    kind,
    code: '',
    name: '',
    level: school ? '校本' : '',
    form: school ? '校本研修' : '',
    dimension: '',
    modules: [],
    topic_tags: [],
    theme: '',
    organiser_org_id: null,
    start_date: '',
    end_date: '',
    hours: '',
    location: '区域内',
    capacity: '',
    audience: { stages: [], subjects: [], posts: [], backbone_levels: [], region_ids: [] },
    reg_start: '',
    reg_end: '',
    approval: 'none',
    syllabus: '',
    trainers: '',
    half_days: school ? 4 : 0,
    grade_scale: defaultGradeScale(),
    passing_grades: defaultPassingGrades(),
    absence_num: 1,
    absence_den: 3,
    sessions: [],
    tutor_ids: [],
  }
}

// A Project from the server → form values (no nulls in inputs, hours as text).
export function projectToForm(p) {
  const f = emptyProject((p && p.kind) || 'training')
  if (!p) return f
  f.id = p.id ?? null
  for (const k of TEXT_FIELDS) if (p[k] !== null && p[k] !== undefined) f[k] = String(p[k])
  for (const k of LIST_FIELDS) if (Array.isArray(p[k])) f[k] = [...p[k]]
  if (!f.grade_scale.length) f.grade_scale = defaultGradeScale()
  if (!f.passing_grades.length) f.passing_grades = defaultPassingGrades()
  f.organiser_org_id = p.organiser_org_id ?? null
  f.hours = formatHours(p.hours)
  f.capacity = p.capacity === null || p.capacity === undefined ? '' : String(p.capacity)
  for (const k of ['half_days', 'absence_num', 'absence_den']) if (p[k] !== null && p[k] !== undefined) f[k] = p[k]
  const a = p.audience || {}
  for (const k of AUDIENCE_FIELDS) f.audience[k] = Array.isArray(a[k]) ? [...a[k]] : []
  f.sessions = (p.sessions || [])
    .slice()
    .sort((x, y) => (x.seq || 0) - (y.seq || 0))
    .map((s) => {
      const row = emptySession()
      row.id = s.id ?? null
      for (const k of SESSION_TEXT) if (s[k] !== null && s[k] !== undefined) row[k] = String(s[k])
      row.hours = formatHours(s.hours)
      return row
    })
  return f
}

function trimmed(v) {
  return typeof v === 'string' ? v.trim() : v
}

function isBlankSession(s) {
  return SESSION_TEXT.every((k) => !String(s[k] ?? '').trim()) && !String(s.hours ?? '').trim()
}

// Form values → the ProjectInput body of POST / PUT /projects. Sessions are
// numbered in table order (seq 1…), rows left entirely blank are dropped, and
// the ids of existing sessions are kept (their attendance hangs on them).
export function formToBody(f) {
  const body = { kind: f.kind || 'training' }
  for (const k of TEXT_FIELDS) body[k] = trimmed(f[k] ?? '')
  for (const k of LIST_FIELDS) body[k] = (f[k] || []).map(trimmed).filter((v) => v !== '' && v !== null)
  if (f.organiser_org_id) body.organiser_org_id = f.organiser_org_id
  const hours = hoursValue(f.hours)
  if (hours !== undefined) body.hours = hours
  const capacity = intValue(f.capacity)
  body.capacity = capacity === undefined ? 0 : capacity
  for (const k of ['half_days', 'absence_num', 'absence_den']) {
    const v = intValue(f[k])
    if (v !== undefined) body[k] = v
  }
  body.audience = {}
  for (const k of AUDIENCE_FIELDS) body.audience[k] = [...((f.audience && f.audience[k]) || [])]
  body.sessions = (f.sessions || [])
    .filter((s) => !isBlankSession(s))
    .map((s, i) => {
      const out = { seq: i + 1 }
      if (s.id) out.id = s.id
      for (const k of SESSION_TEXT) out[k] = trimmed(s[k] ?? '')
      const h = hoursValue(s.hours)
      if (h !== undefined) out.hours = h
      return out
    })
  if (body.kind === 'school_module') {
    body.level = '校本'
    body.form = '校本研修'
  }
  return body
}

// A server error's field ("sessions[2].date", "sessions.2.date", "audience.stages[0]",
// "hours") → where the form shows it: {field} or {field: "sessions.<i>.<col>"}.
// The error's row (1-based) names a session when the field does not.
export function formErrorTarget(field, row) {
  if (!field) return null
  const s = String(field)
  const m = /^sessions(?:\[(\d+)\]|\.(\d+))?(?:\.([a-z_]+))?/.exec(s)
  if (m) {
    let i = m[1] ?? m[2]
    if (i === undefined && row !== null && row !== undefined) i = Number(row) - 1
    if (i === undefined) return 'sessions'
    return `sessions.${Number(i)}.${m[3] || 'date'}`
  }
  const a = /^audience(?:\.([a-z_]+))?/.exec(s)
  if (a) return a[1] ? `audience.${a[1]}` : 'audience'
  const plain = /^[A-Za-z_]+/.exec(s)
  return plain ? plain[0] : null
}
