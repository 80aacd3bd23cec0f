import { describe, expect, it } from 'vitest'
import {
  baseUrlNotice,
  certificateBody,
  certificateFileName,
  certificatePdfPath,
  evidencePath,
  fmtSize,
  fmtTimestamp,
  mayUploadEvidence,
} from './evidence.js'

describe('the certificate base URL notice', () => {
  it('shows the configured address, the demo default, or that none is set', () => {
    expect(baseUrlNotice({ base_url: 'https://jj.example.cn', base_url_source: 'setting' })).toEqual({
      type: 'info',
      key: 'certificate.baseUrl',
      url: 'https://jj.example.cn',
    })
    expect(baseUrlNotice({ base_url: 'http://127.0.0.1:8080', base_url_source: 'demo' })).toEqual({
      type: 'warning',
      key: 'certificate.baseUrlDemo',
      url: 'http://127.0.0.1:8080',
    })
    expect(baseUrlNotice({ base_url: null, base_url_source: 'missing' }).key).toBe('certificate.baseUrlMissing')
    expect(baseUrlNotice(null).type).toBe('error')
  })
})

describe('evidence helpers', () => {
  it('builds the evidence paths', () => {
    expect(evidencePath(7)).toBe('/credits/records/7/evidence')
    expect(evidencePath(7, 3)).toBe('/credits/records/7/evidence/3')
    expect(evidencePath('12', null)).toBe('/credits/records/12/evidence')
  })
  it('offers the upload to a teacher only on a declared record, always to an admin', () => {
    expect(mayUploadEvidence({ teacher: true, state: 'declared' })).toBe(true)
    expect(mayUploadEvidence({ teacher: true, state: 'school_verified' })).toBe(false)
    expect(mayUploadEvidence({ teacher: true, state: 'rejected' })).toBe(false)
    expect(mayUploadEvidence({ teacher: false, state: 'approved' })).toBe(true)
    expect(mayUploadEvidence()).toBe(true)
  })
  it('formats sizes', () => {
    expect(fmtSize(0)).toBe('0 B')
    expect(fmtSize(512)).toBe('512 B')
    expect(fmtSize(2048)).toBe('2.0 KB')
    expect(fmtSize(10 * 1024 * 1024)).toBe('10.0 MB')
    expect(fmtSize(undefined)).toBe('')
    expect(fmtSize(-1)).toBe('')
  })
  it('formats server timestamps in local time', () => {
    const s = new Date(2026, 2, 5, 9, 7).getTime() / 1000
    expect(fmtTimestamp(s)).toBe('2026-03-05 09:07')
    expect(fmtTimestamp(0)).toBe('')
    expect(fmtTimestamp('x')).toBe('')
  })
})

describe('certificate helpers', () => {
  it('builds the request body with integer years, defaulting to the selected year', () => {
    expect(certificateBody(5, 2024, 2026, 2026)).toEqual({ teacher_id: 5, first_year: 2024, last_year: 2026 })
    expect(certificateBody(5, '2025', '', 2026)).toEqual({ teacher_id: 5, first_year: 2025, last_year: 2026 })
    expect(certificateBody(5, null, undefined, 2023)).toEqual({ teacher_id: 5, first_year: 2023, last_year: 2023 })
  })
  it('names the PDF path and the fallback file name', () => {
    expect(certificatePdfPath(9)).toBe('/certificates/9/pdf')
    expect(certificateFileName({ id: 9, number: 'JJ-2026-000009' })).toBe('继续教育证书-JJ-2026-000009.pdf')
    expect(certificateFileName({ id: 9 })).toBe('继续教育证书-9.pdf')
  })
})
