import { describe, expect, it } from 'vitest'
import {
  completionRate,
  currentYear,
  declarationBody,
  errorField,
  fmtCredits,
  localized,
  percent,
  policyLines,
  policyText,
  recordsQuery,
  splitAuditRecords,
  stateTagType,
  statusTagType,
  visibleRequirements,
  yearChoices,
  yearFromQuery,
} from './format.js'
import { menuFor } from '../../layout/menu.js'
import { enumLabel } from '../../i18n/enums.js'

const NOW = new Date(2026, 10, 25)

describe('years', () => {
  it('defaults to the current year and offers a range around it', () => {
    expect(currentYear(NOW)).toBe(2026)
    const ys = yearChoices(NOW, 3)
    expect(ys).toEqual([2027, 2026, 2025, 2024, 2023])
  })
  it('reads a year from the URL or falls back', () => {
    expect(yearFromQuery('2024', NOW)).toBe(2024)
    expect(yearFromQuery(['2023'], NOW)).toBe(2023)
    expect(yearFromQuery('abc', NOW)).toBe(2026)
    expect(yearFromQuery('1999', NOW)).toBe(2026)
    expect(yearFromQuery(undefined, NOW)).toBe(2026)
  })
})

describe('formatting', () => {
  it('writes credits with one decimal', () => {
    expect(fmtCredits(10)).toBe('10.0')
    expect(fmtCredits('3.5')).toBe('3.5')
    expect(fmtCredits(0)).toBe('0.0')
    expect(fmtCredits(null)).toBe('0.0')
    expect(fmtCredits('n/a')).toBe('n/a')
  })
  it('picks the server text of the locale, falling back to the other', () => {
    const s = { text_zh: '学科教学还差 3.5 学分', text_en: 'Subject teaching is 3.5 credits short' }
    expect(localized(s, 'text', 'zh-CN')).toBe(s.text_zh)
    expect(localized(s, 'text', 'en')).toBe(s.text_en)
    expect(localized({ reason_zh: '计入' }, 'reason', 'en')).toBe('计入')
    expect(localized(null, 'text', 'en')).toBe('')
  })
  it('computes bar percentages, clamped', () => {
    expect(percent(3, 6)).toBe(50)
    expect(percent(80, 64)).toBe(100)
    expect(percent(0, 0)).toBe(100)
    expect(percent(-1, 10)).toBe(0)
    expect(completionRate({ teachers: 3, passed: 1 })).toBe(33)
    expect(completionRate({ teachers: 0, passed: 0 })).toBe(100)
  })
  it('maps statuses and states to tag types', () => {
    expect(statusTagType('达标')).toBe('success')
    expect(statusTagType('未达标')).toBe('danger')
    expect(stateTagType('declared')).toBe('warning')
    expect(stateTagType('approved')).toBe('success')
    expect(stateTagType('rejected')).toBe('danger')
    expect(stateTagType('x')).toBe('info')
  })
  it('prints a policy as indented JSON', () => {
    expect(policyText({ name: 'A' })).toBe('{\n  "name": "A"\n}')
    expect(policyText(null)).toBe('{}')
  })
})

describe('audit records', () => {
  it('splits by the server flag counts_in_year', () => {
    const r = splitAuditRecords([
      { id: '1', counts_in_year: true },
      { id: '2', counts_in_year: false, outcome: 'outside_period' },
      { id: '3', counts_in_year: true },
    ])
    expect(r.counted.map((x) => x.id)).toEqual(['1', '3'])
    expect(r.notCounted.map((x) => x.id)).toEqual(['2'])
    expect(splitAuditRecords(undefined)).toEqual({ counted: [], notCounted: [] })
  })
  it('shows the requirements that apply', () => {
    expect(visibleRequirements([{ id: 'a', applies: true }, { id: 'b', applies: false }, { id: 'c' }]).map((q) => q.id)).toEqual([
      'a',
      'c',
    ])
  })
})

