// Non-visual helpers of 证明材料 (a credit record's evidence files) and of
// 继续教育证书. They arrange what the server returned; the server checks the
// file type, size, state and rights, and its message is shown as it comes.

// The API path of a record's evidence list, or of one evidence file.
export function evidencePath(recordId, evidenceId) {
  const base = `/credits/records/${encodeURIComponent(recordId)}/evidence`
  return evidenceId === undefined || evidenceId === null ? base : `${base}/${encodeURIComponent(evidenceId)}`
}

// Whether to offer the upload: a teacher only while their record is still
// `declared` (the server answers 422 otherwise); an admin always (the server decides).
export function mayUploadEvidence({ teacher = false, state } = {}) {
  return teacher ? state === 'declared' : true
}

// A file size for people: 512 → "512 B", 2048 → "2.0 KB", 3.5e6 → "3.3 MB".
export function fmtSize(bytes) {
  const n = Number(bytes)
  if (!Number.isFinite(n) || n < 0) return ''
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / (1024 * 1024)).toFixed(1)} MB`
}

// A server timestamp (seconds since the epoch) as local "YYYY-MM-DD HH:mm".
export function fmtTimestamp(seconds) {
  const n = Number(seconds)
  if (!seconds || !Number.isFinite(n)) return ''
  const d = new Date(n * 1000)
  const p = (v) => String(v).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

// POST /certificates body; years as integers (a blank year falls back to `year`).
export function certificateBody(teacherId, firstYear, lastYear, year) {
  const int = (v) => {
    const n = Number(v)
    return v !== null && v !== undefined && v !== '' && Number.isFinite(n) ? Math.trunc(n) : year
  }
  return { teacher_id: teacherId, first_year: int(firstYear), last_year: int(lastYear) }
}

// The PDF path of a certificate, and the file name to save when the server sends none.
export function certificatePdfPath(id) {
  return `/certificates/${encodeURIComponent(id)}/pdf`
}
export function certificateFileName(cert) {
  return `继续教育证书-${(cert && cert.number) || (cert && cert.id) || ''}.pdf`
}

// What the certificate page says about where its QR codes and printed link
// point, from GET /settings ({base_url, base_url_source}): the address set
// by the operator, the demo's listening address, or that none is set (the
// server then refuses to issue, and says why).
export function baseUrlNotice(settings) {
  const url = (settings && settings.base_url) || ''
  if (!url) return { type: 'error', key: 'certificate.baseUrlMissing', url: '' }
  if (settings.base_url_source === 'demo') return { type: 'warning', key: 'certificate.baseUrlDemo', url }
  return { type: 'info', key: 'certificate.baseUrl', url }
}
