#!/usr/bin/env node
// End-to-end check of the Jijiao web UI against a running server with demo data.
//
// Drives Debian's /usr/bin/chromium through playwright-core (no browser
// download). Plain node script: `node e2e/run.mjs` (after `npm ci` in e2e/).
//
// Environment:
//   BASE_URL        server root (default http://127.0.0.1:8080)
//   SCREENSHOT_DIR  where screenshots go (default e2e/output)
//   E2E_USERNAME    school admin account (default school_admin)
//   E2E_PASSWORD    its password (default Demo@2026)
//   CHROMIUM        browser binary (default /usr/bin/chromium)
//   E2E_TIMEOUT_MS  per-wait timeout (default 15000)
//
// Scenario: log in as the school admin, open the teacher list, filter by stage
// and by name, open the first teacher, change the phone and save (the PATCH
// must carry only that field), enter an ID number with a wrong check digit and
// see the server's message under the ID field, enter a valid new ID number and
// save, put the original values back, switch the UI to English.
// Prints `e2e: N passed, 0 failed` on success; exits 1 on the first failure.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '')
const SHOTS = path.resolve(process.env.SCREENSHOT_DIR || path.join(here, 'output'))
const USERNAME = process.env.E2E_USERNAME || 'school_admin'
const PASSWORD = process.env.E2E_PASSWORD || 'Demo@2026'
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
const TIMEOUT = +(process.env.E2E_TIMEOUT_MS || 15000)

// ---- ID numbers (test code: the product never checks this in the UI) -------
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'
export function checkDigit(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}
// Same ID with a wrong check digit.
function withWrongCheckDigit(id) {
  const right = checkDigit(id.slice(0, 17))
  const wrong = right === '0' ? '1' : '0'
  return id.slice(0, 17) + wrong
}
// A valid ID with the same region, birth date and sex digit (positions 1-14
// and 17 kept), another sequence (positions 15-16), the check digit recomputed.
function siblingId(id, attempt) {
  const seq = id.slice(14, 16)
  let n = (Number(seq) + 37 * (attempt + 1) + Math.floor(Math.random() * 20)) % 100
  if (String(n).padStart(2, '0') === seq) n = (n + 1) % 100
  const first17 = id.slice(0, 14) + String(n).padStart(2, '0') + id[16]
  return first17 + checkDigit(first17)
}

// ---- tiny runner ------------------------------------------------------------
let passed = 0
let page = null
let context = null
let userDataDir = null

class Failure extends Error {}
function assert(cond, message) {
  if (!cond) throw new Failure(message)
}

async function shot(name) {
  if (!page) return
  try {
    await page.screenshot({ path: path.join(SHOTS, name), fullPage: true })
  } catch (e) {
    console.log(`   (screenshot ${name} failed: ${e.message})`)
  }
}

async function step(name, fn) {
  const t0 = Date.now()
  try {
    await fn()
  } catch (e) {
    console.log(`not ok ${passed + 1} - ${name}`)
    console.log(`   ${e instanceof Failure ? e.message : e.stack || e}`)
    if (page) console.log(`   page: ${page.url()}`)
    await shot('failure.png')
    console.log(`e2e: FAILED at "${name}" (screenshots in ${SHOTS})`)
    console.log(`e2e: ${passed} passed, 1 failed`)
    await cleanup()
    process.exit(1)
  }
  passed++
  console.log(`ok ${passed} - ${name} (${Date.now() - t0} ms)`)
}

async function cleanup() {
  try {
    if (context) await context.close()
  } catch {
    /* already gone */
  }
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true })
}

const tid = (id) => `[data-testid="${id}"]`
const rowsSel = `${tid('teacher-table')} .el-table__body-wrapper tr.el-table__row`

function isApi(resp, method, pathRe) {
  const u = new URL(resp.url())
  return resp.request().method() === method && pathRe.test(u.pathname)
}

async function listRows() {
  return page.locator(rowsSel)
}

// Selects an option of an Element Plus select by its visible text.
async function chooseOption(testId, text) {
  await page.click(tid(testId))
  const option = page
    .locator('.el-select-dropdown:visible .el-select-dropdown__item')
    .filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) })
    .first()
  await option.waitFor({ state: 'visible', timeout: TIMEOUT })
  await option.click()
  await page.keyboard.press('Escape').catch(() => {})
}

// Fills the teacher form's field, clicks 保存, returns the PATCH response.
async function saveWith(fields) {
  for (const [k, v] of Object.entries(fields)) await page.fill(tid(`teacher-${k}`), v)
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'PATCH', /^\/api\/v1\/teachers\/\d+$/), { timeout: TIMEOUT }),
    page.click(tid('teacher-save')),
  ])
  let body = null
  try {
    body = await resp.json()
  } catch {
    /* not JSON */
  }
  return { status: resp.status(), body, sent: resp.request().postDataJSON() }
}

// ---- scenario -------------------------------------------------------------
fs.mkdirSync(SHOTS, { recursive: true })
console.log(`e2e: ${BASE_URL} as ${USERNAME}, screenshots in ${SHOTS}`)

