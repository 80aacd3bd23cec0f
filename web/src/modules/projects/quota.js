// Quota rows (名额) of the editor. Pure functions.

export function quotaSum(rows) {
  return (rows || []).reduce((a, r) => a + (Number(r.quota) || 0), 0)
}

// Rows without an org, or naming one twice → [{index, key}] (i18n keys).
export function quotaProblems(rows) {
  const out = []
  const seen = new Set()
  ;(rows || []).forEach((r, index) => {
    if (!r.org_id) out.push({ index, key: 'project.quota.orgRequired' })
    else if (seen.has(r.org_id)) out.push({ index, key: 'project.quota.duplicate' })
    else seen.add(r.org_id)
  })
  return out
}

// The PUT …/quotas items.
export function quotaBody(rows) {
  return (rows || []).map((r) => ({ org_id: r.org_id, quota: Number(r.quota) || 0 }))
}

// The row a server error names ("items[2].quota" → 2), or null.
export function quotaErrorIndex(field) {
  const m = /^items\[(\d+)\]/.exec(String(field || ''))
  return m ? Number(m[1]) : null
}
