import { describe, expect, it } from 'vitest'
import { assessmentBody, assessmentTagType, needsReason, reviewActions, reviewBody } from './assessments.js'

describe('annual assessment helpers', () => {
  it('shows only the review actions the server allows, in order', () => {
    expect(reviewActions({ actions: ['reopen', 'pass', 'fail', 'return'] })).toEqual(['pass', 'fail', 'return', 'reopen'])
    expect(reviewActions({ actions: ['submit'] })).toEqual([])
    expect(reviewActions(null)).toEqual([])
  })
  it('asks a reason for fail and return only', () => {
    expect(needsReason('fail')).toBe(true)
    expect(needsReason('return')).toBe(true)
    expect(needsReason('pass')).toBe(false)
    expect(needsReason('reopen')).toBe(false)
  })
  it('shapes the bodies', () => {
    expect(assessmentBody({ teacher_id: '7', year: '2026', self_assessment: ' 自评 ' })).toEqual({ teacher_id: 7, year: 2026, self_assessment: '自评' })
    expect(reviewBody('pass', '  ')).toEqual({ action: 'pass' })
    expect(reviewBody('fail', ' 未完成 ')).toEqual({ action: 'fail', reason: '未完成' })
  })
  it('tags states', () => {
    expect(assessmentTagType('passed')).toBe('success')
    expect(assessmentTagType('school')).toBe('info')
  })
})
