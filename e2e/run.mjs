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
//   E2E_TEACHER     teacher account (default teacher), E2E_BUREAU bureau admin (default bureau_admin)
//   E2E_TUTOR       class tutor / organiser (default institution_staff), E2E_EXPERT (default expert)
//
// Scenario: log in as the school admin, open the teacher list, filter by stage
// and by name, open the first teacher, change the phone and save (the PATCH
// must carry only that field), enter an ID number with a wrong check digit and
// see the server's message under the ID field, enter a valid new ID number and
// save, put the original values back, switch the UI to English.
// Then (back in Chinese) the teacher import: download the CSV template, upload
// a CSV with two bad rows in 仅新增 mode (both errors listed with their row
// numbers, nothing written), fix the two rows and import again (progress bar at
// 100%, written), download the initial passwords once, find an imported teacher
// in the list; and the list's 导出 Excel (a job, then the download).
// Then the credits chain: the teacher declares 10 hours of 校本研修 (a bad hours
// value first: the server's message under the field), the school admin
// verifies, the bureau admin approves, and the teacher's 我的学分 total rises by 10.0.
// Then the school admin files the 校本培训实施方案 (a blank text first: the
// server's message under the field) and the bureau sees it filed and opens it.
// Then surveys: a project made running through the project API with the
// teacher accepted; the teacher answers its satisfaction survey (a missing
// rating first: the server's message at the question); the institution staff
// sees 1 response, 100%, the charts and the comment, and exports the xlsx.
// Then training projects: two 集中培训 of today are brought to registration_open
// through the API (institution staff with itself as class tutor, the bureau,
// the expert); the teacher opens 项目报名, the details and applies (已录取),
// applies for the other one and sees the server's overlap message naming the
// first; the project starts; the tutor shows session 1's QR code in 考勤与考核
// (decoded in the page with jsQR: a /checkin?token= link); the teacher, logged
// out, opens that link, signs in and lands on 已签到; 我的报名 shows 已录取 and
// the survey project's survey links; the tutor sees the check-in in the grid,
// marks 全部出勤 and session 2 全部迟到 (the PUT carries only the changed cell),
// enters the overall grade 合格 (results: passed, 0 / 3 absent hours) and closes
// the project (1 credit record created); the teacher's 我的学分 counts the new
// record (total up by its credits) and 我的报名 says 已生成学分.
// Prints `e2e: N passed, 0 failed` on success; exits 1 on the first failure.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, request } from 'playwright-core'

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

