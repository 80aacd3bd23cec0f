// Non-visual helpers of the backbone pages. What a user may do is the
// server's `actions` (the backbone permission table); these only say how
// an action looks and shape request bodies.

export function can(obj, action) {
  return !!obj && Array.isArray(obj.actions) && obj.actions.includes(action)
}

// el-tag type of an application state.
export function applicationTagType(state) {
  return { recommended: 'warning', returned: 'danger', forwarded: 'success' }[state] || 'info'
}

// The round form → POST /backbone/rounds body (0 conditions are "no limit").
export function roundBody(form) {
  const body = {
    level: form.level || '',
    year: Number(form.year) || 0,
    title: (form.title || '').trim(),
    apply_start: (form.apply && form.apply[0]) || '',
    apply_end: (form.apply && form.apply[1]) || '',
    review_start: (form.review && form.review[0]) || '',
    review_end: (form.review && form.review[1]) || '',
    min_teaching_years: Number(form.min_teaching_years) || 0,
    max_age: Number(form.max_age) || 0,
  }
  if (form.owner_org_id) body.owner_org_id = form.owner_org_id
  return body
}

// "80.0 (±20)" for the owner's score board; "" before any score.
export function scoreSummary(sheet) {
  if (!sheet || sheet.average === null || sheet.average === undefined) return ''
  return `${Number(sheet.average).toFixed(1)}（${sheet.spread}）`
}

// The quota rows being edited → PUT …/quotas items (rows without an org dropped).
export function quotaItems(rows) {
  return (rows || []).filter((q) => q.org_id).map((q) => ({ org_id: q.org_id, quota: Number(q.quota) || 0 }))
}

// "12.5 / 达标" for one year of what the system knew.
export function creditLine(c) {
  if (!c) return ''
  return `${c.year}: ${c.total_credits}${c.status ? ' · ' + c.status : ''}`
}
