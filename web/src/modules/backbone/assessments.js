// Non-visual helpers of the annual assessment page. What a user may do is
// the server's `actions` (the backbone permission table); these only say
// how an action looks and shape request bodies.

// The review actions, in the order the buttons show them.
export const REVIEW_ACTIONS = ['pass', 'fail', 'return', 'reopen']

// Whether the action needs a reason (the server refuses fail and return without one).
export function needsReason(action) {
  return action === 'fail' || action === 'return'
}

// el-tag type of an assessment state.
export function assessmentTagType(state) {
  return { passed: 'success', failed: 'danger', returned: 'warning' }[state] || 'info'
}

// The review actions the server allows on a form, in button order.
export function reviewActions(form) {
  const allowed = (form && Array.isArray(form.actions) && form.actions) || []
  return REVIEW_ACTIONS.filter((a) => allowed.includes(a))
}

// POST /backbone/assessments body.
export function assessmentBody(form) {
  return {
    teacher_id: Number(form.teacher_id) || 0,
    year: Number(form.year) || 0,
    self_assessment: (form.self_assessment || '').trim(),
  }
}

// POST …/review body: the reason only when given.
export function reviewBody(action, reason) {
  const r = (reason || '').trim()
  return r ? { action, reason: r } : { action }
}