// The layout scrolls inside el-main, so fullPage sees one viewport: grow it for a long page.
async function tallShot(name, height = 2000) {
  if (!page) return
  const size = page.viewportSize()
  await page.setViewportSize({ width: size.width, height })
  await page.waitForTimeout(800) // let el-progress finish its width transition
  await shot(name)
  await page.setViewportSize(size)
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
    acceptDownloads: true,
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

await step('login page renders, with no failed request in the console', async () => {
  const errors = []
  const onConsole = (m) => m.type() === 'error' && errors.push(m.text())
  const onResponse = (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`)
  page.on('console', onConsole)
  page.on('response', onResponse)
  await page.goto(`${BASE_URL}/login`)
  await page.waitForSelector(tid('login-username'))
  await page.waitForSelector(tid('login-password'))
  await page.waitForLoadState('networkidle')
  page.off('console', onConsole)
  page.off('response', onResponse)
  assert(errors.length === 0, `the login page logged ${JSON.stringify(errors)}`)
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

// ---- teacher import ---------------------------------------------------------
const OWN_SCHOOL = '441821101001'
const OTHER_SCHOOL = '441821102001' // another township's school: outside school_admin's scope
const rand = (n) => Math.floor(Math.random() * n)
// A valid ID: 441821 + birth date + sequence 001–099 (left free by the demo data) + check char.
function testId(male) {
  const y = 1975 + rand(25)
  const m = String(1 + rand(12)).padStart(2, '0')
  const d = String(1 + rand(28)).padStart(2, '0')
  let seq = 1 + rand(98)
  if ((seq % 2 === 1) !== male) seq += 1
  const first17 = `441821${y}${m}${d}${String(seq).padStart(3, '0')}`
  return first17 + checkDigit(first17)
}
const NAME_CHARS = '安博昌辰丹方冠浩嘉景凯乐明宁琪睿思廷文欣雅彦悦哲志'
const testName = () => '导试' + NAME_CHARS[rand(NAME_CHARS.length)] + NAME_CHARS[rand(NAME_CHARS.length)]

const people = [
  { name: testName(), id: testId(true), school: OWN_SCHOOL, subject: '语文' },
  { name: testName(), id: testId(false), school: OWN_SCHOOL, subject: '数学' }, // wrong check digit at first
  { name: testName(), id: testId(true), school: OWN_SCHOOL, subject: '英语' }, // other school at first
  { name: testName(), id: testId(false), school: OWN_SCHOOL, subject: '科学' },
]
while (new Set(people.map((p) => p.name)).size < people.length) people[3].name = testName()
function csvOf(rows) {
  const lines = ['姓名,身份证号,学校代码,学段,学科', ...rows.map((p) => [p.name, p.id, p.school, '小学', p.subject].join(','))]
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')
}
const badRows = people.map((p) => ({ ...p }))
badRows[1].id = withWrongCheckDigit(badRows[1].id)
badRows[2].school = OTHER_SCHOOL
const importUrl = /^\/api\/v1\/teachers\/import$/

async function apiGet(p) {
  return page.evaluate(async (u) => {
    const r = await fetch(u, { headers: { Accept: 'application/json' } })
    return { status: r.status, body: await r.json().catch(() => null) }
  }, p)
}

// Uploads `buffer` as `name`, picks the mode, starts; returns {sent, job} once the result shows.
const jobGets = []
async function runImport(name, buffer, modeLabel) {
  await page.setInputFiles(`${tid('import-upload')} input[type=file]`, { name, mimeType: 'text/csv', buffer })
  await page.locator('.el-upload-list__item-name', { hasText: name }).first().waitFor()
  await page.locator('.el-radio-button', { hasText: modeLabel }).click()
  jobGets.length = 0
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', importUrl)),
    page.click(tid('import-start')),
  ])
  assert(resp.status() === 202, `POST /teachers/import answered ${resp.status()}: ${await resp.text()}`)
  const sent = new URL(resp.url()).searchParams
  const body = resp.request().postDataBuffer()
  assert(body && Buffer.compare(body, buffer) === 0, 'the import request body is not the file bytes')
  const job = await resp.json()
  assert(job.kind === 'teacher.import' && job.id, `202 body is not an import job: ${JSON.stringify(job)}`)
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel)
      return el && ['succeeded', 'failed', 'cancelled'].includes(el.getAttribute('data-state'))
    },
    tid('job-progress'),
    { timeout: 60000 },
  )
  return { sent, job }
}

page.on('response', (r) => {
  if (isApi(r, 'GET', /^\/api\/v1\/jobs\/\d+$/)) jobGets.push(r)
})

await step('back to Chinese, open 教师导入 and download the CSV template', async () => {
  await chooseOption('lang-switch', '简体中文')
  await page.waitForFunction((sel) => document.querySelector(sel).textContent.trim() === '教师管理', tid('menu-teachers'))
  await page.click(tid('menu-teacher-import'))
  await page.waitForURL(/\/teachers\/import$/)
  await page.waitForSelector(tid('import-upload'))
  const checked = (await page.locator('.el-radio-button.is-active').textContent()).trim()
  assert(checked === '校验（不写入）', `default mode is "${checked}", expected 校验（不写入）`)
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('template-csv'))])
  assert(download.suggestedFilename() === '教师导入模板.csv', `template saved as ${download.suggestedFilename()}`)
  const file = await download.path()
  const text = fs.readFileSync(file, 'utf8')
  assert(text.includes('姓名') && text.includes('身份证号'), `the CSV template has no header: ${text.slice(0, 80)}`)
  await shot('12-import-page.png')
})

await step('import (仅新增) a CSV with two bad rows: both listed, nothing written', async () => {
  const { sent } = await runImport('教师名册-有错.csv', csvOf(badRows), '仅新增')
  assert(sent.get('mode') === 'insert', `mode sent: ${sent.get('mode')}`)
  assert(sent.get('good_rows_only') === '0', `good_rows_only sent: ${sent.get('good_rows_only')}`)
  assert(sent.get('filename') === '教师名册-有错.csv', `filename sent: ${sent.get('filename')}`)
  assert(jobGets.length > 0, 'the page never polled GET /jobs/{id}')
  const outcome = page.locator(tid('import-outcome'))
  await outcome.waitFor()
  assert((await outcome.getAttribute('data-written')) === '0', 'the banner says written')
  const text = (await outcome.textContent()).trim()
  assert(text.includes('发现 2 行错误') && text.includes('未写入任何数据'), `banner reads "${text}"`)
  const rowsShown = (await page.locator(`${tid('import-problems')} ${tid('problem-row')}`).allTextContents()).map((x) => +x.trim())
  assert(JSON.stringify(rowsShown.sort()) === '[3,4]', `problem rows shown: ${JSON.stringify(rowsShown)} (expected 3 and 4)`)
  const reasons = await page.locator(`${tid('import-problems')} ${tid('problem-reason')}`).allTextContents()
  assert(reasons.some((r) => r.includes('校验位')), `no check-digit reason among ${JSON.stringify(reasons)}`)
  assert(reasons.some((r) => r.includes(OTHER_SCHOOL)), `no out-of-scope school reason among ${JSON.stringify(reasons)}`)
  const invalid = (await page.textContent(tid('import-count-invalid'))).trim()
  assert(invalid === '2', `错误行 shows ${invalid}`)
  assert(await page.locator(tid('job-file-error_report')).isVisible(), 'no error report download')
  assert(!(await page.locator(tid('job-file-initial_passwords')).count()), 'initial passwords offered though nothing was written')
  for (const p of [people[0], people[3]]) {
    const r = await apiGet(`/api/v1/teachers?q=${encodeURIComponent(p.id)}`)
    assert(r.status === 200 && r.body.total === 0, `${p.name} (a good row) was written: ${JSON.stringify(r.body)}`)
  }
  await tallShot('13-import-errors.png')
})

await step('fix the two rows, import again: progress 100%, written, initial passwords once', async () => {
  const { sent, job } = await runImport('教师名册-已改.csv', csvOf(people), '仅新增')
  assert(sent.get('mode') === 'insert', `mode sent: ${sent.get('mode')}`)
  const state = await page.getAttribute(tid('job-progress'), 'data-state')
  assert(state === 'succeeded', `job state ${state}: ${await page.locator(tid('import-result')).textContent()}`)
  const now = await page.getAttribute(`${tid('job-progress-bar')}`, 'aria-valuenow')
  assert(now === '100', `progress bar at ${now}%`)
  const outcome = page.locator(tid('import-outcome'))
  await outcome.waitFor()
  const text = (await outcome.textContent()).trim()
  assert((await outcome.getAttribute('data-written')) === '1', `not written: "${text}"`)
  assert(text.includes('已写入') && text.includes(`新增 ${people.length} 人`), `banner reads "${text}"`)
  assert(!(await page.locator(tid('import-problems')).count()), 'a problems table after a clean import')
  const inserted = (await page.textContent(tid('import-count-inserted'))).trim()
  assert(inserted === String(people.length), `新增 shows ${inserted}`)
  const hint = (await page.textContent(tid('initial-passwords-hint'))).trim()
  assert(hint.includes('只能下载一次'), `no download-once warning before the button: "${hint}"`)
  await tallShot('14-import-written.png')
  const btn = page.locator(tid('job-file-initial_passwords'))
  const [download] = await Promise.all([page.waitForEvent('download'), btn.click()])
  const saved = download.suggestedFilename()
  assert(/^初始密码\.(csv|xlsx)$/.test(saved), `passwords saved as ${saved}`)
  const bytes = fs.readFileSync(await download.path())
  if (saved.endsWith('.csv')) {
    const text = bytes.toString('utf8')
    const missing = people.filter((p) => !text.includes(p.name)).map((p) => p.name)
    assert(missing.length === 0, `the initial passwords file lacks ${missing.join(', ')}`)
  } else assert(bytes.subarray(0, 2).toString() === 'PK', 'the initial passwords file is not an xlsx')
  await page.waitForFunction((sel) => document.querySelector(sel).disabled, tid('job-file-initial_passwords'))
  // Once means once: the server no longer lists or serves it.
  const after = await apiGet(`/api/v1/jobs/${job.id}`)
  const still = (after.body.files || []).find((f) => f.role === 'initial_passwords')
  if (still) {
    const again = await apiGet(`/api/v1/jobs/${job.id}/files/${still.id}`)
    assert(again.status !== 200, 'the initial passwords file could be downloaded twice')
  }
})

await step('an imported teacher is in the teacher list', async () => {
  const who = people[2] // the row first refused for its school
  await page.click(tid('menu-teachers'))
  await page.waitForURL(/\/teachers(\?|$)/)
  await (await listRows()).first().waitFor()
  await page.fill(tid('filter-q'), who.name)
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/teachers$/) && new URL(r.url()).searchParams.get('q') === who.name),
    page.click(tid('teacher-search')),
  ])
  const data = await resp.json()
  assert(data.items.some((t) => t.name === who.name), `searching ${who.name} found ${JSON.stringify(data.items)}`)
  await page.locator(`${rowsSel} ${tid('teacher-row-name')}`, { hasText: who.name }).first().waitFor()
  await shot('15-imported-in-list.png')
})

await step('导出 Excel with the list filters: progress, then the download', async () => {
  await page.click(tid('teacher-export'))
  const item = page.locator(tid('teacher-export-xlsx'))
  await item.waitFor({ state: 'visible' })
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', /^\/api\/v1\/teachers\/export$/)),
    item.click(),
  ])
  const sent = new URL(resp.url()).searchParams
  assert(sent.get('format') === 'xlsx', `format sent: ${sent.get('format')}`)
  assert(sent.get('q') === people[2].name, `the export did not carry the list filter q: ${resp.url()}`)
  assert(!sent.has('page'), 'the export carried the page number')
  await page.locator(tid('export-dialog')).waitFor()
  assert(resp.status() === 202, `POST /teachers/export answered ${resp.status()}: ${await resp.text()}`)
  await page.locator(tid('export-done')).waitFor({ timeout: 60000 })
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('job-file-export'))])
  assert(/\.xlsx$/.test(download.suggestedFilename()), `export saved as ${download.suggestedFilename()}`)
  const bytes = fs.readFileSync(await download.path())
  assert(bytes.subarray(0, 2).toString() === 'PK', 'the export is not an xlsx')
  await shot('16-export.png')
  await page.keyboard.press('Escape')
})

// ---- credits: declare (teacher) → verify (school) → approve (bureau) → counted
const TEACHER = process.env.E2E_TEACHER || 'teacher'
const BUREAU = process.env.E2E_BUREAU || 'bureau_admin'
const now = new Date()
const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
const creditProject = `E2E 校本研修 ${Date.now() % 100000}`
let auditBefore = null

async function logoutAndLogin(username) {
  if (await page.locator(tid('logout-button')).isVisible().catch(() => false)) {
    await page.click(tid('logout-button'))
    await page.waitForURL(/\/login/)
  } else {
    await page.goto(`${BASE_URL}/login`)
  }
  await page.fill(tid('login-username'), username)
  await page.fill(tid('login-password'), PASSWORD)
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', /^\/api\/v1\/auth\/login$/)),
    page.click(tid('login-submit')),
  ])
  assert(resp.status() === 200, `login as ${username} answered ${resp.status()}`)
  await page.waitForSelector(tid('nav-menu'))
}

// Opens 我的学分 and returns the audit the page received.
async function openMyCredits() {
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/credits\/audit\/teachers\/\d+$/)),
    page.click(tid('menu-my-credits')),
  ])
  assert(resp.status() === 200, `GET audit answered ${resp.status()}: ${await resp.text()}`)
  const audit = await resp.json()
  await page.locator(tid('audit-total')).waitFor()
  return audit
}

// Clicks the action button of the pending row that holds our project.
async function actOnPending(button, method, re) {
  const row = page.locator(`${tid('pending-table')} tr.el-table__row`, { hasText: creditProject }).first()
  await row.waitFor()
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, method, re)),
    row.locator(tid(button)).click(),
  ])
  const body = await resp.json().catch(() => null)
  return { status: resp.status(), body }
}

await step('as the teacher, 我的学分 shows the audit of this year', async () => {
  await logoutAndLogin(TEACHER)
  auditBefore = await openMyCredits()
  assert(auditBefore.year === now.getFullYear(), `audit year ${auditBefore.year}`)
  const shown = (await page.textContent(tid('audit-total'))).trim()
  assert(shown === Number(auditBefore.total_credits).toFixed(1), `total shown ${shown}, server ${auditBefore.total_credits}`)
  const status = (await page.textContent(tid('audit-status'))).trim()
  assert(status === auditBefore.status, `status shown ${status}, server ${auditBefore.status}`)
  const n = await page.locator(tid('audit-shortfall')).count()
  assert(n === auditBefore.shortfalls.length, `${n} shortfalls shown, server has ${auditBefore.shortfalls.length}`)
  if (n) {
    const first = (await page.locator(tid('audit-shortfall')).first().textContent()).trim()
    assert(first === auditBefore.shortfalls[0].text_zh, `shortfall shown "${first}", server "${auditBefore.shortfalls[0].text_zh}"`)
  }
  await shot('17-my-credits-before.png')
})

await step('申报学分: a bad hours value shows the server error under the field; 10 hours of 校本研修 declares', async () => {
  await page.click(tid('credit-declare'))
  await page.locator(tid('declare-dialog')).waitFor()
  await page.fill(tid('declare-project_name'), creditProject)
  // Nothing else filled: every missing field is marked at once, in Chinese.
  const [empty] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', /^\/api\/v1\/credits\/records$/)),
    page.click(tid('declare-submit')),
  ])
  const emptyBody = await empty.json()
  const missing = (emptyBody.error.fields || []).map((f) => f.field).sort()
  assert(empty.status() === 400 && missing.join() === 'date,dimension', `an empty declaration answered ${JSON.stringify(emptyBody)}`)
  for (const f of ['date', 'dimension']) {
    const text = (await page.locator(tid(`error-${f}`)).textContent()).trim()
    assert(/^缺少必填字段：[^a-z]+$/.test(text), `under ${f}: "${text}"`)
  }
  const date = page.locator(`input${tid('declare-date')}, ${tid('declare-date')} input`).first()
  await date.fill(today)
  await date.press('Enter')
  // A field filled since the failed save loses its mark at once.
  await page.locator(tid('error-date')).waitFor({ state: 'detached' })
  assert(await page.locator(tid('error-dimension')).isVisible(), 'the dimension mark went before the dimension was chosen')
  await chooseOption('declare-dimension', '学科教学')
  await page.locator(tid('error-dimension')).waitFor({ state: 'detached' })
  await page.fill(tid('declare-hours'), '10.25')
  const [bad] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', /^\/api\/v1\/credits\/records$/)),
    page.click(tid('declare-submit')),
  ])
  const badBody = await bad.json()
  assert(bad.status() === 400 && badBody.error.field === 'hours', `10.25 hours answered ${bad.status()} ${JSON.stringify(badBody)}`)
  const msg = (await page.locator(tid('error-hours')).textContent()).trim()
  assert(msg === badBody.error.message, `under hours: "${msg}", server: "${badBody.error.message}"`)
  await shot('18-declare-error.png')
  await page.fill(tid('declare-hours'), '10')
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', /^\/api\/v1\/credits\/records$/)),
    page.click(tid('declare-submit')),
  ])
  const rec = await resp.json()
  assert(resp.status() === 201, `declare answered ${resp.status()}: ${JSON.stringify(rec)}`)
  const sent = resp.request().postDataJSON()
  assert(sent.level === '校本' && sent.form === '校本研修' && sent.dimension === '学科教学' && sent.hours === 10 && sent.date === today,
    `declared ${JSON.stringify(sent)}`)
  assert(rec.state === 'declared', `new record state ${rec.state}`)
  const row = page.locator(`${tid('my-records')} tr.el-table__row`, { hasText: creditProject }).first()
  await row.waitFor()
  const state = (await row.locator(tid('record-state')).textContent()).trim()
  assert(state === '待学校审核', `my record state shows ${state}`)
})

await step('as the school admin, 学分审核: verify the record; the school audit table', async () => {
  await logoutAndLogin(USERNAME)
  await page.click(tid('menu-credit-review'))
  await page.locator(tid('audit-table')).waitFor()
  const { status, body } = await actOnPending('pending-pass', 'POST', /^\/api\/v1\/credits\/records\/\d+\/verify$/)
  assert(status === 200 && body.state === 'school_verified', `verify answered ${status}: ${JSON.stringify(body)}`)
  await page.locator(`${tid('pending-table')} tr.el-table__row`, { hasText: creditProject }).waitFor({ state: 'detached' })
  await page.locator(`${tid('audit-table')} ${tid('audit-row-name')}`).first().waitFor()
  await tallShot('19-school-audit.png')
})

await step('as the bureau admin, the desk is the landing page: completion, charts with their tables, to-dos', async () => {
  await logoutAndLogin(BUREAU)
  await page.waitForURL(/\/desk$/)
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/desk\/overview$/)),
    page.reload(),
  ])
  assert(resp.status() === 200, `the overview answered ${resp.status()}`)
  const o = await resp.json()
  await page.locator(`${tid('desk-table-schools')} .el-table__row`).first().waitFor()
  const rows = await page.locator(`${tid('desk-table-schools')} .el-table__row`).count()
  assert(rows === o.schools.length, `${rows} school rows, the server sent ${o.schools.length}`)
  const shown = (await page.textContent(tid('desk-rate'))).trim()
  const want = o.this_year.teachers ? `${(Math.round((o.this_year.passed / o.this_year.teachers) * 1000) / 10).toFixed(1)}%` : '—'
  assert(shown === want, `the rate reads "${shown}", the server's numbers give ${want}`)
  for (const chart of ['desk-chart-schools', 'desk-chart-dimensions', 'desk-chart-projects'])
    await page.locator(`${tid(chart)} canvas`).first().waitFor()
  assert(await page.locator(tid('desk-todo-records_to_approve')).isVisible(), 'no to-do of records to approve')
  await tallShot('19b-bureau-desk.png')
})

await step('as the bureau admin, 学分审批: approve the record; completion per school', async () => {
  await logoutAndLogin(BUREAU)
  await page.click(tid('menu-credit-approval'))
  const { status, body } = await actOnPending('pending-pass', 'POST', /^\/api\/v1\/credits\/records\/\d+\/approve$/)
  assert(status === 200 && body.state === 'approved', `approve answered ${status}: ${JSON.stringify(body)}`)
  await page.locator(`${tid('completion-table')} ${tid('completion-rate')}`).first().waitFor()
  await tallShot('20-bureau-approval.png')
})

await step('as the bureau admin, 学分政策: the effective policy; a bad minimum shows the server error with its JSON path', async () => {
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/policies$/)),
    page.click(tid('menu-credit-policy')),
  ])
  assert(resp.status() === 200, `GET /policies answered ${resp.status()}`)
  const eff = await resp.json()
  const box = page.locator(`textarea${tid('policy-json')}, ${tid('policy-json')} textarea`).first()
  await box.waitFor()
  const text = await box.inputValue()
  assert(JSON.parse(text).name === eff.policy.name, 'the editor does not hold the effective policy')
  if (eff.inherited_default) await page.locator(tid('policy-inherited')).waitFor()
  const bad = text.replace(/"minimum":\s*[\d.]+/, '"minimum": -1')
  assert(bad !== text, 'no minimum in the policy')
  await box.fill(bad)
  const [put] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'PUT', /^\/api\/v1\/policies$/)),
    page.click(tid('policy-save')),
  ])
  const body = await put.json()
  assert(put.status() === 400 && /minimum/.test(body.error.field || ''), `PUT answered ${put.status()}: ${JSON.stringify(body)}`)
  const field = (await page.textContent(tid('policy-error-field'))).trim()
  assert(field === body.error.field, `error path shown "${field}", server "${body.error.field}"`)
  await shot('21-policy-error.png')
})