describe('requests', () => {
  it('builds the records query without empty filters', () => {
    expect(recordsQuery({ state: 'declared', year: 2026 })).toEqual({ page: 1, page_size: 50, state: 'declared', year: 2026 })
    expect(recordsQuery({ state: '', teacher_id: 7, page_size: 200 })).toEqual({ page: 1, page_size: 200, teacher_id: 7 })
  })
  it('builds a declaration body: trimmed, blanks dropped, hours a number', () => {
    const body = declarationBody({
      source: 'school_activity',
      date: '2026-03-01',
      end_date: '',
      project_name: ' 校本研修 ',
      level: '校本',
      form: '校本研修',
      dimension: '学科教学',
      location: '',
      hours: '10',
      grade: '',
      achievement_type: 'paper',
      topic_tags: '信息技术, 师德',
    })
    expect(body).toEqual({
      source: 'school_activity',
      date: '2026-03-01',
      project_name: '校本研修',
      level: '校本',
      form: '校本研修',
      dimension: '学科教学',
      hours: 10,
      topic_tags: ['信息技术', '师德'],
    })
  })
  it('keeps the achievement type for achievements and passes odd hours on for the server to judge', () => {
    const body = declarationBody({ source: 'achievement', achievement_type: '论文', hours: '1.25', date: '2026-01-01' })
    expect(body.achievement_type).toBe('论文')
    expect(body.hours).toBe(1.25)
    expect(declarationBody({ hours: 'ten' }).hours).toBe('ten')
    expect('hours' in declarationBody({ hours: '' })).toBe(false)
  })
  it('maps an error path to its form field', () => {
    expect(errorField('hours')).toBe('hours')
    expect(errorField('topic_tags[1]')).toBe('topic_tags')
    expect(errorField(null)).toBe(null)
  })
})

describe('credit menus per role', () => {
  const keys = (role) => menuFor(role).map((i) => i.key)
  it('gives 我的学分 to teachers only', () => {
    expect(keys('teacher')).toContain('my-credits')
    for (const r of ['school_admin', 'bureau_admin', 'sys_admin']) expect(keys(r)).not.toContain('my-credits')
  })
  it('gives 学分审核 to school admins, 审批 and 政策 to bureau admins', () => {
    expect(keys('school_admin')).toContain('credit-review')
    expect(keys('school_admin')).not.toContain('credit-approval')
    expect(keys('school_admin')).not.toContain('credit-policy')
    expect(keys('bureau_admin')).toEqual(expect.arrayContaining(['credit-approval', 'credit-policy']))
    expect(keys('bureau_admin')).not.toContain('credit-review')
    expect(keys('teacher')).not.toContain('credit-approval')
    expect(keys('expert').filter((k) => k.startsWith('credit'))).toEqual([])
  })
})

describe('credit enumerations', () => {
  it('labels credit values in both languages', () => {
    expect(enumLabel('credit_level', '校本', 'zh-CN')).toBe('校本')
    expect(enumLabel('credit_level', '校本', 'en')).toBe('School-based')
    expect(enumLabel('credit_state', 'school_verified', 'zh-CN')).toBe('待教育局审批')
    expect(enumLabel('credit_state', 'school_verified', 'en')).toBe('Awaiting bureau')
    expect(enumLabel('credit_outcome', 'over_cap', 'en')).toBe('Over the cap')
    expect(enumLabel('audit_status', '未达标', 'en')).toBe('Not met')
  })
})

describe('policyLines', () => {
  const t = (k, p) => (p ? `${k}(${Object.values(p).join(',')})` : k)
  it('shows every setting, rule and requirement with the origin the server names', () => {
    const info = {
      policy: {
        hours_per_credit: 1,
        coefficients: { default: 1, rules: [{ id: 'online', forms: ['网络研修'], coefficient: 0.7 }] },
        requirements: [
          { id: 'cycle_total', name: '周期总学时', measure: 'hours', minimum: 240, period: { kind: 'cycle', years: 5, start_year: 2021 } },
          { id: 'total', name: '年度总学分', measure: 'credits', minimum: 64, period: { kind: 'year' } },
        ],
      },
      layers: [{ label: '440000 省 2025 v1' }, { label: '441821 区 2025 v2' }],
      origins: {
        settings: { hours_per_credit: 1, 'coefficients.default': 0 },
        rules: [{ id: 'online', layer: 1 }],
        requirements: [{ id: 'cycle_total', layer: 0 }, { id: 'total', layer: 1 }],
      },
    }
    const lines = policyLines(info, t)
    expect(lines.map((l) => [l.kind, l.id, l.origin])).toEqual([
      ['setting', 'hours_per_credit', '441821 区 2025 v2'],
      ['setting', 'coefficients.default', '440000 省 2025 v1'],
      ['rule', 'online', '441821 区 2025 v2'],
      ['requirement', 'cycle_total', '440000 省 2025 v1'],
      ['requirement', 'total', '441821 区 2025 v2'],
    ])
    expect(lines[2].text).toContain('0.70')
    expect(lines[3].text).toContain('240.0')
    expect(lines[3].text).toContain('credits.periodCycle(5,2021)')
  })
  it('is empty before the policy loads', () => {
    expect(policyLines(null, t)).toEqual([])
  })
})
