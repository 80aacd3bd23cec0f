import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { MIN_BYTES, precompressDir } from './precompress.js'

describe('precompress', () => {
  it('writes .br and .gz beside every text asset, each decoding to the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jj-precompress-'))
    fs.mkdirSync(path.join(dir, 'assets'))
    const js = 'export const words = ' + JSON.stringify(Array.from({ length: 400 }, (_, i) => `学分 ${i}`)) + '\n'
    const css = '.a{color:red}\n'.repeat(200)
    fs.writeFileSync(path.join(dir, 'assets/app-1.js'), js)
    fs.writeFileSync(path.join(dir, 'assets/app-1.css'), css)
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>' + '<div></div>'.repeat(200))
    fs.writeFileSync(path.join(dir, 'assets/tiny.js'), 'x()') // below MIN_BYTES
    fs.writeFileSync(path.join(dir, 'assets/logo.png'), Buffer.alloc(4096, 7)) // not text
    const rows = precompressDir(dir)
    expect(rows.map((r) => r.file).sort()).toEqual(['assets/app-1.css', 'assets/app-1.js', 'index.html'])
    for (const name of ['assets/app-1.js', 'assets/app-1.css', 'index.html']) {
      const original = fs.readFileSync(path.join(dir, name))
      const br = fs.readFileSync(path.join(dir, `${name}.br`))
      const gz = fs.readFileSync(path.join(dir, `${name}.gz`))
      expect(zlib.brotliDecompressSync(br).equals(original)).toBe(true)
      expect(zlib.gunzipSync(gz).equals(original)).toBe(true)
      expect(br.length).toBeLessThan(original.length)
      expect(gz.length).toBeLessThan(original.length)
    }
    expect(fs.existsSync(path.join(dir, 'assets/tiny.js.br'))).toBe(false)
    expect(fs.existsSync(path.join(dir, 'assets/logo.png.gz'))).toBe(false)
    expect(MIN_BYTES).toBeGreaterThan(3)
    // Running again compresses the files, not the copies.
    expect(precompressDir(dir).length).toBe(3)
    fs.rmSync(dir, { recursive: true })
  })
})

describe('page weight', () => {
  const read = (p) => fs.readFileSync(path.join(__dirname, p), 'utf8')
  it('Element Plus is imported per component, not registered whole', () => {
    const main = read('../src/main.js')
    expect(main).not.toMatch(/app\.use\(\s*ElementPlus\s*\)/)
    expect(main).not.toMatch(/element-plus\/dist\/index\.css/)
    expect(main).not.toMatch(/import\s+ElementPlus\b/)
    const config = read('../vite.config.js')
    expect(config).toMatch(/ElementPlusResolver/)
    expect(config).toMatch(/precompress\(\)/)
    // One Element Plus chunk for every page would put all of it on the login page.
    expect(config).not.toMatch(/return 'element-plus'/)
  })
  it('every page is its own chunk (a dynamic import)', () => {
    const router = read('../src/router/index.js')
    const statics = [...router.matchAll(/^import .* from '\.\.\/(modules|layout)\/.*\.vue'/gm)]
    expect(statics).toEqual([])
    expect(router).toMatch(/component: \(\) => import\('\.\.\/modules\/auth\/LoginPage\.vue'\)/)
  })
  it('no source file imports the whole of ECharts', () => {
    const walk = (d) =>
      fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]))
    for (const f of walk(path.join(__dirname, '../src')).filter((f) => /\.(js|vue)$/.test(f) && !/\.test\.js$/.test(f))) {
      expect(fs.readFileSync(f, 'utf8'), f).not.toMatch(/from 'echarts'/)
    }
  })
})

describe('first paint', () => {
  it('index.html paints a splash before the scripts run', () => {
    const html = fs.readFileSync(path.join(__dirname, '../index.html'), 'utf8')
    const app = /<div id="app">([\s\S]*?)<\/div>\s*<\/div>/.exec(html)
    expect(app).not.toBeNull()
    expect(app[1]).toMatch(/继教/)
  })
})