await step('as the bureau admin, 学分记录导入: the template has 专题标签; a dry run of a tagged record passes, nothing written', async () => {
  await page.click(tid('menu-credit-import'))
  await page.waitForURL(/\/credits\/import$/)
  await page.waitForSelector(tid('import-upload'))
  const modes = (await page.locator(`${tid('import-mode')} .el-radio-button`).allTextContents()).map((x) => x.trim())
  assert(JSON.stringify(modes) === JSON.stringify(['校验（不写入）', '导入']), `modes offered: ${JSON.stringify(modes)}`)
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('template-csv'))])
  assert(download.suggestedFilename() === '学分记录导入模板.csv', `template saved as ${download.suggestedFilename()}`)
  const template = fs.readFileSync(await download.path(), 'utf8')
  assert(template.includes('专题标签') && template.includes('教育技术、信息化'), `the template: ${template.slice(0, 120)}`)
  const list = await apiGet('/api/v1/teachers?page=1&page_size=1')
  const t = (await apiGet(`/api/v1/teachers/${list.body.items[0].id}`)).body
  const csv = Buffer.from(
    `身份证号,姓名,日期,项目名称,级别,形式,维度,学时,专题标签\r\n${t.id_number},${t.name},2026-05-01,信息技术应用,区县级,集中培训,专业成长,8,教育技术;信息化\r\n`,
    'utf8',
  )
  await page.setInputFiles(`${tid('import-upload')} input[type=file]`, { name: '学分记录.csv', mimeType: 'text/csv', buffer: csv })
  await page.locator('.el-upload-list__item-name', { hasText: '学分记录.csv' }).first().waitFor()
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', /^\/api\/v1\/credits\/import$/)),
    page.click(tid('import-start')),
  ])
  assert(resp.status() === 202, `POST /credits/import answered ${resp.status()}: ${await resp.text()}`)
  assert(new URL(resp.url()).searchParams.get('mode') === 'dry-run', 'the default mode is not a dry run')
  const outcome = page.locator(tid('import-outcome'))
  await outcome.waitFor({ timeout: 60000 })
  const banner = (await outcome.textContent()).trim()
  assert((await outcome.getAttribute('data-written')) === '0', `written: "${banner}"`)
  assert(banner.includes('将导入 1 条学分记录'), `banner reads "${banner}"`)
  await tallShot('20b-credit-import.png')
})

