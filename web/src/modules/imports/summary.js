// Turns a teacher.import job result into what the page says: the banner
// (written or not, and why), the counts, and messages in the UI's language.
// It reads only what the server reported (written, counts); it decides no rule.

// A server message object {message, message_en} in the given locale.
export function pickMessage(obj, locale) {
  if (!obj) return ''
  if (locale && !String(locale).toLowerCase().startsWith('zh') && obj.message_en) return obj.message_en
  return obj.message || obj.message_en || ''
}

const n = (v) => Number(v) || 0

// The banner for a finished import: {type: el-alert type, key: i18n key under
// imports.outcome, params}. null without a result.
export function importOutcome(result) {
  if (!result) return null
  const p = {
    rows: n(result.rows),
    valid: n(result.valid),
    invalid: n(result.invalid),
    inserted: n(result.inserted),
    updated: n(result.updated),
    unchanged: n(result.unchanged),
    accounts: n(result.accounts),
  }
  if (p.rows === 0) return { type: 'warning', key: 'noRows', params: p }
  if (result.mode === 'dry-run') {
    if (p.invalid > 0) return { type: 'warning', key: 'dryRunErrors', params: p }
    return { type: 'success', key: 'dryRunOk', params: p }
  }
  if (result.written) {
    if (p.invalid > 0) return { type: 'warning', key: 'writtenPartial', params: p }
    return { type: 'success', key: 'written', params: p }
  }
  if (p.invalid > 0 && p.valid === 0) return { type: 'error', key: 'notWrittenAllBad', params: p }
  if (p.invalid > 0) return { type: 'error', key: 'notWrittenErrors', params: p }
  return { type: 'info', key: 'notWritten', params: p }
}

// The counts to show, in order; `upsert` adds updated/unchanged.
// The counts a kind of import reports: credit records are only added;
// exemptions may replace a reason; teachers may be updated and get accounts.
export function summaryCounts(result, kind = 'teachers') {
  if (!result) return []
  const keys = ['rows', 'valid', 'invalid', 'inserted']
  if (kind === 'exemptions' || (kind === 'teachers' && result.mode !== 'insert')) keys.push('updated', 'unchanged')
  if (kind === 'teachers') keys.push('accounts')
  return keys.map((k) => ({ key: k, value: n(result[k]) }))
}

// Files of a finished job by role (error_report, initial_passwords, export).
export function fileByRole(job, role) {
  return ((job && job.files) || []).find((f) => f.role === role) || null
}

// The import request's query parameters.
export function importQuery({ mode, goodRowsOnly, filename }) {
  return { mode: mode || 'dry-run', good_rows_only: goodRowsOnly ? 1 : 0, filename: filename || '' }
}

