// The expert's scoring form and the review board's figures. Pure functions.

// An average of totals for display: null → "—", 82.333 → "82.3".
export function fmtAverage(v) {
  if (v === null || v === undefined || v === '') return '—'
  const n = Number(v)
  return Number.isFinite(n) ? String(Math.round(n * 10) / 10) : String(v)
}

// The scoring form for a rubric [{criterion, max}], prefilled from a review's scores.
export function scoreForm(rubric, scores) {
  const out = {}
  for (const c of rubric || []) {
    const v = scores ? scores[c.criterion] : undefined
    out[c.criterion] = v === undefined || v === null ? null : Number(v)
  }
  return out
}

export function scoreTotal(form) {
  return Object.values(form || {}).reduce((a, v) => a + (Number(v) || 0), 0)
}

// Criteria without a score or outside 0…max → [{criterion, key, params}] (i18n keys).
export function scoreProblems(rubric, form) {
  const out = []
  for (const c of rubric || []) {
    const v = form ? form[c.criterion] : null
    if (v === null || v === undefined || v === '') out.push({ criterion: c.criterion, key: 'project.review.scoreMissing', params: { criterion: c.criterion } })
    else if (!Number.isInteger(Number(v)) || Number(v) < 0 || Number(v) > c.max)
      out.push({ criterion: c.criterion, key: 'project.review.scoreRange', params: { criterion: c.criterion, max: c.max } })
  }
  return out
}

// The POST …/reviews body: every criterion's points as numbers.
export function reviewBody(rubric, form, comments) {
  const scores = {}
  for (const c of rubric || []) scores[c.criterion] = Number(form[c.criterion])
  return { scores, comments: (comments || '').trim() }
}

// The acting expert's review among the board's (expert_id = the account id).
export function myReview(board, accountId) {
  return ((board && board.reviews) || []).find((r) => r.expert_id === accountId) || null
}
