import { describe, expect, it } from 'vitest'
import { reactive } from 'vue'
import { clearErrorsOnEdit, showFieldErrors } from './fieldErrors.js'
import { toApiError } from './client.js'

describe('field errors', () => {
  it('marks every field the server names at once', () => {
    const e = toApiError(400, {
      error: {
        code: 'invalid_argument',
        message: '缺少必填字段：日期',
        field: 'date',
        fields: [
          { field: 'date', message: '缺少必填字段：日期' },
          { field: 'level', message: '缺少必填字段：级别' },
          { field: 'dimension', message: '缺少必填字段：维度' },
          { field: 'elsewhere', message: 'x' },
        ],
      },
    })
    expect(e.fields).toHaveLength(4)
    const errors = reactive({})
    const known = new Set(['date', 'level', 'dimension'])
    const rest = showFieldErrors(errors, e, (f) => (known.has(f) ? f : null))
    expect(errors).toEqual({ date: '缺少必填字段：日期', level: '缺少必填字段：级别', dimension: '缺少必填字段：维度' })
    expect(rest).toEqual(['x'])
  })

  it('falls back to the single field, and to a general message', () => {
    const errors = reactive({})
    expect(showFieldErrors(errors, toApiError(400, { error: { message: 'm', field: 'hours' } }))).toEqual([])
    expect(errors.hours).toBe('m')
    expect(showFieldErrors(reactive({}), toApiError(422, { error: { message: '已关闭' } }))).toEqual(['已关闭'])
    // A malformed fields list is ignored.
    expect(toApiError(400, { error: { fields: 'no' } }).fields).toEqual([])
  })

  it('clears a mark once its field is edited, and only that one', () => {
    const form = reactive({ date: '', end_date: '', level: '', hours: '' })
    const errors = reactive({ date: '必填', level: '必填', end_date: '早于开始', hours: '范围' })
    const stop = clearErrorsOnEdit(form, errors, { date: ['end_date'] })
    form.level = '校级'
    expect(errors).toEqual({ date: '必填', end_date: '早于开始', hours: '范围' })
    form.date = '2026-03-01'
    expect(errors).toEqual({ hours: '范围' })
    stop()
    form.hours = '3'
    expect(errors).toEqual({ hours: '范围' })
  })
})