await step('as the teacher, the record counts in 我的学分: total +10.0', async () => {
  await logoutAndLogin(TEACHER)
  const after = await openMyCredits()
  const delta = Math.round((Number(after.total_credits) - Number(auditBefore.total_credits)) * 10) / 10
  assert(delta === 10, `total went ${auditBefore.total_credits} → ${after.total_credits}`)
  const shown = (await page.textContent(tid('audit-total'))).trim()
  assert(shown === Number(after.total_credits).toFixed(1), `total shown ${shown}, server ${after.total_credits}`)
  const counted = page.locator(`${tid('audit-counted')} tr.el-table__row`, { hasText: creditProject }).first()
  await counted.waitFor()
  const state = (await page.locator(`${tid('my-records')} tr.el-table__row`, { hasText: creditProject }).first().locator(tid('record-state')).textContent()).trim()
  assert(state === '已认定', `my record state shows ${state}`)
  await tallShot('22-my-credits-audit.png', 2400)
})

// ---- school-based training plans (校本培训实施方案) --------------------------
const planTitle = `E2E 校本培训实施方案 ${Date.now() % 100000}`
let filedPlan = null

await step('as the school admin, 校本培训方案: a blank text shows the server error under the field; the plan files', async () => {
  await logoutAndLogin(USERNAME)
  const [ov] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/school-plans$/)),
    page.click(tid('menu-school-plan-file')),
  ])
  assert(ov.status() === 200, `GET /school-plans answered ${ov.status()}`)
  await page.locator(tid('plan-title')).waitFor()
  await page.fill(tid('plan-title'), planTitle)
  await page.fill(tid('plan-content-input'), '   ')
  const [bad] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'PUT', /^\/api\/v1\/school-plans\/\d+$/)),
    page.click(tid('plan-submit')),
  ])
  const badBody = await bad.json()
  assert(bad.status() === 400 && badBody.error.field === 'content', `blank content answered ${bad.status()} ${JSON.stringify(badBody)}`)
  const shown = page.locator('.el-form-item__error', { hasText: badBody.error.message })
  await shown.waitFor()
  await page.fill(tid('plan-content-input'), '一、指导思想\n二、培训目标与内容\n三、时间安排')
  const [ok] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'PUT', /^\/api\/v1\/school-plans\/\d+$/)),
    page.click(tid('plan-submit')),
  ])
  filedPlan = await ok.json()
  assert(ok.status() === 200, `filing answered ${ok.status()}: ${JSON.stringify(filedPlan)}`)
  const want = filedPlan.late ? '逾期报送' : '已报送'
  await page.waitForFunction(
    ([sel, text]) => document.querySelector(sel) && document.querySelector(sel).textContent.trim() === text,
    [tid('plan-status'), want],
  )
  await shot('23-school-plan-file.png')
})

