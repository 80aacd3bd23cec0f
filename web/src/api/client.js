// A small fetch wrapper for the Jijiao API (docs/api-contract.md).
//
// - same-origin cookies (the session cookie jj_session is HttpOnly);
// - JSON request and response bodies;
// - X-CSRF-Token on every mutation (POST/PUT/PATCH/DELETE) except POST /auth/login;
// - Accept-Language from the current UI locale;
// - any non-2xx answer becomes a thrown ApiError carrying the server's
//   {code, message, field, row};
// - upload(): a raw request body (a file's bytes, not multipart), JSON answer;
// - download(): a file answer as {blob, filename, type} (filename from
//   Content-Disposition, RFC 6266 filename* preferred).
//
// The wrapper knows nothing about Pinia or vue-i18n: main.js wires the token
// and locale getters in with configureApi(), and tests build their own client
// with createApiClient().

export const API_BASE = '/api/v1'

const STATUS_CODES = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'failed_precondition',
  429: 'too_many_requests',
  503: 'unavailable',
  500: 'internal',
}

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export class ApiError extends Error {
  constructor({ status = 0, code = 'internal', message = '', field = null, row = null, fields = [] } = {}) {
    super(message || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.row = row
    // Every problem of a form at once: [{field, message}] (the first is also
    // field/message above).
    this.fields = fields
  }
}

// Builds an ApiError from a response status and its (possibly unparsable) body.
export function toApiError(status, body, statusText = '') {
  const e = body && typeof body === 'object' && body.error && typeof body.error === 'object' ? body.error : null
  return new ApiError({
    status,
    code: (e && e.code) || STATUS_CODES[status] || (status >= 500 ? 'internal' : 'unknown'),
    message: (e && e.message) || statusText || `HTTP ${status}`,
    field: (e && e.field) || null,
    row: e && e.row != null ? e.row : null,
    fields:
      e && Array.isArray(e.fields)
        ? e.fields.filter((f) => f && typeof f === 'object' && f.field).map((f) => ({ field: String(f.field), message: String(f.message || '') }))
        : [],
  })
}

// The file name of a Content-Disposition header: filename*=UTF-8''… (percent-
// encoded) wins over filename="…"; null when there is none.
export function filenameFromDisposition(header) {
  if (!header) return null
  const star = /filename\*\s*=\s*([^;]+)/i.exec(header)
  if (star) {
    let v = star[1].trim().replace(/^"(.*)"$/, '$1')
    const m = /^([\w-]+)'[^']*'(.*)$/.exec(v)
    if (m) v = m[2]
    try {
      return decodeURIComponent(v)
    } catch {
      /* malformed: fall back to filename= */
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header)
  if (!plain) return null
  return plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1].trim()
}

// Turns {a: 1, b: '', c: null, d: [x, y]} into "a=1&d=x&d=y" (empty values dropped).
export function toQueryString(params) {
  if (!params) return ''
  const sp = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, String(x)))
    else sp.append(k, String(v))
  }
  return sp.toString()
}

export function createApiClient({
  base = API_BASE,
  fetchImpl = (...a) => globalThis.fetch(...a),
  getCsrfToken = () => null,
  getLocale = () => 'zh-CN',
  onUnauthenticated = null,
} = {}) {
  // opts.body: a value sent as JSON; opts.raw: bytes sent as they are (with
  // opts.contentType, default application/octet-stream); opts.blob: answer as
  // {blob, filename, type} instead of parsed JSON.
  async function request(method, path, { body, raw, contentType, blob = false, query, headers: extra } = {}) {
    method = method.toUpperCase()
    const headers = { Accept: blob ? '*/*' : 'application/json', 'Accept-Language': getLocale() || 'zh-CN', ...extra }
    const init = { method, credentials: 'same-origin', headers }
    if (raw !== undefined) {
      headers['Content-Type'] = contentType || 'application/octet-stream'
      init.body = raw
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json'
      init.body = JSON.stringify(body)
    }
    const isLogin = method === 'POST' && path === '/auth/login'
    if (MUTATIONS.has(method) && !isLogin) {
      const token = getCsrfToken()
      if (token) headers['X-CSRF-Token'] = token
    }
    const qs = toQueryString(query)
    const url = base + path + (qs ? `?${qs}` : '')

    let res
    try {
      res = await fetchImpl(url, init)
    } catch (err) {
      throw new ApiError({ status: 0, code: 'network', message: String((err && err.message) || err) })
    }
    if (blob && res.ok) {
      const data = await res.blob()
      const h = res.headers
      return {
        blob: data,
        filename: filenameFromDisposition(h && h.get('Content-Disposition')),
        type: (h && h.get('Content-Type')) || data.type || '',
      }
    }
    let data = null
    if (res.status !== 204) {
      const text = await res.text()
      if (text) {
        try {
          data = JSON.parse(text)
        } catch {
          data = null
        }
      }
    }
    if (!res.ok) {
      const error = toApiError(res.status, data, res.statusText)
      if (res.status === 401 && onUnauthenticated && !isLogin && path !== '/auth/me') onUnauthenticated(error)
      throw error
    }
    return data
  }

  return {
    request,
    get: (path, query) => request('GET', path, { query }),
    post: (path, body) => request('POST', path, { body }),
    put: (path, body) => request('PUT', path, { body }),
    patch: (path, body) => request('PATCH', path, { body }),
    del: (path) => request('DELETE', path),
    // POST the bytes (a File, Blob, ArrayBuffer…) as the body; JSON answer.
    upload: (path, bytes, { query, contentType } = {}) => request('POST', path, { raw: bytes, query, contentType }),
    // GET a file: {blob, filename, type}; errors as ApiError like any request.
    download: (path, query) => request('GET', path, { query, blob: true }),
  }
}

// The application's client; main.js supplies the getters.
const hooks = { getCsrfToken: () => null, getLocale: () => 'zh-CN', onUnauthenticated: null }

export function configureApi(h) {
  Object.assign(hooks, h)
}

export const api = createApiClient({
  getCsrfToken: () => hooks.getCsrfToken(),
  getLocale: () => hooks.getLocale(),
  onUnauthenticated: (e) => hooks.onUnauthenticated && hooks.onUnauthenticated(e),
})

// Hands a downloaded blob to the browser as a file save (an <a download> click).
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename || 'download'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

// download() then saveBlob(); resolves to the file name.
export async function downloadFile(path, query, fallbackName) {
  const { blob, filename } = await api.download(path, query)
  const name = filename || fallbackName || 'download'
  saveBlob(blob, name)
  return name
}
