import { describe, expect, it } from 'vitest'
import {
  ATTENDANCE_STATUSES,
  attendanceTagType,
  changedMarks,
  coursesOf,
  createGrid,
  gradeSheet,
  gradesBody,
  markOf,
  markSaved,
  needsMakeup,
  setAll,
  setMark,
  setRow,
  tally,
} from './attendance.js'
import { enumLabel } from '../../i18n/enums.js'

// Two sessions (sent out of order), two participants; one mark saved, one
// for a session the project no longer has, one with an unknown status.
const data = () => ({
  sessions: [
    { id: 12, seq: 2, course: '课程B', date: '2026-05-11', start_time: '14:00', end_time: '17:00', hours: 3 },
    { id: 11, seq: 1, course: '课程A', date: '2026-05-10', start_time: '09:00', end_time: '12:00', hours: 3 },
  ],
  rows: [
    { registration_id: 1, teacher_name: '张三', marks: { 11: 'late', 99: 'present' } },
    { registration_id: 2, teacher_name: '李四', marks: { 12: 'excused' } },
  ],
})

describe('attendance grid', () => {
  it('orders sessions by seq and keeps only known sessions and statuses', () => {
    const g = createGrid(data())
    expect(g.sessions.map((s) => s.id)).toEqual([11, 12])
    expect(g.saved).toEqual({ '1:11': 'late' })
    expect(markOf(g, 1, 11)).toBe('late')
    expect(markOf(g, 2, 12)).toBe('')
    expect(changedMarks(g)).toEqual([])
    expect(createGrid(null)).toEqual({ sessions: [], rows: [], saved: {}, marks: {} })
  })

  it('sets and clears one cell; only changed cells are sent', () => {
    const g = createGrid(data())
    setMark(g, 2, 12, 'absent')
    setMark(g, 1, 11, 'late') // same as saved: not sent
    expect(changedMarks(g)).toEqual([{ session_id: 12, registration_id: 2, status: 'absent' }])
    setMark(g, 2, 12, '')
    expect(markOf(g, 2, 12)).toBe('')
    setMark(g, 2, 12, 'bogus')
    expect(changedMarks(g)).toEqual([])
  })

  it('全部出勤 for one session marks every participant of that session only', () => {
    const g = createGrid(data())
    expect(setAll(g, 'present', { sessionId: 11 })).toBe(2) // 1:11 late→present, 2:11 unmarked→present
    expect(markOf(g, 1, 11)).toBe('present')
    expect(markOf(g, 2, 11)).toBe('present')
    expect(markOf(g, 1, 12)).toBe('')
    expect(changedMarks(g)).toEqual([
      { session_id: 11, registration_id: 1, status: 'present' },
      { session_id: 11, registration_id: 2, status: 'present' },
    ])
  })

  it('bulk over all sessions, optionally leaving marked cells alone', () => {
    const g = createGrid(data())
    expect(setAll(g, 'present', { onlyUnmarked: true })).toBe(3)
    expect(markOf(g, 1, 11)).toBe('late')
    expect(tally(g)).toEqual({ present: 3, late: 1, leave: 0, absent: 0, unmarked: 0 })
    expect(setAll(g, 'present')).toBe(1)
    expect(setAll(g, 'present')).toBe(0)
    expect(setAll(g, 'nope')).toBe(0)
  })

  it('a participant across all sessions', () => {
    const g = createGrid(data())
    expect(setRow(g, 2, 'leave')).toBe(2)
    expect(tally(g, { registrationId: 2 })).toEqual({ present: 0, late: 0, leave: 2, absent: 0, unmarked: 0 })
    expect(tally(g, { sessionId: 11 })).toEqual({ present: 0, late: 1, leave: 1, absent: 0, unmarked: 0 })
    expect(setRow(g, 2, 'x')).toBe(0)
  })

  it('after saving nothing is pending', () => {
    const g = createGrid(data())
    setAll(g, 'absent', { sessionId: 12 })
    expect(changedMarks(g).length).toBe(2)
    markSaved(g)
    expect(changedMarks(g)).toEqual([])
    setMark(g, 1, 12, 'present')
    expect(changedMarks(g)).toEqual([{ session_id: 12, registration_id: 1, status: 'present' }])
  })

  it('labels and colours the four statuses', () => {
    expect(ATTENDANCE_STATUSES).toEqual(['present', 'late', 'leave', 'absent'])
    expect(ATTENDANCE_STATUSES.map((s) => enumLabel('attendance_status', s, 'zh-CN'))).toEqual(['出勤', '迟到', '请假', '缺勤'])
    expect(ATTENDANCE_STATUSES.map((s) => enumLabel('attendance_status', s, 'en'))).toEqual(['Present', 'Late', 'On leave', 'Absent'])
    expect(ATTENDANCE_STATUSES.map(attendanceTagType)).toEqual(['success', 'warning', 'info', 'danger'])
    expect(attendanceTagType('')).toBe('')
  })
})

describe('grades', () => {
  const results = {
    items: [
      { registration_id: 1, teacher_name: '张三', grade: '合格', courses: [{ course: '课程A', grade: '优秀' }, { course: '课程B', grade: '' }] },
      { registration_id: 2, teacher_name: '李四', grade: '', courses: [] },
    ],
  }

  it('lists the distinct courses in session order', () => {
    expect(coursesOf(data().sessions)).toEqual(['课程A', '课程B'])
    expect(coursesOf([{ seq: 1, course: ' ' }, { seq: 2, course: 'X' }, { seq: 3, course: 'X' }])).toEqual(['X'])
    expect(coursesOf(undefined)).toEqual([])
  })

  it('builds the sheet from the results, one cell per course', () => {
    const sheet = gradeSheet(results, ['课程A', '课程B'])
    expect(sheet).toEqual([
      { registration_id: 1, teacher_name: '张三', grade: '合格', courses: { 课程A: '优秀', 课程B: '' } },
      { registration_id: 2, teacher_name: '李四', grade: '', courses: { 课程A: '', 课程B: '' } },
    ])
  })

  it('sends only changed grades; an emptied grade is sent as a clear', () => {
    const before = gradeSheet(results, ['课程A', '课程B'])
    const sheet = structuredClone(before)
    expect(gradesBody(sheet, before)).toEqual({ grades: [] })
    sheet[0].courses['课程B'] = '良好'
    sheet[1].grade = '优秀'
    expect(gradesBody(sheet, before)).toEqual({
      grades: [
        { registration_id: 1, courses: { 课程B: '良好' } },
        { registration_id: 2, grade: '优秀' },
      ],
    })
    expect(gradesBody(sheet, [])).toEqual({
      grades: [
        { registration_id: 1, grade: '合格', courses: { 课程A: '优秀', 课程B: '良好' } },
        { registration_id: 2, grade: '优秀' },
      ],
    })
    sheet[0].grade = null // el-select cleared
    sheet[0].courses['课程A'] = ''
    expect(gradesBody(sheet, before).grades[0]).toEqual({ registration_id: 1, grade: '', courses: { 课程A: '', 课程B: '良好' } })
  })

  it('offers a make-up to the failed without one', () => {
    expect(needsMakeup({ passed: false, makeup_grade: '' })).toBe(true)
    expect(needsMakeup({ passed: false, makeup_grade: '合格' })).toBe(false)
    expect(needsMakeup({ passed: true })).toBe(false)
    expect(needsMakeup(null)).toBe(false)
  })
})
