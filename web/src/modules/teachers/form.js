// Teacher form helpers: which fields the form edits and what changed.

// Fields a PATCH may carry from this form. sex and birth_date are derived by
// the server from id_number, rural from the school, is_new_teacher from
// hire_date; the school changes through a transfer (which keeps history).
export const EDITABLE_FIELDS = [
  'name',
  'id_number',
  'ethnicity',
  'phone',
  'stage',
  'subject',
  'title',
  'posts',
  'hire_date',
  'cert_number',
  'status',
  'backbone_level',
]

// Fields a POST /teachers sends.
export const CREATE_FIELDS = [...EDITABLE_FIELDS, 'org_id']

function norm(v) {
  if (v === undefined || v === null) return ''
  if (Array.isArray(v)) return JSON.stringify([...v].map(String).sort())
  if (typeof v === 'string') return v.trim()
  return JSON.stringify(v)
}

function clean(v) {
  if (typeof v === 'string') return v.trim()
  if (Array.isArray(v)) return [...v]
  return v === undefined ? null : v
}

// The subset of `fields` whose value differs between original and current
// (null, undefined and '' count as the same; posts compare as a set).
export function changedFields(original, current, fields = EDITABLE_FIELDS) {
  const out = {}
  for (const k of fields) {
    if (norm(original ? original[k] : undefined) !== norm(current ? current[k] : undefined)) out[k] = clean(current[k])
  }
  return out
}

// The body of POST /teachers: the filled-in fields only.
export function createBody(current) {
  const out = {}
  for (const k of CREATE_FIELDS) {
    const v = clean(current[k])
    if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue
    out[k] = v
  }
  return out
}

export function emptyTeacher() {
  return {
    id: null,
    name: '',
    id_number: '',
    sex: '',
    birth_date: '',
    ethnicity: '汉族',
    phone: '',
    org_id: null,
    org_name: '',
    stage: '',
    subject: '',
    title: '',
    posts: [],
    hire_date: '',
    cert_number: '',
    rural: false,
    status: '在职',
    backbone_level: '无',
    is_new_teacher: false,
  }
}

// A teacher from the server → form values (no nulls in inputs, posts an array).
export function toFormValues(t) {
  const out = {}
  for (const [k, def] of Object.entries(emptyTeacher())) {
    const v = t ? t[k] : undefined
    if (Array.isArray(v)) out[k] = [...v]
    else if (v !== null && v !== undefined) out[k] = v
    else if (Array.isArray(def)) out[k] = []
    else if (typeof def === 'boolean') out[k] = false
    else if (k === 'id' || k === 'org_id') out[k] = null
    else out[k] = ''
  }
  return out
}

// The usual subjects come from the server's "subject" vocabulary (labelled
// in both languages); a subject outside it is free text, shown as it is.
