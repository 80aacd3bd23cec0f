import { describe, expect, it } from 'vitest'
import { barOption, rate, schoolRows, trend } from './overview.js'

const o = {
  this_year: { year: 2026, teachers: 200, passed: 150, exempt: 4 },
  last_year: { year: 2025, teachers: 190, passed: 95, exempt: 0 },
  schools: [
    { school_id: 1, school: '第一中学', teachers: 100, passed: 90, exempt: 2 },
    { school_id: 2, school: '城东小学', teachers: 100, passed: 60, exempt: 2 },
    { school_id: 3, school: '空学校', teachers: 0, passed: 0, exempt: 0 },
  ],
}

describe('desk overview', () => {
  it('rates, trend and schools lowest first', () => {
    expect(rate(o.this_year)).toBe(75)
    expect(rate(o.last_year)).toBe(50)
    expect(trend(o)).toBe(25)
    expect(rate({ teachers: 0, passed: 0 })).toBe(null)
    expect(trend({ this_year: o.this_year, last_year: { teachers: 0, passed: 0 } })).toBe(null)
    expect(schoolRows(o).map((s) => s.school_id)).toEqual([3, 2, 1])
  })
  it('a chart shows the same rows as its table', () => {
    const rows = schoolRows(o)
    const opt = barOption(rows, (r) => r.school, (r) => r.rate, { percent: true })
    expect(opt.yAxis.data).toEqual(rows.map((r) => r.school))
    expect(opt.series[0].data).toEqual([null, 60, 90])
    expect(opt.xAxis.max).toBe(100)
  })
})