await step('as the bureau admin, 校本方案报送: the school shows as filed and its plan opens', async () => {
  await logoutAndLogin(BUREAU)
  const [ov] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/school-plans$/)),
    page.click(tid('menu-school-plans')),
  ])
  const overview = await ov.json()
  const line = overview.items.find((i) => i.school_id === filedPlan.school_id)
  assert(line && line.plan_id === filedPlan.id, `the overview lacks the plan: ${JSON.stringify(line)}`)
  const row = page.locator(`${tid('plan-table')} tr.el-table__row`, { hasText: planTitle }).first()
  await row.waitFor()
  const status = (await row.locator(tid('plan-row-status')).textContent()).trim()
  assert(status === (line.status === 'late' ? '逾期报送' : '已报送'), `row status ${status}, server ${line.status}`)
  await row.locator(tid(`plan-open-${filedPlan.school_id}`)).click()
  await page.waitForFunction((sel) => document.querySelector(sel) && document.querySelector(sel).textContent.includes('指导思想'), tid('plan-content'))
  await shot('24-school-plan-overview.png')
  await page.keyboard.press('Escape')
  await page.locator(tid('plan-content')).waitFor({ state: 'hidden' })
})

// ---- surveys (问卷) -----------------------------------------------------------
// The project is set up through the API as the real roles; the survey is
// answered and read in the UI.
async function apiAs(username) {
  const ctx = await request.newContext({ baseURL: BASE_URL })
  const login = await ctx.post('/api/v1/auth/login', { data: { username, password: PASSWORD } })
  assert(login.status() === 200, `API login as ${username} answered ${login.status()}`)
  const { csrf_token: csrf, user } = await login.json()
  return {
    user,
    async call(method, p, data) {
      const r = await ctx.fetch(p, { method, data, headers: { 'X-CSRF-Token': csrf } })
      return { status: r.status(), body: await r.json().catch(() => null) }
    },
    dispose: () => ctx.dispose(),
  }
}
async function must(what, r, status) {
  assert(r.status === status, `${what} answered ${r.status}: ${JSON.stringify(r.body)}`)
  return r.body
}
// A project created by the institution staff and brought to registration_open:
// submitted, the expert assigned by the bureau, scored (full marks), approved, opened.
async function openProjectViaApi({ inst, bureau, expert }, input) {
  const created = await must('create', await inst.call('POST', '/api/v1/projects', input), 201)
  const p = `/api/v1/projects/${created.id}`
  const move = async (who, action) => must(action, await who.call('POST', `${p}/transition`, { action }), 200)
  await move(inst, 'submit')
  await must('experts', await bureau.call('POST', `${p}/experts`, { expert_ids: [expert.user.id] }), 204)
  const { rubric } = await must('rubric', await bureau.call('GET', `${p}/reviews`), 200)
  const scores = Object.fromEntries(rubric.map((c) => [c.criterion, c.max]))
  await must('review', await expert.call('POST', `${p}/reviews`, { scores, comments: '同意' }), 204)
  await move(bureau, 'approve')
  const opened = await move(inst, 'open')
  assert(opened.state === 'registration_open', `project ${opened.code} is ${opened.state}`)
  return opened
}
const surveyProject = { code: `E2E-SV-${Date.now() % 100000}`, name: `E2E 问卷项目 ${Date.now() % 100000}` }

await step('a running project with the teacher accepted, through the project API', async () => {
  const [inst, bureau, expert, teacher] = await Promise.all(['institution_staff', BUREAU, 'expert', TEACHER].map(apiAs))
  const created = await openProjectViaApi({ inst, bureau, expert }, {
    ...surveyProject, level: '区县级', form: '网络研修', dimension: '学科教学', start_date: today, end_date: today, hours: 6, capacity: 10,
  })
  const p = `/api/v1/projects/${created.id}`
  const move = async (who, action) => must(action, await who.call('POST', `${p}/transition`, { action }), 200)
  const reg = await must('apply', await teacher.call('POST', `${p}/registrations`, {}), 201)
  assert(reg.state === 'accepted', `registration ${reg.state}`)
  await move(inst, 'start')
  surveyProject.id = created.id
  await Promise.all([inst, bureau, expert, teacher].map((c) => c.dispose()))
})

