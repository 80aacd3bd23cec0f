import { describe, expect, it } from 'vitest'
import { enumLabel, enumOptions, enumValues, setVocabularies } from './enums.js'
import vocabularies from './vocabularies.fixture.json'
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

  it('labels every value the server serves, and nothing before it arrives', () => {
    for (const [kind, terms] of Object.entries(vocabularies)) {
      expect(enumValues(kind)).toEqual(terms.map((t) => t.value))
      for (const { value, zh, en } of terms) {
        expect(enumLabel(kind, value, 'en')).toBe(en)
        expect(enumLabel(kind, value, 'zh-CN')).toBe(zh)
      }
    }
    setVocabularies({})
    expect(enumLabel('stage', '小学', 'en')).toBe('小学')
    expect(enumOptions('stage', 'en')).toEqual([])
    setVocabularies(vocabularies)
  })

  it('gives select options in the server\'s order', () => {
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
