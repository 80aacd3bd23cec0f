import { describe, expect, it } from 'vitest'
import { fmtShortfall, shortfallUnitKey } from './nominate.js'
import zh from '../../i18n/zh-CN.js'
import en from '../../i18n/en.js'

describe('nomination shortfall', () => {
  it('labels the column with the unit the server gives', () => {
    expect(shortfallUnitKey([{ shortfall: 6, shortfall_unit: 'credits' }])).toBe('project.nominate.unitCredits')
    expect(shortfallUnitKey([{ shortfall: 6, shortfall_unit: 'hours' }])).toBe('project.nominate.unitHours')
    expect(shortfallUnitKey([])).toBe('project.nominate.unitCredits')
    // The label has a slot for the unit in both languages (not a fixed 学时).
    expect(zh.project.nominate.shortfall).toBe('缺口（{unit}）')
    expect(zh.project.nominate.unitCredits).toBe('学分')
    expect(en.project.nominate.shortfall).toContain('{unit}')
    expect(fmtShortfall(3.25)).toBe('3.3')
    expect(fmtShortfall('x')).toBe('')
  })
})