await step('as the teacher, 我的问卷 → the satisfaction survey: a missing rating shows the server error at its question; then it submits', async () => {
  await logoutAndLogin(TEACHER)
  const [mine] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/surveys\/mine$/)),
    page.click(tid('menu-my-surveys')),
  ])
  assert(mine.status() === 200, `GET /surveys/mine answered ${mine.status()}`)
  const open = tid(`survey-open-${surveyProject.id}-satisfaction`)
  await page.locator(open).waitFor()
  await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/projects\/\d+\/surveys\/satisfaction$/)),
    page.click(open),
  ])
  await page.locator(tid('question-q1')).waitFor()
  // Rate every question but the first: the server names q1.
  for (const q of ['q2', 'q3', 'q4', 'q5']) await page.locator(`${tid('question-' + q)} .el-rate__item`).nth(3).click()
  const [bad] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', /\/surveys\/satisfaction\/answers$/)),
    page.click(tid('survey-submit')),
  ])
  const badBody = await bad.json()
  assert(bad.status() === 400 && badBody.error.field === 'q1', `missing q1 answered ${bad.status()} ${JSON.stringify(badBody)}`)
  await page.locator(`${tid('question-q1')} .el-form-item__error`, { hasText: badBody.error.message }).waitFor()
  await page.locator(`${tid('question-q1')} .el-rate__item`).nth(4).click()
  await page.fill(`${tid('question-q6')} textarea`, '案例贴近课堂，希望多安排观摩')
  await shot('25-survey-form.png')
  const [ok] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', /\/surveys\/satisfaction\/answers$/)),
    page.click(tid('survey-submit')),
  ])
  assert(ok.status() === 204, `answer answered ${ok.status()}`)
  await page.locator(tid('my-surveys')).waitFor()
  const row = page.locator(`${tid('my-surveys-table')} tr.el-table__row`, { hasText: surveyProject.name })
  await page.waitForFunction(
    (sel) => [...document.querySelectorAll(sel)].some((e) => e.textContent.trim() === '已提交'),
    tid('survey-answered'),
  )
  assert((await row.count()) >= 1, 'the project is not in 我的问卷')
})

await step('as the institution staff, 问卷结果: 1 response, 100.0%, the charts and the comment; export xlsx', async () => {
  await logoutAndLogin('institution_staff')
  await page.click(tid('menu-survey-projects'))
  const link = tid(`survey-results-${surveyProject.id}-satisfaction`)
  await page.locator(link).waitFor()
  const [res] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /\/surveys\/satisfaction\/results$/)),
    page.click(link),
  ])
  const results = await res.json()
  assert(res.status() === 200 && results.responses === 1 && results.participants === 1, `results ${JSON.stringify(results).slice(0, 200)}`)
  await page.waitForFunction((sel) => document.querySelector(sel) && document.querySelector(sel).textContent.trim() === '100.0%', tid('survey-rate'))
  await page.locator(`${tid('chart-averages')} canvas`).waitFor()
  await page.locator(`${tid('chart-distribution')} canvas`).waitFor()
  await page.locator(tid('texts-q6'), { hasText: '案例贴近课堂' }).waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('survey-export'))])
  assert(download.suggestedFilename().endsWith('.xlsx'), `export named ${download.suggestedFilename()}`)
  await tallShot('26-survey-results.png', 1600)
})

// ---- training projects: 报名 (teacher) → check-in by QR → attendance, grades, close (tutor) → credits
// The projects are brought to registration_open through the API (institution
// staff create and submit, the bureau assigns the expert, the expert scores,
// the bureau approves, the institution opens): the admin pages are not what
// this part checks.
const TUTOR = process.env.E2E_TUTOR || 'institution_staff'
const EXPERT = process.env.E2E_EXPERT || 'expert'
const runTag = Date.now() % 1000000

// Now in China Standard Time (the server's check-in window is in CST).
const cst = new Date(Date.now() + 8 * 3600 * 1000)
const pad2 = (n) => String(n).padStart(2, '0')
const cstToday = `${cst.getUTCFullYear()}-${pad2(cst.getUTCMonth() + 1)}-${pad2(cst.getUTCDate())}`
const minutesNow = cst.getUTCHours() * 60 + cst.getUTCMinutes()
const hhmm = (m) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`
// Session 1 started 5 minutes ago (a check-in now is on time); session 2 is
// another course the same day. Both inside today, whatever the hour.
const s1Start = Math.max(0, minutesNow - 5)
const s1End = Math.min(23 * 60 + 59, s1Start + 90)

function projectInput(code, name) {
  return {
    code,
    name,
    level: '区县级',
    form: '集中培训',
    dimension: '学科教学',
    location: '区域内',
    start_date: cstToday,
    end_date: cstToday,
    reg_start: cstToday,
    reg_end: cstToday,
    hours: 3,
    capacity: 30,
    approval: 'none',
    syllabus: '一、课堂观察\n二、作业设计',
    trainers: '进修学校研训员',
    sessions: [
      { course: '课堂观察', topic: '课堂观察方法', date: cstToday, start_time: hhmm(s1Start), end_time: hhmm(s1End), hours: 1.5, trainer: '王老师' },
      { course: '作业设计', topic: '分层作业设计', date: cstToday, start_time: hhmm(s1Start), end_time: hhmm(s1End), hours: 1.5, trainer: '李老师' },
    ],
  }
}

let tutorApi, bureauApi, expertApi // API sessions (apiAs)
let project = null // the project the teacher takes
let rival = null // another 集中培训 on the same day: its application must fail (overlap)
let qrToken = ''

await step('API: two 集中培训 projects of today are brought to registration_open', async () => {
  ;[tutorApi, bureauApi, expertApi] = await Promise.all([TUTOR, BUREAU, EXPERT].map(apiAs))
  const who = { inst: tutorApi, bureau: bureauApi, expert: expertApi }
  const input = (code, name) => ({ ...projectInput(code, name), tutor_ids: [tutorApi.user.id] })
  project = await openProjectViaApi(who, input(`E2E-P${runTag}`, `E2E 课堂观察与作业设计 ${runTag}`))
  rival = await openProjectViaApi(who, input(`E2E-R${runTag}`, `E2E 同期集中培训 ${runTag}`))
})

async function openCatalogue() {
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/projects$/) && new URL(r.url()).searchParams.get('catalogue') === '1'),
    page.click(tid('menu-project-catalogue')),
  ])
  assert(resp.status() === 200, `GET /projects?catalogue=1 answered ${resp.status()}`)
  return resp.json()
}
const catalogueRow = (name) => page.locator(`${tid('catalogue-table')} tr.el-table__row`, { hasText: name }).first()

await step('as the teacher, 项目报名 lists the project; details; 报名 → 已录取', async () => {
  await logoutAndLogin(TEACHER)
  const list = await openCatalogue()
  assert(list.items.some((p) => p.id === project.id), `the catalogue lacks ${project.name}: ${JSON.stringify(list.items.map((p) => p.name))}`)
  const row = catalogueRow(project.name)
  await row.waitFor()
  await row.locator(tid('catalogue-name')).click()
  await page.locator(tid('project-summary'), { hasText: project.code }).waitFor()
  await page.locator(`${tid('summary-sessions')} tr.el-table__row`).nth(1).waitFor()
  await page.waitForTimeout(400) // the drawer slides in
  await shot('27-catalogue-details.png')
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', new RegExp(`^/api/v1/projects/${project.id}/registrations$`))),
    page.click(tid('drawer-apply')),
  ])
  const reg = await resp.json()
  assert(resp.status() === 201 && reg.state === 'accepted', `apply answered ${resp.status()}: ${JSON.stringify(reg)}`)
  await page.keyboard.press('Escape')
  const outcome = page.locator(`${tid('project-catalogue')} > .page-card ${tid('apply-outcome')}`)
  await outcome.waitFor()
  assert((await outcome.getAttribute('data-state')) === 'accepted', 'the outcome does not say accepted')
  const state = (await row.locator(tid('catalogue-state')).textContent()).trim()
  assert(state === '已录取', `the row's state shows ${state}`)
  assert((await row.locator(tid('catalogue-apply')).isDisabled()), '报名 is still offered after applying')
  const seats = (await row.locator(tid('catalogue-seats')).textContent()).trim()
  assert(seats === '1 / 30', `seats show ${seats}`)
})

