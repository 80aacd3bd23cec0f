#!/usr/bin/env node
// The login page's weight and first paint, as Chromium measures them: opens
// BASE_URL/login RUNS times in a fresh browser context (cold cache) and reads
// the Performance API: resource entries (encodedBodySize: bytes on the wire
// after Content-Encoding; decodedBodySize: after decoding) of every script
// and stylesheet, the paint entry first-contentful-paint, and the console
// errors the page logged. Prints one JSON object.
//   BASE_URL=http://127.0.0.1:8080 RUNS=5 node bench/page_weight.mjs
// Needs playwright-core (e2e/: npm ci) and Debian's /usr/bin/chromium.
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(path.join(here, '../e2e/package.json'))
const { chromium } = require('playwright-core')

const BASE = process.env.BASE_URL || 'http://127.0.0.1:8080'
const RUNS = Number(process.env.RUNS || 5)
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    ...(process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
  ],
})
const runs = []
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ locale: 'zh-CN' })
    const page = await context.newPage()
    const consoleErrors = []
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
    await page.goto(`${BASE}/login`, { waitUntil: 'networkidle' })
    // The login form is on screen (the page is usable).
    await page.waitForSelector('input[type="password"]')
    const m = await page.evaluate(() => {
      // When the login form was on screen (the app mounted), besides FCP
      // (the splash index.html paints before the scripts run).
      const form = Math.round(performance.now())
      const res = performance.getEntriesByType('resource')
      const sum = (re, key) => res.filter((r) => re.test(new URL(r.name).pathname)).reduce((s, r) => s + r[key], 0)
      const count = (re) => res.filter((r) => re.test(new URL(r.name).pathname)).length
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]
      return {
        js_files: count(/\.m?js$/),
        js_encoded: sum(/\.m?js$/, 'encodedBodySize'),
        js_decoded: sum(/\.m?js$/, 'decodedBodySize'),
        css_files: count(/\.css$/),
        css_encoded: sum(/\.css$/, 'encodedBodySize'),
        css_decoded: sum(/\.css$/, 'decodedBodySize'),
        fcp_ms: fcp ? Math.round(fcp.startTime) : null,
        form_ms_upper_bound: form,
      }
    })
    m.console_errors = consoleErrors
    runs.push(m)
    await context.close()
  }
} finally {
  await browser.close()
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}
const last = runs[runs.length - 1]
const kb = (n) => Math.round(n / 102.4) / 10
console.log(
  JSON.stringify(
    {
      url: `${BASE}/login`,
      runs: RUNS,
      js_files: last.js_files,
      js_compressed_kb: kb(last.js_encoded),
      js_uncompressed_kb: kb(last.js_decoded),
      css_files: last.css_files,
      css_compressed_kb: kb(last.css_encoded),
      css_uncompressed_kb: kb(last.css_decoded),
      fcp_ms_median: median(runs.map((r) => r.fcp_ms)),
      fcp_ms_all: runs.map((r) => r.fcp_ms),
      // An upper bound (read after the network went idle): the form was up by then.
      login_form_ms_median_upper_bound: median(runs.map((r) => r.form_ms_upper_bound)),
      console_errors: last.console_errors,
    },
    null,
    2,
  ),
)
