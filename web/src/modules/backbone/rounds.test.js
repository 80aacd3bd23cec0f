import { describe, expect, it } from 'vitest'
import { applicationTagType, can, creditLine, quotaItems, roundBody, scoreSummary } from './rounds.js'

describe('backbone helpers', () => {
  it('reads actions from the server only', () => {
    expect(can({ actions: ['forward'] }, 'forward')).toBe(true)
    expect(can({ actions: [] }, 'forward')).toBe(false)
    expect(can(null, 'forward')).toBe(false)
  })
  it('shapes the round body', () => {
    expect(
      roundBody({ level: '市级', year: '2026', title: ' 遴选 ', apply: ['2026-03-01', '2026-03-31'], review: ['2026-04-01', '2026-04-30'] }),
    ).toEqual({
      level: '市级',
      year: 2026,
      title: '遴选',
      apply_start: '2026-03-01',
      apply_end: '2026-03-31',
      review_start: '2026-04-01',
      review_end: '2026-04-30',
      min_teaching_years: 0,
      max_age: 0,
    })
    expect(roundBody({ owner_org_id: 5 }).owner_org_id).toBe(5)
  })
  it('drops quota rows without an org', () => {
    expect(quotaItems([{ org_id: 3, quota: '2' }, { org_id: null, quota: 1 }])).toEqual([{ org_id: 3, quota: 2 }])
  })
  it('summarises the score board the server computed', () => {
    expect(scoreSummary({ average: 80, spread: 20 })).toBe('80.0（20）')
    expect(scoreSummary({ average: null, spread: null })).toBe('')
  })
  it('formats tags and credit lines', () => {
    expect(applicationTagType('forwarded')).toBe('success')
    expect(applicationTagType('x')).toBe('info')
    expect(creditLine({ year: 2025, total_credits: '72', status: '达标' })).toBe('2025: 72 · 达标')
  })
})
