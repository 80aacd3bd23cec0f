import { describe, expect, it, vi } from 'vitest'
import { ApiError, createApiClient, filenameFromDisposition, toApiError, toQueryString } from './client.js'

function jsonResponse(status, body, statusText = '') {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    statusText,
    headers: { 'Content-Type': 'application/json' },
  })
}

function setup({ status = 200, body = { ok: true }, token = 'tok-123', locale = 'zh-CN', onUnauthenticated } = {}) {
  const calls = []
  const fetchImpl = vi.fn(async (url, init) => {
    calls.push({ url, init })
    return typeof status === 'function' ? status(url, init) : jsonResponse(status, body)
  })
  const client = createApiClient({ fetchImpl, getCsrfToken: () => token, getLocale: () => locale, onUnauthenticated })
  return { client, calls, fetchImpl }
}

describe('api client: CSRF header', () => {
  it('is not sent on GET', async () => {
    const { client, calls } = setup()
    await client.get('/teachers', { page: 1 })
    expect(calls[0].init.method).toBe('GET')
    expect(calls[0].init.headers['X-CSRF-Token']).toBeUndefined()
  })

  it.each([
    ['post', 'POST'],
    ['put', 'PUT'],
    ['patch', 'PATCH'],
    ['del', 'DELETE'],
  ])('is sent on %s', async (fn, method) => {
    const { client, calls } = setup({ status: () => new Response(null, { status: 204 }) })
    const res = await (fn === 'del' ? client.del('/teachers/7') : client[fn]('/teachers/7', { phone: '13800001111' }))
    expect(res).toBeNull()
    expect(calls[0].init.method).toBe(method)
    expect(calls[0].init.headers['X-CSRF-Token']).toBe('tok-123')
  })

  it('is not sent on POST /auth/login', async () => {
    const { client, calls } = setup({ body: { user: { id: 1 }, csrf_token: 'new' } })
    await client.post('/auth/login', { username: 'a', password: 'b' })
    expect(calls[0].init.headers['X-CSRF-Token']).toBeUndefined()
  })

  it('uses the current token at call time', async () => {
    let token = 'first'
    const fetchImpl = vi.fn(async () => jsonResponse(200, {}))
    const client = createApiClient({ fetchImpl, getCsrfToken: () => token })
    await client.post('/auth/logout')
    token = 'second'
    await client.patch('/orgs/1', { name: 'x' })
    expect(fetchImpl.mock.calls[0][1].headers['X-CSRF-Token']).toBe('first')
    expect(fetchImpl.mock.calls[1][1].headers['X-CSRF-Token']).toBe('second')
  })
})

describe('api client: request shape', () => {
  it('sends JSON, same-origin credentials, Accept-Language and the base path', async () => {
    const { client, calls } = setup({ locale: 'en' })
    await client.patch('/teachers/42', { phone: '13900001111' })
    const { url, init } = calls[0]
    expect(url).toBe('/api/v1/teachers/42')
    expect(init.credentials).toBe('same-origin')
    expect(init.headers['Content-Type']).toBe('application/json')
    expect(init.headers['Accept-Language']).toBe('en')
    expect(JSON.parse(init.body)).toEqual({ phone: '13900001111' })
  })

  it('puts query parameters on GET and drops empty ones', async () => {
    const { client, calls } = setup()
    await client.get('/teachers', { page: 2, stage: '小学', q: '', org_id: null, subject: undefined })
    expect(calls[0].url).toBe('/api/v1/teachers?page=2&stage=%E5%B0%8F%E5%AD%A6')
    expect(calls[0].init.body).toBeUndefined()
    expect(calls[0].init.headers['Accept-Language']).toBe('zh-CN')
  })

  it('returns the parsed body', async () => {
    const { client } = setup({ body: { items: [{ id: 1 }], total: 1 } })
    await expect(client.get('/teachers')).resolves.toEqual({ items: [{ id: 1 }], total: 1 })
  })
})

