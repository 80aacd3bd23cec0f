// The project list's filters and page ⇄ GET /projects query ⇄ the route query.
export const PAGE_SIZE = 20

function one(v) {
  return Array.isArray(v) ? v[0] : v
}

export function listStateFromRoute(q = {}) {
  const page = parseInt(one(q.page), 10)
  return {
    state: String(one(q.state) || ''),
    kind: String(one(q.kind) || ''),
    q: String(one(q.q) || ''),
    page: page >= 1 ? page : 1,
    page_size: PAGE_SIZE,
  }
}

// The query of GET /projects (or, with forRoute, of the page's URL: no page_size, no page 1).
export function listQuery(s, forRoute = false) {
  const out = {}
  for (const k of ['state', 'kind', 'q']) {
    const v = typeof s[k] === 'string' ? s[k].trim() : s[k]
    if (v) out[k] = v
  }
  if (!forRoute || s.page > 1) out.page = s.page || 1
  if (!forRoute) out.page_size = s.page_size || PAGE_SIZE
  return out
}
