import { describe, expect, it } from 'vitest'
import { chinaTime, filterSchools, planBody, statusTagType } from './plans.js'

const ITEMS = [
  { school_id: 1, school_code: '441821101001', school_name: '石角镇中心小学', status: 'filed' },
  { school_id: 2, school_code: '441821102001', school_name: '汤塘镇中心小学', status: 'late' },
  { school_id: 3, school_code: '441821001', school_name: '示范县第一中学', status: 'not_filed' },
]

describe('school plans', () => {
  it('tags statuses', () => {
    expect(statusTagType('filed')).toBe('success')
    expect(statusTagType('late')).toBe('warning')
    expect(statusTagType('not_filed')).toBe('danger')
    expect(statusTagType('other')).toBe('info')
  })

  it('formats times in China time whatever the browser zone', () => {
    // 2026-03-01 15:59:59 UTC is 23:59 in Beijing; 16:00 UTC is the next day.
    expect(chinaTime(Date.UTC(2026, 2, 1, 15, 59, 59) / 1000)).toBe('2026-03-01 23:59')
    expect(chinaTime(Date.UTC(2026, 2, 1, 16, 0, 0) / 1000)).toBe('2026-03-02 00:00')
    expect(chinaTime(0)).toBe('')
    expect(chinaTime(null)).toBe('')
  })

  it('filters by status and by name or code', () => {
    expect(filterSchools(ITEMS, '', '').map((i) => i.school_id)).toEqual([1, 2, 3])
    expect(filterSchools(ITEMS, 'late', '').map((i) => i.school_id)).toEqual([2])
    expect(filterSchools(ITEMS, '', ' 中心小学 ').map((i) => i.school_id)).toEqual([1, 2])
    expect(filterSchools(ITEMS, 'not_filed', '441821').map((i) => i.school_id)).toEqual([3])
    expect(filterSchools(null, '', '')).toEqual([])
  })

  it('builds the filing body', () => {
    expect(planBody({ title: 'T', content: 'C' })).toEqual({ title: 'T', content: 'C' })
    expect(planBody({ title: 'T', content: 'C', school_id: 7 })).toEqual({ title: 'T', content: 'C', school_id: 7 })
    expect(planBody({})).toEqual({ title: '', content: '' })
  })
})
