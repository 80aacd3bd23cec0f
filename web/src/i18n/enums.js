// The API's closed vocabularies (a role, a stage, a project state …) and
// their labels come from the server: GET /api/v1/meta/enums, built from the
// modules that own them, loaded once before the app mounts (main.js). The UI
// holds no list of its own.
//
// Unknown values are shown unchanged, so a server that adds a value never
// breaks a page; before the vocabularies arrive (or if they cannot be
// fetched) every value shows as it is.

let vocab = {}

// json: {kind: [{value, zh, en}]} as the server sends it.
export function setVocabularies(json) {
  vocab = json && typeof json === 'object' ? json : {}
}

// Fetches the vocabularies with `get` (the API client's GET); a failure
// leaves the values unlabelled rather than stopping the app.
export async function loadVocabularies(get) {
  try {
    setVocabularies(await get('/meta/enums'))
  } catch {
    setVocabularies({})
  }
}

export function isEnglish(locale) {
  return typeof locale === 'string' && locale.toLowerCase().startsWith('en')
}

// The values of a kind, in the server's order.
export function enumValues(kind) {
  return (vocab[kind] || []).map((t) => t.value)
}

// enumLabel('stage', '小学', 'en') → 'Primary'; enumLabel('stage', '小学', 'zh-CN') → '小学'.
export function enumLabel(kind, value, locale) {
  if (value === null || value === undefined || value === '') return ''
  const term = (vocab[kind] || []).find((t) => t.value === value)
  if (!term) return String(value)
  return (isEnglish(locale) ? term.en : term.zh) || String(value)
}

// [{value, label}] for selects, in the server's order.
export function enumOptions(kind, locale) {
  return enumValues(kind).map((value) => ({ value, label: enumLabel(kind, value, locale) }))
}
