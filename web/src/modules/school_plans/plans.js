// Non-visual helpers of the school plan pages: whether a plan is late is
// the server's decision (status / late); these only format and filter.

export const STATUSES = ['filed', 'late', 'not_filed']

// el-tag type of an overview status.
export function statusTagType(status) {
  return { filed: 'success', late: 'warning', not_filed: 'danger' }[status] || 'info'
}

// Unix seconds → "YYYY-MM-DD HH:mm" in China time (UTC+8), whatever the
// browser's zone; "" for none.
export function chinaTime(seconds) {
  if (!seconds) return ''
  return new Date((Number(seconds) + 8 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ')
}

// The overview's schools with a status (all when empty) whose name or code
// contains q.
export function filterSchools(items, status, q) {
  const needle = (q || '').trim()
  return (items || []).filter(
    (i) => (!status || i.status === status) && (!needle || i.school_name.includes(needle) || i.school_code.includes(needle)),
  )
}

// The filing form → PUT /school-plans/{year} body (school_id only when chosen).
export function planBody(form) {
  const body = { title: form.title || '', content: form.content || '' }
  if (form.school_id) body.school_id = form.school_id
  return body
}