await step('报名 for an overlapping 集中培训: the server refuses and the page names the other project', async () => {
  const row = catalogueRow(rival.name)
  await row.waitFor()
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', new RegExp(`^/api/v1/projects/${rival.id}/registrations$`))),
    row.locator(tid('catalogue-apply')).click(),
  ])
  const body = await resp.json()
  assert(resp.status() === 409 && body.error.code === 'conflict', `overlap answered ${resp.status()}: ${JSON.stringify(body)}`)
  assert(body.error.message.includes(project.name), `the overlap message does not name ${project.name}: ${body.error.message}`)
  const outcome = page.locator(`${tid('project-catalogue')} > .page-card ${tid('apply-outcome')}`)
  await outcome.waitFor()
  const text = await outcome.textContent()
  assert(text.includes(body.error.message), `the page shows "${text.trim()}", the server said "${body.error.message}"`)
  await shot('28-catalogue-overlap.png')
})

await step('API: the organiser starts the project (registration_open → running)', async () => {
  const p = await must('start', await tutorApi.call('POST', `/api/v1/projects/${project.id}/transition`, { action: 'start' }), 200)
  assert(p.state === 'running', `project state ${p.state}`)
})

async function openAttendance() {
  await page.click(tid('menu-project-attendance'))
  const row = page.locator(`${tid('attendance-projects')} tr.el-table__row`, { hasText: project.name }).first()
  await row.waitFor()
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', new RegExp(`^/api/v1/projects/${project.id}/attendance$`))),
    row.click(),
  ])
  assert(resp.status() === 200, `GET attendance answered ${resp.status()}: ${await resp.text()}`)
  return resp.json()
}

await step('as the class tutor, 考勤与考核: the grid and session 1 QR code (decoded: a /checkin link)', async () => {
  await logoutAndLogin(TUTOR)
  const sheet = await openAttendance()
  assert(sheet.sessions.length === 2, `${sheet.sessions.length} sessions`)
  assert(sheet.rows.length === 1, `${sheet.rows.length} participants (the teacher only expected)`)
  await page.locator(`${tid('attendance-table')} ${tid('attendance-name')}`).first().waitFor()
  const phase = (await page.locator(`${tid('session-head-1')} .el-tag`).textContent()).trim()
  assert(phase === '进行中', `session 1 (begun 5 minutes ago) is marked "${phase}"`)
  const [qr] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'GET', /^\/api\/v1\/projects\/\d+\/sessions\/\d+\/qr$/)),
    page.click(tid('session-qr-1')),
  ])
  assert(qr.status() === 200 && /svg/.test(qr.headers()['content-type']), `QR answered ${qr.status()} ${qr.headers()['content-type']}`)
  const img = page.locator(tid('qr-image'))
  await img.waitFor()
  await page.waitForFunction((sel) => document.querySelector(sel).complete && document.querySelector(sel).naturalWidth > 0, tid('qr-image'))
  // jsQR is evaluated through DevTools (an added <script> would break the page's CSP).
  await page.evaluate(fs.readFileSync(path.join(here, 'node_modules/jsqr/dist/jsQR.js'), 'utf8'))
  const text = await page.evaluate((sel) => {
    const el = document.querySelector(sel)
    const size = 600
    const c = document.createElement('canvas')
    c.width = c.height = size
    const ctx = c.getContext('2d')
    ctx.fillStyle = '#fff'
    ctx.fillRect(0, 0, size, size)
    ctx.drawImage(el, 50, 50, size - 100, size - 100)
    const data = ctx.getImageData(0, 0, size, size)
    const code = window.jsQR(data.data, size, size)
    return code ? code.data : null
  }, tid('qr-image'))
  assert(text, 'the QR code could not be decoded')
  const url = new URL(text)
  assert(url.pathname === '/checkin' && url.searchParams.get('token'), `the QR code holds ${text}`)
  qrToken = url.searchParams.get('token')
  await shot('29-session-qr.png')
  await page.keyboard.press('Escape')
})

await step('the teacher scans the QR: /checkin signs in first, then 已签到', async () => {
  await page.click(tid('logout-button'))
  await page.waitForURL(/\/login/)
  await page.goto(`${BASE_URL}/checkin?token=${encodeURIComponent(qrToken)}`)
  await page.waitForURL(/\/login\?redirect=/)
  await page.fill(tid('login-username'), TEACHER)
  await page.fill(tid('login-password'), PASSWORD)
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', /^\/api\/v1\/checkin$/), { timeout: TIMEOUT }),
    page.click(tid('login-submit')),
  ])
  const body = await resp.json()
  assert(resp.status() === 200 && body.status === 'present', `check-in answered ${resp.status()}: ${JSON.stringify(body)}`)
  assert(resp.request().postDataJSON().token === qrToken, 'the check-in did not send the token of the QR code')
  const card = page.locator(`${tid('checkin')}[data-state="present"]`)
  await card.waitFor()
  const title = (await page.locator(`${tid('checkin-result')} .el-result__title`).textContent()).trim()
  assert(title === '已签到', `the check-in page reads ${title}`)
  await page.locator(tid('checkin-project'), { hasText: project.name }).waitFor()
  await shot('30-checkin.png')
})