describe('api client: errors', () => {
  it('maps the error body to an ApiError with code, message and field', async () => {
    const { client } = setup({
      status: 400,
      body: { error: { code: 'invalid_argument', message: '身份证号校验位错误', field: 'id_number' } },
    })
    const err = await client.patch('/teachers/1', { id_number: 'x' }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toBeInstanceOf(Error)
    expect(err.status).toBe(400)
    expect(err.code).toBe('invalid_argument')
    expect(err.message).toBe('身份证号校验位错误')
    expect(err.field).toBe('id_number')
    expect(err.row).toBeNull()
  })

  it('keeps row when present and field null when absent', async () => {
    const { client } = setup({ status: 409, body: { error: { code: 'conflict', message: 'dup', row: 3 } } })
    const err = await client.post('/teachers', {}).catch((e) => e)
    expect(err.code).toBe('conflict')
    expect(err.field).toBeNull()
    expect(err.row).toBe(3)
  })

  it('derives the code from the status when the body is not the error shape', async () => {
    const { client } = setup({
      status: () => new Response('<html>bad gateway</html>', { status: 404, statusText: 'Not Found' }),
    })
    const err = await client.get('/nope').catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(404)
    expect(err.code).toBe('not_found')
    expect(err.message).toBe('Not Found')
  })

  it('turns a network failure into ApiError code network', async () => {
    const client = createApiClient({
      fetchImpl: async () => {
        throw new TypeError('Failed to fetch')
      },
    })
    const err = await client.get('/auth/me').catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('network')
    expect(err.status).toBe(0)
  })

  it('calls onUnauthenticated on 401, except for /auth/me and /auth/login', async () => {
    const onUnauthenticated = vi.fn()
    const body = { error: { code: 'unauthenticated', message: '请先登录' } }
    const { client } = setup({ status: 401, body, onUnauthenticated })
    await expect(client.get('/auth/me')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' })
    await expect(client.post('/auth/login', {})).rejects.toMatchObject({ status: 401 })
    expect(onUnauthenticated).not.toHaveBeenCalled()
    await expect(client.get('/teachers')).rejects.toMatchObject({ status: 401, message: '请先登录' })
    expect(onUnauthenticated).toHaveBeenCalledTimes(1)
  })

  it('toApiError falls back sensibly', () => {
    expect(toApiError(429, null).code).toBe('too_many_requests')
    expect(toApiError(503, null).code).toBe('unavailable')
    expect(toApiError(502, null).code).toBe('internal')
    expect(toApiError(422, { error: { code: 'failed_precondition', message: 'm' } }).message).toBe('m')
  })
})

describe('toQueryString', () => {
  it('encodes arrays as repeated keys', () => {
    expect(toQueryString({ posts: ['班主任', '校长'], a: 0 })).toBe(
      'posts=%E7%8F%AD%E4%B8%BB%E4%BB%BB&posts=%E6%A0%A1%E9%95%BF&a=0',
    )
  })
})

describe('api client: raw-body upload', () => {
  it('POSTs the bytes as they are, octet-stream, with the CSRF token and query', async () => {
    const { client, calls } = setup({ status: 202, body: { id: 9, state: 'queued' } })
    const bytes = new Uint8Array([0x50, 0x4b, 3, 4])
    const job = await client.upload('/teachers/import', bytes, {
      query: { mode: 'insert', good_rows_only: 0, filename: '名册.xlsx' },
    })
    expect(job).toEqual({ id: 9, state: 'queued' })
    const { url, init } = calls[0]
    expect(url).toBe('/api/v1/teachers/import?mode=insert&good_rows_only=0&filename=%E5%90%8D%E5%86%8C.xlsx')
    expect(init.method).toBe('POST')
    expect(init.body).toBe(bytes) // not JSON-encoded, not multipart
    expect(init.headers['Content-Type']).toBe('application/octet-stream')
    expect(init.headers['X-CSRF-Token']).toBe('tok-123')
  })

  it('honours an explicit content type', async () => {
    const { client, calls } = setup({ status: 202, body: {} })
    await client.upload('/x', 'a,b\n', { contentType: 'text/csv' })
    expect(calls[0].init.headers['Content-Type']).toBe('text/csv')
  })

  it('throws the server error (e.g. 413) as ApiError', async () => {
    const { client } = setup({ status: 413, body: { error: { code: 'payload_too_large', message: '文件过大' } } })
    await expect(client.upload('/teachers/import', new Uint8Array(1))).rejects.toMatchObject({
      status: 413,
      code: 'payload_too_large',
      message: '文件过大',
    })
  })
})

describe('api client: blob download', () => {
  it('returns the blob and the UTF-8 file name from Content-Disposition', async () => {
    const { client, calls } = setup({
      status: () =>
        new Response('姓名,身份证号\n', {
          status: 200,
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition':
              "attachment; filename=\"____.csv\"; filename*=UTF-8''%E6%95%99%E5%B8%88%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.csv",
          },
        }),
    })
    const r = await client.download('/teachers/import/template', { format: 'csv' })
    expect(calls[0].url).toBe('/api/v1/teachers/import/template?format=csv')
    expect(calls[0].init.method).toBe('GET')
    expect(calls[0].init.headers['X-CSRF-Token']).toBeUndefined()
    expect(r.filename).toBe('教师导入模板.csv')
    expect(r.type).toBe('text/csv; charset=utf-8')
    expect(await r.blob.text()).toBe('姓名,身份证号\n')
  })

  it('turns an error answer into ApiError, not a blob', async () => {
    const { client } = setup({ status: 404, body: { error: { code: 'not_found', message: '文件已被下载' } } })
    await expect(client.download('/jobs/1/files/2')).rejects.toMatchObject({ status: 404, message: '文件已被下载' })
  })
})

describe('filenameFromDisposition', () => {
  it.each([
    [null, null],
    ['attachment', null],
    ['attachment; filename="report.xlsx"', 'report.xlsx'],
    ['attachment; filename=plain.csv', 'plain.csv'],
    ["attachment; filename=\"x.xlsx\"; filename*=UTF-8''%E9%94%99%E8%AF%AF%E6%8A%A5%E5%91%8A.xlsx", '错误报告.xlsx'],
    ["attachment; filename*=utf-8''a%20b.csv", 'a b.csv'],
    ['attachment; filename="a\\"b.csv"', 'a"b.csv'],
  ])('%s → %s', (h, want) => {
    expect(filenameFromDisposition(h)).toBe(want)
  })
})
