// The nomination page's reading of the server's answers. Pure functions.

// Registrations that still hold (or wait for) a seat; a teacher with one
// cannot be nominated again. Rejected or withdrawn teachers may be.
const HOLDING = ['pending_school', 'pending_county', 'accepted', 'waitlisted']

export function candidateSelectable(row) {
  return !HOLDING.includes(row && row.registration_state)
}

// One item of POST …/nominations → {ok, state} or {ok: false, message, code}.
// The error is the server's {code, message, field?} (or a bare message).
export function nominationOutcome(item) {
  if (item && item.registration) return { ok: true, state: item.registration.state }
  const e = item && item.error
  if (e && typeof e === 'object') return { ok: false, message: e.message || e.code || '', code: e.code || '' }
  return { ok: false, message: String(e || ''), code: '' }
}
