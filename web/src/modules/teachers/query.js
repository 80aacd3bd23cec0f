// The teacher list's state (filters, sort, page) ⇄ GET /teachers query
// parameters ⇄ the page's route query. Pure functions, unit-tested.
import { toQueryString } from '../../api/client.js'

export const PAGE_SIZES = [10, 20, 50, 100]
export const DEFAULT_PAGE_SIZE = 20
export const FILTER_KEYS = ['org_id', 'stage', 'subject', 'title', 'status', 'backbone_level', 'q']
export const SORTABLE = ['name', 'birth_date', 'hire_date']

export function emptyFilters() {
  return { org_id: null, stage: '', subject: '', title: '', status: '', backbone_level: '', q: '' }
}

export function defaultListState() {
  return { filters: emptyFilters(), sort: '', page: 1, page_size: DEFAULT_PAGE_SIZE }
}

// el-table sort-change ({prop, order}) → the API's sort value.
// 'ascending' → 'name', 'descending' → '-name', no order → '' (server default).
export function sortParam(prop, order) {
  if (!prop || !order || !SORTABLE.includes(prop)) return ''
  return order === 'descending' ? `-${prop}` : prop
}

// The API's sort value → el-table's default-sort.
export function tableSort(sort) {
  if (!sort) return {}
  const desc = sort.startsWith('-')
  const prop = desc ? sort.slice(1) : sort
  if (!SORTABLE.includes(prop)) return {}
  return { prop, order: desc ? 'descending' : 'ascending' }
}

// State → the parameters of GET /teachers, in a stable order, empty ones left out.
export function buildTeacherQuery(state) {
  const f = (state && state.filters) || {}
  const out = {
    page: Math.max(1, parseInt(state && state.page, 10) || 1),
    page_size: parseInt(state && state.page_size, 10) || DEFAULT_PAGE_SIZE,
  }
  for (const k of FILTER_KEYS) {
    let v = f[k]
    if (typeof v === 'string') v = v.trim()
    if (v === null || v === undefined || v === '') continue
    out[k] = v
  }
  const sort = state && state.sort
  if (sort && SORTABLE.includes(sort.replace(/^-/, ''))) out.sort = sort
  return out
}

export function teacherQueryString(state) {
  return toQueryString(buildTeacherQuery(state))
}

// A route query (strings, maybe arrays, maybe junk) → state.
export function stateFromRouteQuery(query) {
  const q = query || {}
  const one = (v) => (Array.isArray(v) ? v[0] : v)
  const state = defaultListState()
  for (const k of FILTER_KEYS) {
    const v = one(q[k])
    if (v === undefined || v === null || v === '') continue
    if (k === 'org_id') {
      const n = parseInt(v, 10)
      if (Number.isFinite(n)) state.filters.org_id = n
    } else state.filters[k] = String(v)
  }
  const page = parseInt(one(q.page), 10)
  if (page >= 1) state.page = page
  const size = parseInt(one(q.page_size), 10)
  if (PAGE_SIZES.includes(size)) state.page_size = size
  const sort = one(q.sort)
  if (typeof sort === 'string' && SORTABLE.includes(sort.replace(/^-/, ''))) state.sort = sort
  return state
}

// The route query to show for a state (everything as strings, defaults left out).
export function routeQueryFromState(state) {
  const params = buildTeacherQuery(state)
  const out = {}
  for (const [k, v] of Object.entries(params)) {
    if (k === 'page' && v === 1) continue
    if (k === 'page_size' && v === DEFAULT_PAGE_SIZE) continue
    out[k] = String(v)
  }
  return out
}

// The list's filters and sort (no paging) + the format: GET /teachers/export's query.
export function exportQuery(state, format) {
  const q = buildTeacherQuery(state)
  delete q.page
  delete q.page_size
  return { format: format === 'csv' ? 'csv' : 'xlsx', ...q }
}
