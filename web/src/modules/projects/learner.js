// Non-visual helpers of the teacher's project pages (报名, 我的报名, 签到):
// time windows as text, registration states as text. What a teacher may do
// is each object's `actions`, from the server (actions.js).
// They decide no rule — the server checks windows, eligibility and capacity
// and its answer is shown as it comes.

// "2026-05-10 09:00–12:00" for a session {date, start_time, end_time}.
export function sessionWindow(s) {
  if (!s) return ''
  const time = [s.start_time, s.end_time].filter(Boolean).join('–')
  return [s.date, time].filter(Boolean).join(' ')
}

// "2026-05-10 ~ 2026-05-12"; one date when both ends are equal; '' when none.
export function dateRange(from, to) {
  if (from && to) return from === to ? from : `${from} ~ ${to}`
  return from || to || ''
}

// Where a session {date, start_time, end_time} lies against now (today
// "YYYY-MM-DD", time "HH:MM"): 'past' | 'now' | 'later' (today, not begun) |
// 'upcoming' (another day). The server alone decides on check-in; this only
// points the tutor at the session under way.
export function sessionPhase(s, today, time) {
  if (!s || !s.date) return 'upcoming'
  if (s.date < today) return 'past'
  if (s.date > today) return 'upcoming'
  if (s.end_time && time > s.end_time) return 'past'
  if (s.start_time && time < s.start_time) return 'later'
  return 'now'
}

// Today as YYYY-MM-DD and the time as HH:MM in China Standard Time (UTC+8),
// the clock of the sessions' times, wherever the browser is.
export function chinaNow(now = new Date()) {
  const c = new Date(now.getTime() + 8 * 3600 * 1000)
  const p = (n) => String(n).padStart(2, '0')
  return {
    today: `${c.getUTCFullYear()}-${p(c.getUTCMonth() + 1)}-${p(c.getUTCDate())}`,
    time: `${p(c.getUTCHours())}:${p(c.getUTCMinutes())}`,
  }
}

// Registrations that still hold or wait for a seat.
export const ACTIVE_REGISTRATION_STATES = ['pending_school', 'pending_county', 'accepted', 'waitlisted']

// The teacher's registrations by project id (the active one wins over a
// withdrawn or rejected one of the same project).
export function registrationsByProject(items) {
  const out = {}
  for (const r of items || []) {
    const k = String(r.project_id)
    const prev = out[k]
    if (!prev || (ACTIVE_REGISTRATION_STATES.includes(r.state) && !ACTIVE_REGISTRATION_STATES.includes(prev.state))) out[k] = r
  }
  return out
}

// A registration's state as shown: the waitlist shows its position
// (t: vue-i18n's t; label: (kind, value) → enumeration label).
export function registrationLabel(reg, t, label) {
  if (!reg) return ''
  if (reg.state === 'waitlisted' && reg.queue_pos > 0) return t('learner.waitlistedAt', { n: reg.queue_pos })
  return label('registration_state', reg.state)
}

// Seats as "accepted / capacity" (capacity 0: no limit shown).
export function seatsText(p) {
  if (!p) return ''
  return p.capacity > 0 ? `${p.accepted_count || 0} / ${p.capacity}` : String(p.accepted_count || 0)
}

// An SVG document as an <img> source.
export function svgDataUrl(svg) {
  return 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg || '')
}

// The check-in token of the page URL (?token=…); '' when missing.
export function tokenFromQuery(q) {
  const v = q && q.token
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s.trim() : ''
}

// GET /surveys/mine items by project id, each with the path of its form.
export function surveysByProject(items) {
  const out = {}
  for (const s of items || []) {
    const id = s && s.project && s.project.id
    if (id == null) continue
    ;(out[String(id)] ||= []).push({ kind: s.kind, title: s.title, answered: !!s.answered, path: `/surveys/${id}/${s.kind}` })
  }
  return out
}