await step('server answers /healthz', async () => {
  let res
  try {
    res = await fetch(`${BASE_URL}/healthz`)
  } catch (e) {
    throw new Failure(`cannot reach ${BASE_URL}/healthz: ${e.cause ? e.cause.message : e.message}`)
  }
  assert(res.status === 200, `/healthz answered ${res.status}`)
  const body = await res.json().catch(() => null)
  assert(body && body.status === 'ok', `/healthz body: ${JSON.stringify(body)}`)
})

await step('browser starts', async () => {
  assert(fs.existsSync(CHROMIUM), `no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`)
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jj-e2e-chrome-'))
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'zh-CN',
    viewport: { width: 1440, height: 900 },
    args: [
      ...(process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : []),
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  context.setDefaultTimeout(TIMEOUT)
  page = context.pages()[0] || (await context.newPage())
  page.on('pageerror', (e) => console.log(`   [page error] ${e.message}`))
})

await step('login page renders', async () => {
  await page.goto(`${BASE_URL}/login`)
  await page.waitForSelector(tid('login-username'))
  await page.waitForSelector(tid('login-password'))
  const btn = (await page.textContent(tid('login-submit'))).trim()
  assert(btn === '登录', `login button reads "${btn}", expected 登录 (zh-CN default)`)
  await shot('01-login.png')
})

await step(`log in as ${USERNAME}`, async () => {
  await page.fill(tid('login-username'), USERNAME)
  await page.fill(tid('login-password'), PASSWORD)
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', /^\/api\/v1\/auth\/login$/)),
    page.click(tid('login-submit')),
  ])
  if (resp.status() !== 200) {
    const err = await page.locator(tid('login-error')).textContent().catch(() => '')
    throw new Failure(`login answered ${resp.status()}: ${(err || '').trim()}`)
  }
  await page.waitForSelector(`${tid('nav-menu')}, ${tid('password-old')}`)
  assert(
    !(await page.locator(tid('password-old')).isVisible()),
    `${USERNAME} must change the password first (must_change_password); use a demo account that does not`,
  )
  const name = (await page.textContent(tid('user-name'))).trim()
  assert(name.length > 0, 'header shows no user name')
  await shot('02-after-login.png')
})

await step('teacher list shows teachers', async () => {
  const listed = page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/teachers$/))
  // A school admin lands on the list already; reloading it then also checks
  // that the session survives a reload (cookie + GET /auth/me).
  if (/\/teachers(\?|$)/.test(new URL(page.url()).pathname)) await page.reload()
  else await page.click(tid('menu-teachers'))
  const resp = await listed
  assert(resp.status() === 200, `GET /teachers answered ${resp.status()}`)
  const data = await resp.json()
  assert(Array.isArray(data.items) && typeof data.total === 'number', 'GET /teachers: expected {items, total}')
  assert(data.items.length > 0, 'the demo data has no teacher in the school admin scope')
  await page.waitForURL(/\/teachers(\?|$)/)
  await (await listRows()).first().waitFor()
  const n = await (await listRows()).count()
  assert(n === data.items.length, `table shows ${n} rows, the server sent ${data.items.length}`)
  const total = await page.locator(`${tid('teacher-pagination')} .el-pagination__total`).textContent()
  assert(total.includes(String(data.total)), `pagination shows "${total}", expected total ${data.total}`)
  // Lists mask ID numbers.
  const masked = data.items.every((t) => !t.id_number || t.id_number.includes('*'))
  assert(masked, 'GET /teachers returned an unmasked id_number in a list')
  await shot('03-teacher-list.png')
})

await step('filter by stage 小学', async () => {
  await chooseOption('filter-stage', '小学')
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/teachers$/)),
    page.click(tid('teacher-search')),
  ])
  const sent = new URL(resp.url()).searchParams
  assert(sent.get('stage') === '小学', `the list request carried stage=${sent.get('stage')}`)
  assert(sent.get('page') === '1', `a new filter should ask page 1, asked ${sent.get('page')}`)
  assert(resp.status() === 200, `GET /teachers?stage=小学 answered ${resp.status()}`)
  const data = await resp.json()
  await page.waitForFunction(
    ([sel, n]) => document.querySelectorAll(sel).length === n,
    [rowsSel, data.items.length],
  )
  const stages = await page.locator(`${rowsSel} ${tid('teacher-row-stage')}`).allTextContents()
  assert(
    stages.every((s) => s.trim() === '小学'),
    `rows after filtering by 小学 show stages ${JSON.stringify([...new Set(stages)])}`,
  )
  assert(page.url().includes('stage='), 'the filter is not kept in the page URL')
  await shot('04-filter-stage.png')
  if (data.items.length === 0) {
    console.log('   (no 小学 teacher in the demo data: resetting the filter)')
    await Promise.all([
      page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/teachers$/)),
      page.click(tid('teacher-reset')),
    ])
    await (await listRows()).first().waitFor()
  }
})

