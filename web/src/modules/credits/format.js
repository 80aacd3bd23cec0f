// Non-visual helpers of the credits pages. None of them decides a rule: they
// pick, format and arrange what the server returned.
import { isEnglish } from '../../i18n/enums.js'

export function currentYear(now = new Date()) {
  return now.getFullYear()
}

// Years offered by the year pickers: this year, one ahead, `back` behind (newest first).
export function yearChoices(now = new Date(), back = 5) {
  const y = currentYear(now)
  const out = []
  for (let v = y + 1; v >= y - back; v--) out.push(v)
  return out
}

// A year from the URL (?year=2025), or the current one.
export function yearFromQuery(q, now = new Date()) {
  const n = Number(Array.isArray(q) ? q[0] : q)
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : currentYear(now)
}

// The server's zh / en pair of a text, by locale: pick(obj, 'text', 'en') → obj.text_en.
export function localized(obj, base, locale) {
  if (!obj) return ''
  const en = obj[`${base}_en`]
  const zh = obj[`${base}_zh`]
  return (isEnglish(locale) ? en || zh : zh || en) || ''
}

// Credits as the server writes them, always with one decimal: 10 → "10.0", "3.5" → "3.5".
export function fmtCredits(v) {
  if (v === null || v === undefined || v === '') return '0.0'
  const n = Number(v)
  if (!Number.isFinite(n)) return String(v)
  return n.toFixed(1)
}

// Percentage for a progress bar, 0–100 with no decimals; a zero requirement is full.
export function percent(actual, required) {
  const a = Number(actual) || 0
  const r = Number(required) || 0
  if (r <= 0) return 100
  return Math.max(0, Math.min(100, Math.round((a / r) * 100)))
}

// Completion rate of a school row {teachers, passed}.
export function completionRate(row) {
  return percent(row && row.passed, row && row.teachers)
}

// The audit's records split by whether the server counted them this year.
export function splitAuditRecords(records) {
  const counted = []
  const notCounted = []
  for (const r of records || []) (r.counts_in_year ? counted : notCounted).push(r)
  return { counted, notCounted }
}

// The requirements to draw as bars: those that apply (the server says so).
export function visibleRequirements(reqs) {
  return (reqs || []).filter((q) => q.applies !== false)
}

// Query of GET /credits/records: empty values dropped, numbers kept.
export function recordsQuery({ state, year, teacher_id, org_id, page = 1, page_size = 50 } = {}) {
  const q = { page, page_size }
  if (state) q.state = state
  if (year) q.year = year
  if (teacher_id) q.teacher_id = teacher_id
  if (org_id) q.org_id = org_id
  return q
}

// The declaration form → POST /credits/records body. Blank optional fields are
// left out; hours is sent as a number (the server checks the decimals and range),
// a non-numeric hours text is sent as it is so the server's message is shown.
export function declarationBody(form) {
  const body = {}
  const keep = ['date', 'end_date', 'project_name', 'project_code', 'level', 'form', 'dimension', 'location', 'grade', 'source', 'achievement_type']
  for (const k of keep) {
    const v = form[k]
    if (v === undefined || v === null) continue
    const s = typeof v === 'string' ? v.trim() : v
    if (s === '') continue
    body[k] = s
  }
  if (form.hours !== undefined && form.hours !== null && String(form.hours).trim() !== '') {
    const n = Number(String(form.hours).trim())
    body.hours = Number.isFinite(n) ? n : String(form.hours)
  }
  if (Array.isArray(form.topic_tags) && form.topic_tags.length) body.topic_tags = form.topic_tags
  else if (typeof form.topic_tags === 'string' && form.topic_tags.trim())
    // The separators the server's spreadsheet import reads too: 、 ; ； , ，
    body.topic_tags = form.topic_tags.split(/[、;；,，]/).map((x) => x.trim()).filter(Boolean)
  if (form.teacher_id) body.teacher_id = form.teacher_id
  if (body.source !== 'achievement') delete body.achievement_type
  return body
}

// A server error's field path → the form field it belongs to ("topic_tags[1]" → "topic_tags").
export function errorField(field) {
  if (!field) return null
  const m = /^[A-Za-z_]+/.exec(String(field))
  return m ? m[0] : null
}

// el-tag type for an audit status / record state.
export function statusTagType(status) {
  return status === '达标' ? 'success' : status === '未达标' ? 'danger' : 'info'
}
export function stateTagType(state) {
  return { declared: 'warning', school_verified: 'primary', approved: 'success', rejected: 'danger' }[state] || 'info'
}

// Policy JSON for the editor.
export function policyText(policy) {
  return JSON.stringify(policy ?? {}, null, 2)
}

// The effective policy as lines to show, each with the origin the server
// names (GET /policies: policy, layers, origins): settings, coefficient
// rules in the order they are tried, requirements. `t` translates labels.
export function policyLines(info, t) {
  if (!info || !info.policy) return []
  const p = info.policy
  const layers = info.layers || []
  const origins = info.origins || {}
  const label = (i) => (layers[i] && layers[i].label) || ''
  const settings = origins.settings || {}
  const any = t('credits.anyValue')
  const lines = [
    { kind: 'setting', id: 'hours_per_credit', text: `${t('credits.hoursPerCredit')}: ${p.hours_per_credit}`, origin: label(settings.hours_per_credit || 0) },
    {
      kind: 'setting',
      id: 'coefficients.default',
      text: `${t('credits.coefficientDefault')}: ${Number(p.coefficients && p.coefficients.default).toFixed(2)}`,
      origin: label(settings['coefficients.default'] || 0),
    },
  ]
  const rules = (p.coefficients && p.coefficients.rules) || []
  rules.forEach((r, i) => {
    const o = (origins.rules || [])[i] || {}
    const part = (v) => (v && v.length ? v.join('、') : any)
    lines.push({
      kind: 'rule',
      id: r.id || `#${i + 1}`,
      text: `${part(r.levels)} / ${part(r.forms)} / ${part(r.locations)} → ${Number(r.coefficient).toFixed(2)}`,
      origin: label(o.layer || 0),
    })
  })
  ;(p.requirements || []).forEach((r, i) => {
    const o = (origins.requirements || [])[i] || {}
    const period =
      r.period && r.period.kind === 'cycle'
        ? t('credits.periodCycle', { years: r.period.years, start: r.period.start_year })
        : t('credits.periodYear')
    lines.push({
      kind: 'requirement',
      id: r.id,
      text: `${r.name}: ${t('credits.minimum')} ${Number(r.minimum).toFixed(1)} ${t(`credits.measure.${r.measure}`)} · ${period}`,
      origin: label(o.layer || 0),
    })
  })
  return lines
}