let creditsBefore = null
await step('as the teacher, 我的报名 shows 已录取; 我的学分 before the close', async () => {
  await page.click(tid('checkin-home'))
  await page.waitForSelector(tid('nav-menu'))
  await page.click(tid('menu-my-registrations'))
  const row = page.locator(`${tid('registration-table')} tr.el-table__row`, { hasText: project.name }).first()
  await row.waitFor()
  const state = (await row.locator(tid('registration-state')).textContent()).trim()
  assert(state === '已录取', `my registration shows ${state}`)
  assert(!(await page.locator(`${tid('registration-table')} tr.el-table__row`, { hasText: rival.name }).count()), 'the refused project is listed')
  // The project of the survey steps: its open surveys are linked from its row.
  const surveyRow = page.locator(`${tid('registration-table')} tr.el-table__row`, { hasText: surveyProject.name }).first()
  const link = surveyRow.locator(tid('registration-survey'), { hasText: '满意度' })
  await link.waitFor()
  const href = await link.getAttribute('href')
  assert(href === `/surveys/${surveyProject.id}/satisfaction`, `the survey link goes to ${href}`)
  creditsBefore = await openMyCredits()
})

await step('as the tutor: the check-in shows in the grid; 全部出勤, session 2 全部迟到, save', async () => {
  await logoutAndLogin(TUTOR)
  const sheet = await openAttendance()
  const reg = sheet.rows[0].registration_id
  const [s1, s2] = sheet.sessions
  assert(sheet.rows[0].marks[String(s1.id)] === 'present', `the check-in did not mark session 1: ${JSON.stringify(sheet.rows[0].marks)}`)
  const cell = (s) => page.locator(tid(`cell-${reg}-${s.id}`))
  await page.waitForFunction((sel) => document.querySelector(sel).getAttribute('data-status') === 'present', tid(`cell-${reg}-${s1.id}`))
  await page.click(tid('attendance-all-present'))
  assert((await cell(s2).getAttribute('data-status')) === 'present', 'all present did not mark session 2')
  await page.click(tid('session-bulk-2'))
  await page.locator(tid('session-bulk-2-late')).click()
  assert((await cell(s2).getAttribute('data-status')) === 'late', 'the session bulk did not mark late')
  await tallShot('31-attendance.png', 1100)
  const [put] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'PUT', new RegExp(`^/api/v1/projects/${project.id}/attendance$`))),
    page.click(tid('attendance-save')),
  ])
  assert(put.status() === 204, `PUT attendance answered ${put.status()}: ${put.status() === 204 ? '' : await put.text()}`)
  const sent = put.request().postDataJSON()
  assert(
    JSON.stringify(sent) === JSON.stringify({ marks: [{ session_id: s2.id, registration_id: reg, status: 'late' }] }),
    `PUT sent ${JSON.stringify(sent)} (only the changed cell expected)`,
  )
  await page.waitForFunction((sel) => document.querySelector(sel).disabled, tid('attendance-save'))
})

await step('grades: overall 合格 → results: passed, 0 absent hours', async () => {
  await page.locator(`${tid('attendance-tabs')} .el-tabs__item`, { hasText: '成绩录入' }).click()
  const sheet = await must('attendance', await tutorApi.call('GET', `/api/v1/projects/${project.id}/attendance`), 200)
  const reg = sheet.rows[0].registration_id
  await chooseOption(`grade-${reg}`, '合格')
  const [put, res] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'PUT', new RegExp(`^/api/v1/projects/${project.id}/grades$`))),
    page.waitForResponse((r) => isApi(r, 'GET', new RegExp(`^/api/v1/projects/${project.id}/results$`))),
    page.click(tid('grades-save')),
  ])
  assert(put.status() === 204, `PUT grades answered ${put.status()}: ${put.status() === 204 ? '' : await put.text()}`)
  const sent = put.request().postDataJSON()
  assert(JSON.stringify(sent) === JSON.stringify({ grades: [{ registration_id: reg, grade: '合格' }] }), `PUT grades sent ${JSON.stringify(sent)}`)
  const result = (await res.json()).items[0]
  assert(result.passed === true, `results after the grade: ${JSON.stringify(result)}`)
  await page.locator(`${tid('attendance-tabs')} .el-tabs__item`, { hasText: '考核结果' }).click()
  await page.locator(`${tid('results-table')} ${tid('result-passed')}[data-passed="true"]`).first().waitFor()
  const reason = (await page.locator(tid('result-reason')).first().textContent()).trim()
  assert(reason === result.reason_text, `reason shown "${reason}", server "${result.reason_text}"`)
  const absent = (await page.locator(tid('result-absent')).first().textContent()).trim()
  assert(absent === '0 / 3', `absent hours show ${absent}`)
  await shot('32-results.png')
})

await step('结业并生成学分: confirm; 1 credit record created; the grid is read-only', async () => {
  await page.click(tid('project-close'))
  await page.locator('.el-message-box').waitFor()
  const [resp] = await Promise.all([
    page.waitForResponse((r) => isApi(r, 'POST', new RegExp(`^/api/v1/projects/${project.id}/close$`))),
    page.locator('.el-message-box .el-button--primary').click(),
  ])
  const body = await resp.json()
  assert(resp.status() === 200 && body.created === 1 && body.project.state === 'closed', `close answered ${resp.status()}: ${JSON.stringify(body)}`)
  const outcome = page.locator(tid('close-outcome'))
  await outcome.waitFor()
  assert((await outcome.getAttribute('data-created')) === '1', 'the close outcome does not show 1 record')
  assert((await outcome.textContent()).includes('1 条'), `close outcome reads ${await outcome.textContent()}`)
  await page.locator(`${tid('attendance-project-state')}[data-state="closed"]`).waitFor()
  await page.locator(`${tid('results-table')} ${tid('result-credit')}`).first().waitFor()
  assert(await page.locator(tid('attendance-all-present')).isDisabled(), 'attendance can still be marked after the close')
  assert(await page.locator(tid('grades-save')).isDisabled(), 'grades can still be saved after the close')
  await shot('33-closed.png')
})

await step('as the teacher, the new credits count in 我的学分 and 我的报名 says 已生成学分', async () => {
  await logoutAndLogin(TEACHER)
  const after = await openMyCredits()
  const rec = after.records.find((r) => r.counts_in_year && Number(r.hours) === 3 && !creditsBefore.records.some((b) => b.id === r.id))
  assert(rec, `no new counted 3-hour record in the audit: ${JSON.stringify(after.records.slice(-3))}`)
  const delta = Math.round((Number(after.total_credits) - Number(creditsBefore.total_credits)) * 10) / 10
  assert(delta > 0 && delta === Math.round(Number(rec.credits) * 10) / 10, `total went ${creditsBefore.total_credits} → ${after.total_credits}, record credits ${rec.credits}`)
  await page.locator(`${tid('audit-counted')} tr.el-table__row`, { hasText: project.name }).first().waitFor()
  await tallShot('34-my-credits-project.png', 2400)
  await page.click(tid('menu-my-registrations'))
  const row = page.locator(`${tid('registration-table')} tr.el-table__row`, { hasText: project.name }).first()
  await row.locator(tid('registration-credit')).waitFor()
})

await Promise.all([tutorApi, bureauApi, expertApi].map((c) => c.dispose()))

await cleanup()
console.log(`e2e: ${passed} passed, 0 failed`)
