// The class tutor's attendance grid (课次 × 学员) and grade sheet: what the
// page holds between GET /projects/{id}/attendance and the PUT. Pure state
// functions, unit-tested. None of them applies an assessment rule: absent
// hours, voided courses and passing come from GET …/results.

export const ATTENDANCE_STATUSES = ['present', 'late', 'leave', 'absent']

const cellKey = (registrationId, sessionId) => `${registrationId}:${sessionId}`

// GET …/attendance → the grid: sessions in seq order, participants as the
// server sent them, the saved marks and the marks being edited (equal at first).
export function createGrid(data) {
  const sessions = [...((data && data.sessions) || [])].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
  const rows = ((data && data.rows) || []).map((r) => ({ ...r }))
  const known = new Set(sessions.map((s) => String(s.id)))
  const saved = {}
  for (const r of rows) {
    for (const [sid, status] of Object.entries(r.marks || {})) {
      if (known.has(String(sid)) && ATTENDANCE_STATUSES.includes(status)) saved[cellKey(r.registration_id, sid)] = status
    }
  }
  return { sessions, rows, saved, marks: { ...saved } }
}

export function markOf(grid, registrationId, sessionId) {
  return grid.marks[cellKey(registrationId, sessionId)] || ''
}

// One cell; an unknown status or '' clears the cell (an unmarked cell is not sent).
export function setMark(grid, registrationId, sessionId, status) {
  const k = cellKey(registrationId, sessionId)
  if (ATTENDANCE_STATUSES.includes(status)) grid.marks[k] = status
  else delete grid.marks[k]
}

// Bulk: every participant of one session (sessionId) or of all sessions gets
// `status`; with onlyUnmarked the cells already marked keep their mark.
// Returns the number of cells changed.
export function setAll(grid, status, { sessionId = null, onlyUnmarked = false } = {}) {
  if (!ATTENDANCE_STATUSES.includes(status)) return 0
  const sessions = sessionId == null ? grid.sessions : grid.sessions.filter((s) => String(s.id) === String(sessionId))
  let n = 0
  for (const s of sessions) {
    for (const r of grid.rows) {
      const k = cellKey(r.registration_id, s.id)
      if (onlyUnmarked && grid.marks[k]) continue
      if (grid.marks[k] !== status) n++
      grid.marks[k] = status
    }
  }
  return n
}

// Bulk for one participant across all sessions.
export function setRow(grid, registrationId, status) {
  if (!ATTENDANCE_STATUSES.includes(status)) return 0
  let n = 0
  for (const s of grid.sessions) {
    const k = cellKey(registrationId, s.id)
    if (grid.marks[k] !== status) n++
    grid.marks[k] = status
  }
  return n
}

// The PUT body's marks: the cells whose mark differs from the saved one, in
// session then participant order. (A mark cannot be removed once saved.)
export function changedMarks(grid) {
  const out = []
  for (const s of grid.sessions) {
    for (const r of grid.rows) {
      const k = cellKey(r.registration_id, s.id)
      const v = grid.marks[k]
      if (v && v !== grid.saved[k]) out.push({ session_id: s.id, registration_id: r.registration_id, status: v })
    }
  }
  return out
}

// After a successful PUT: what is shown is what is saved.
export function markSaved(grid) {
  grid.saved = { ...grid.marks }
}

// Counts of a session's column (or, with registrationId, of a participant's row).
export function tally(grid, { sessionId = null, registrationId = null } = {}) {
  const t = { present: 0, late: 0, leave: 0, absent: 0, unmarked: 0 }
  const sessions = sessionId == null ? grid.sessions : grid.sessions.filter((s) => String(s.id) === String(sessionId))
  const rows = registrationId == null ? grid.rows : grid.rows.filter((r) => String(r.registration_id) === String(registrationId))
  for (const s of sessions) {
    for (const r of rows) {
      const v = grid.marks[cellKey(r.registration_id, s.id)]
      t[v || 'unmarked']++
    }
  }
  return t
}

// el-tag type of an attendance status.
export function attendanceTagType(status) {
  return { present: 'success', late: 'warning', leave: 'info', absent: 'danger' }[status] || ''
}

// The courses of a project: the distinct session courses in seq order (blank courses left out).
export function coursesOf(sessions) {
  const out = []
  for (const s of [...(sessions || [])].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) {
    const c = (s.course || '').trim()
    if (c && !out.includes(c)) out.push(c)
  }
  return out
}

// Grade sheet rows from GET …/results: {registration_id, teacher_name, grade, courses: {course: grade}}.
export function gradeSheet(results, courses) {
  return ((results && results.items) || []).map((r) => {
    const byCourse = {}
    for (const c of r.courses || []) if (c.grade) byCourse[c.course] = c.grade
    const sheetCourses = {}
    for (const c of courses || []) sheetCourses[c] = byCourse[c] || ''
    return { registration_id: r.registration_id, teacher_name: r.teacher_name, grade: r.grade || '', courses: sheetCourses }
  })
}

// PUT …/grades body: only the participants whose overall or course grades
// changed against `before` (the sheet as loaded); a grade emptied is sent as
// "" (the server clears it), one left blank is not sent.
export function gradesBody(sheet, before) {
  const prev = Object.fromEntries((before || []).map((r) => [String(r.registration_id), r]))
  const grades = []
  for (const r of sheet || []) {
    const p = prev[String(r.registration_id)] || { grade: '', courses: {} }
    const item = { registration_id: r.registration_id }
    if ((r.grade || '') !== (p.grade || '')) item.grade = r.grade || ''
    const courses = {}
    for (const [c, g] of Object.entries(r.courses || {})) if ((g || '') !== ((p.courses || {})[c] || '')) courses[c] = g || ''
    if (Object.keys(courses).length) item.courses = courses
    if ('grade' in item || item.courses) grades.push(item)
  }
  return { grades }
}

// The participants who may take a make-up (补考): not passed and no make-up grade yet.
export function needsMakeup(item) {
  return !!item && item.passed === false && !item.makeup_grade
}
