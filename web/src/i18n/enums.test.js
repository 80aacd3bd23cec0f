import { describe, expect, it } from 'vitest'
import { ENUMS, enumLabel, enumOptions } from './enums.js'
import zhCN from './zh-CN.js'
import en from './en.js'

describe('enum labels', () => {
  it('shows Chinese enum values as they are in zh-CN', () => {
    expect(enumLabel('stage', '小学', 'zh-CN')).toBe('小学')
    expect(enumLabel('status', '退休', 'zh-CN')).toBe('退休')
    expect(enumLabel('title', '一级教师', 'zh-CN')).toBe('一级教师')
  })

  it('maps them to English labels in en', () => {
    expect(enumLabel('stage', '小学', 'en')).toBe('Primary')
    expect(enumLabel('stage', '特殊教育', 'en')).toBe('Special education')
    expect(enumLabel('sex', '女', 'en')).toBe('Female')
    expect(enumLabel('status', '调出', 'en')).toBe('Transferred out')
    expect(enumLabel('backbone_level', '国家级', 'en')).toBe('National')
    expect(enumLabel('posts', '班主任', 'en')).toBe('Head teacher')
    expect(enumLabel('title', '未定级', 'en')).toBe('Unranked')
  })

  it('labels code-valued enums (role, org type) in both languages', () => {
    expect(enumLabel('role', 'school_admin', 'zh-CN')).toBe('学校/中心校管理员')
    expect(enumLabel('role', 'school_admin', 'en')).toBe('School or center-school admin')
    expect(enumLabel('org_type', 'township', 'zh-CN')).toBe('乡镇中心校')
    expect(enumLabel('org_type', 'county', 'en')).toBe('County / district')
  })

  it('passes unknown values and kinds through, and blanks empty ones', () => {
    expect(enumLabel('stage', '大学', 'en')).toBe('大学')
    expect(enumLabel('nope', 'x', 'en')).toBe('x')
    expect(enumLabel('stage', null, 'en')).toBe('')
    expect(enumLabel('stage', '', 'zh-CN')).toBe('')
  })

  const CODED = ['role', 'org_type', 'credit_source', 'credit_state', 'project_state', 'project_kind', 'project_approval', 'registration_state', 'registration_origin', 'attendance_status']
  it('has an English label for every value of the contract and a Chinese one for coded kinds', () => {
    for (const [kind, values] of Object.entries(ENUMS)) {
      for (const v of values) {
        const label = enumLabel(kind, v, 'en')
        expect(label, `${kind}.${v}`).not.toBe(v)
        expect(label, `${kind}.${v}`).toMatch(/^[A-Za-z]/)
        if (CODED.includes(kind)) expect(enumLabel(kind, v, 'zh-CN')).toMatch(/[\u4e00-\u9fa5]/)
      }
    }
  })

  it('gives select options in the contract order', () => {
    expect(enumOptions('stage', 'zh-CN').map((o) => o.value)).toEqual(['幼儿园', '小学', '初中', '高中', '中职', '特殊教育'])
    expect(enumOptions('sex', 'en')).toEqual([
      { value: '男', label: 'Male' },
      { value: '女', label: 'Female' },
    ])
  })
})

function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

describe('message files', () => {
  it('zh-CN and en have the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('contain no vue-i18n special characters that would break compilation', () => {
    for (const [name, msgs] of [['zh-CN', zhCN], ['en', en]]) {
      for (const k of keys(msgs)) {
        const v = k.split('.').reduce((o, p) => o[p], msgs)
        expect(v, `${name}:${k}`).not.toMatch(/[@|]/)
      }
    }
  })
})