let searchName = ''
await step('search by name', async () => {
  const first = (await page.locator(`${rowsSel} ${tid('teacher-row-name')}`).first().textContent()).trim()
  assert(first, 'first row has no name')
  searchName = first
  await page.fill(tid('filter-q'), searchName)
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/teachers$/)),
    page.click(tid('teacher-search')),
  ])
  assert(new URL(resp.url()).searchParams.get('q') === searchName, 'the list request did not carry q')
  const data = await resp.json()
  assert(data.items.length > 0, `searching "${searchName}" found nobody`)
  assert(
    data.items.some((t) => t.name === searchName),
    `searching "${searchName}" did not return that teacher`,
  )
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [rowsSel, data.items.length])
  await shot('05-search-name.png')
})

let teacherId = null
let original = null
await step('open the first teacher', async () => {
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/teachers\/\d+$/)),
    page.locator(`${rowsSel} ${tid('teacher-row-name')}`).first().click(),
  ])
  assert(resp.status() === 200, `GET ${new URL(resp.url()).pathname} answered ${resp.status()}`)
  original = await resp.json()
  teacherId = original.id
  await page.waitForURL(new RegExp(`/teachers/${teacherId}$`))
  await page.waitForSelector(tid('teacher-form'))
  await page.waitForFunction(
    ([sel, v]) => document.querySelector(sel) && document.querySelector(sel).value === v,
    [tid('teacher-id_number'), original.id_number],
  )
  assert(/^\d{17}[\dXx]$/.test(original.id_number), `detail id_number "${original.id_number}" is masked or malformed`)
  const name = await page.inputValue(tid('teacher-name'))
  assert(name === original.name, `form shows name "${name}", server sent "${original.name}"`)
  await shot('06-teacher-detail.png')
})

await step('edit the phone and save (PATCH carries only the phone)', async () => {
  let phone
  do phone = '139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0')
  while (phone === original.phone)
  const r = await saveWith({ phone })
  assert(r.status === 200, `PATCH phone answered ${r.status}: ${JSON.stringify(r.body)}`)
  assert(
    JSON.stringify(Object.keys(r.sent || {})) === '["phone"]',
    `PATCH should send only the changed field, sent ${JSON.stringify(r.sent)}`,
  )
  assert(r.body && r.body.phone === phone, `server answered phone ${r.body && r.body.phone}, expected ${phone}`)
  await page.waitForFunction(([sel, v]) => document.querySelector(sel).value === v, [tid('teacher-phone'), phone])
  await page.locator('.el-message--success').first().waitFor()
  await shot('07-phone-saved.png')
})

await step('an ID number with a wrong check digit shows the server error under the field', async () => {
  const bad = withWrongCheckDigit(original.id_number.toUpperCase())
  const r = await saveWith({ id_number: bad })
  assert(r.status === 400, `PATCH with a wrong check digit answered ${r.status}, expected 400`)
  assert(JSON.stringify(Object.keys(r.sent || {})) === '["id_number"]', `PATCH sent ${JSON.stringify(r.sent)}`)
  const e = r.body && r.body.error
  assert(e && e.field === 'id_number', `error body should name field id_number: ${JSON.stringify(r.body)}`)
  assert(e.message, 'error body has no message')
  const inline = page.locator(tid('error-id_number'))
  await inline.waitFor({ state: 'visible' })
  const text = (await inline.textContent()).trim()
  assert(text === e.message, `inline error reads "${text}", server said "${e.message}"`)
  await shot('08-invalid-id-error.png')
})

let newId = null
await step('a valid ID number (same birth date and sex, new check digit) saves', async () => {
  let r
  for (let attempt = 0; attempt < 6; attempt++) {
    newId = siblingId(original.id_number.toUpperCase(), attempt)
    r = await saveWith({ id_number: newId })
    if (r.status !== 409) break // 409: someone in the demo data has it, try another
  }
  assert(r.status === 200, `PATCH with valid ${newId} answered ${r.status}: ${JSON.stringify(r.body)}`)
  assert(r.body.id_number === newId, `server kept id_number ${r.body.id_number}, expected ${newId}`)
  assert(r.body.birth_date === original.birth_date, `birth_date changed to ${r.body.birth_date}`)
  assert(r.body.sex === original.sex, `sex changed to ${r.body.sex}`)
  await page.locator(tid('error-id_number')).waitFor({ state: 'hidden' })
  await page.waitForFunction(([sel, v]) => document.querySelector(sel).value === v, [tid('teacher-id_number'), newId])
  await shot('09-valid-id-saved.png')
})

await step('restore the original ID number and phone', async () => {
  const fields = { id_number: original.id_number }
  if (original.phone) fields.phone = original.phone
  const r = await saveWith(fields)
  assert(r.status === 200, `restoring answered ${r.status}: ${JSON.stringify(r.body)}`)
  assert(r.body.id_number === original.id_number, 'id_number not restored')
  await shot('10-restored.png')
})

await step('switch the UI to English', async () => {
  await chooseOption('lang-switch', 'English')
  await page.waitForFunction((sel) => document.querySelector(sel).textContent.trim() === 'Teachers', tid('menu-teachers'))
  const save = (await page.textContent(tid('teacher-save'))).trim()
  assert(save === 'Save', `save button reads "${save}" in English`)
  await shot('11-english.png')
})

await cleanup()
console.log(`e2e: ${passed} passed, 0 failed`)
