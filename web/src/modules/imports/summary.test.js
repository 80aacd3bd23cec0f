import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import zhCN from '../../i18n/zh-CN.js'
import en from '../../i18n/en.js'
import { fileByRole, importOutcome, importQuery, pickMessage, summaryCounts } from './summary.js'

const base = { rows: 3, valid: 1, invalid: 2, inserted: 0, updated: 0, unchanged: 0, accounts: 0, problem_count: 2 }

function say(outcome, locale = 'zh-CN') {
  const i18n = createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } })
  return i18n.global.t(`imports.outcome.${outcome.key}`, outcome.params)
}

describe('importOutcome', () => {
  it('bad rows, all-or-nothing: not written, says how many and what to do', () => {
    const o = importOutcome({ ...base, mode: 'insert', written: false })
    expect(o.type).toBe('error')
    expect(o.key).toBe('notWrittenErrors')
    expect(say(o)).toBe('发现 2 行错误，未写入任何数据。请下载错误报告修改后重新导入，或勾选“只导入正确的行”。')
    expect(say(o, 'en')).toContain('2')
    expect(say(o, 'en')).toMatch(/nothing was written/i)
  })

  it('every row bad: no hint to import the good rows', () => {
    const o = importOutcome({ ...base, valid: 0, invalid: 3, mode: 'upsert', written: false })
    expect(o.key).toBe('notWrittenAllBad')
    expect(say(o)).not.toContain('只导入正确的行')
  })

  it('written without errors: success with the counts', () => {
    const o = importOutcome({ ...base, valid: 3, invalid: 0, inserted: 2, updated: 1, accounts: 2, mode: 'upsert', written: true })
    expect(o).toMatchObject({ type: 'success', key: 'written' })
    const text = say(o)
    expect(text).toContain('已写入')
    expect(text).toContain('新增 2')
    expect(text).toContain('更新 1')
  })

  it('written with good_rows_only and bad rows: a warning naming the rows left out', () => {
    const o = importOutcome({ ...base, inserted: 1, mode: 'insert', written: true })
    expect(o).toMatchObject({ type: 'warning', key: 'writtenPartial' })
    expect(say(o)).toContain('2 行')
  })

  it('dry-run never says written', () => {
    const ok = importOutcome({ ...base, valid: 3, invalid: 0, inserted: 3, mode: 'dry-run', written: false })
    expect(ok).toMatchObject({ type: 'success', key: 'dryRunOk' })
    expect(say(ok)).toContain('未写入')
    const bad = importOutcome({ ...base, mode: 'dry-run', written: false })
    expect(bad).toMatchObject({ type: 'warning', key: 'dryRunErrors' })
  })

  it('an empty file', () => {
    expect(importOutcome({ ...base, rows: 0, valid: 0, invalid: 0, mode: 'insert', written: false }).key).toBe('noRows')
  })

  it('no result, no banner', () => {
    expect(importOutcome(null)).toBeNull()
  })
})

describe('pickMessage', () => {
  const m = { message: '身份证号校验位错误', message_en: 'Wrong ID check digit' }
  it('picks by locale, falls back to what exists', () => {
    expect(pickMessage(m, 'zh-CN')).toBe('身份证号校验位错误')
    expect(pickMessage(m, 'en')).toBe('Wrong ID check digit')
    expect(pickMessage({ message: '只有中文' }, 'en')).toBe('只有中文')
    expect(pickMessage({ message_en: 'only en' }, 'zh-CN')).toBe('only en')
    expect(pickMessage(null, 'en')).toBe('')
  })
})

describe('summaryCounts', () => {
  it('insert mode leaves out updated/unchanged', () => {
    expect(summaryCounts({ ...base, mode: 'insert' }).map((c) => c.key)).toEqual(['rows', 'valid', 'invalid', 'inserted', 'accounts'])
    expect(summaryCounts({ ...base, mode: 'upsert' }).map((c) => c.key)).toContain('updated')
    expect(summaryCounts({ ...base, mode: 'upsert' }).find((c) => c.key === 'invalid').value).toBe(2)
    expect(summaryCounts({ ...base, mode: 'dry-run' }, 'credits').map((c) => c.key)).toEqual(['rows', 'valid', 'invalid', 'inserted'])
    expect(summaryCounts({ ...base, mode: 'insert' }, 'exemptions').map((c) => c.key)).toEqual(['rows', 'valid', 'invalid', 'inserted', 'updated', 'unchanged'])
  })
})

describe('fileByRole / importQuery', () => {
  it('finds a file by role', () => {
    const job = { files: [{ id: 1, role: 'error_report' }, { id: 2, role: 'initial_passwords', once: true }] }
    expect(fileByRole(job, 'initial_passwords').id).toBe(2)
    expect(fileByRole(job, 'export')).toBeNull()
    expect(fileByRole(null, 'export')).toBeNull()
  })
  it('builds the query', () => {
    expect(importQuery({ mode: 'insert', goodRowsOnly: true, filename: 'a.csv' })).toEqual({
      mode: 'insert',
      good_rows_only: 1,
      filename: 'a.csv',
    })
    expect(importQuery({})).toEqual({ mode: 'dry-run', good_rows_only: 0, filename: '' })
  })
})
