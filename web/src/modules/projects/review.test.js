import { describe, expect, it } from 'vitest'
import { fmtAverage, myReview, reviewBody, scoreForm, scoreProblems, scoreTotal } from './review.js'
import { candidateSelectable, nominationOutcome } from './nomination.js'
import { quotaBody, quotaErrorIndex, quotaProblems, quotaSum } from './quota.js'
import { listQuery, listStateFromRoute } from './query.js'

const RUBRIC = [
  { criterion: '目标定位', max: 20 },
  { criterion: '课程设计', max: 30 },
]

describe('scoring', () => {
  it('prefills from a review and totals', () => {
    const f = scoreForm(RUBRIC, { 目标定位: 18 })
    expect(f).toEqual({ 目标定位: 18, 课程设计: null })
    expect(scoreTotal(f)).toBe(18)
    expect(scoreForm(RUBRIC, null)).toEqual({ 目标定位: null, 课程设计: null })
  })

  it('accepts 0 and the maximum, not one more, nor a fraction or a blank', () => {
    expect(scoreProblems(RUBRIC, { 目标定位: 0, 课程设计: 30 })).toEqual([])
    const p = scoreProblems(RUBRIC, { 目标定位: 21, 课程设计: null })
    expect(p.map((x) => [x.criterion, x.key])).toEqual([
      ['目标定位', 'project.review.scoreRange'],
      ['课程设计', 'project.review.scoreMissing'],
    ])
    expect(p[0].params).toEqual({ criterion: '目标定位', max: 20 })
    expect(scoreProblems(RUBRIC, { 目标定位: 1.5, 课程设计: -1 })).toHaveLength(2)
  })

  it('builds the body with numbers and trimmed comments', () => {
    expect(reviewBody(RUBRIC, { 目标定位: '18', 课程设计: 25 }, '  好 ')).toEqual({ scores: { 目标定位: 18, 课程设计: 25 }, comments: '好' })
  })

  it('finds my review and formats the average', () => {
    const board = { reviews: [{ expert_id: 4 }, { expert_id: 8, total: 80 }] }
    expect(myReview(board, 8)).toEqual({ expert_id: 8, total: 80 })
    expect(myReview(board, 5)).toBeNull()
    expect(myReview(null, 5)).toBeNull()
    expect(fmtAverage(null)).toBe('—')
    expect(fmtAverage(82.3333)).toBe('82.3')
    expect(fmtAverage(80)).toBe('80')
  })
})

describe('nominations', () => {
  it('reads a registration or an error per teacher', () => {
    expect(nominationOutcome({ teacher_id: 1, registration: { state: 'accepted' } })).toEqual({ ok: true, state: 'accepted' })
    expect(nominationOutcome({ teacher_id: 2, error: { code: 'conflict', message: '与“暑期班”时间重叠' } })).toEqual({
      ok: false,
      message: '与“暑期班”时间重叠',
      code: 'conflict',
    })
    expect(nominationOutcome({ teacher_id: 3, error: 'x' })).toEqual({ ok: false, message: 'x', code: '' })
  })

  it('does not offer teachers who hold or wait for a seat', () => {
    expect(candidateSelectable({ registration_state: '' })).toBe(true)
    expect(candidateSelectable({ registration_state: 'withdrawn' })).toBe(true)
    expect(candidateSelectable({ registration_state: 'rejected' })).toBe(true)
    for (const s of ['pending_school', 'pending_county', 'accepted', 'waitlisted']) expect(candidateSelectable({ registration_state: s })).toBe(false)
  })
})

describe('quotas', () => {
  it('sums, checks and builds the body', () => {
    const rows = [
      { org_id: 5, quota: 3, used: 1 },
      { org_id: null, quota: 2 },
      { org_id: 5, quota: '4' },
    ]
    expect(quotaSum(rows)).toBe(9)
    expect(quotaProblems(rows)).toEqual([
      { index: 1, key: 'project.quota.orgRequired' },
      { index: 2, key: 'project.quota.duplicate' },
    ])
    expect(quotaBody([{ org_id: 5, quota: '4', used: 2, org_name: 'x' }])).toEqual([{ org_id: 5, quota: 4 }])
    expect(quotaErrorIndex('items[2].quota')).toBe(2)
    expect(quotaErrorIndex('items')).toBeNull()
    expect(quotaErrorIndex(null)).toBeNull()
  })
})

describe('list query', () => {
  it('reads the route and writes the API and route queries', () => {
    const s = listStateFromRoute({ state: 'draft', q: ' 数学 ', page: '2', junk: '1' })
    expect(s).toEqual({ state: 'draft', kind: '', q: ' 数学 ', page: 2, page_size: 20 })
    expect(listQuery(s)).toEqual({ state: 'draft', q: '数学', page: 2, page_size: 20 })
    expect(listQuery({ ...s, page: 1 }, true)).toEqual({ state: 'draft', q: '数学' })
    expect(listStateFromRoute({ page: '-1' }).page).toBe(1)
  })
})
