// Writes a brotli (.br) and a gzip (.gz) copy beside every text file of the
// build (JavaScript, CSS, HTML, SVG, JSON) at `npm run build`, with node's
// zlib only. The server holds them with their file and answers the one the
// browser's Accept-Encoding takes (server/src/infra/http/static_files.cc).
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const COMPRESSIBLE = /\.(m?js|css|html|svg|json)$/
// Below this a compressed copy saves less than its own headers cost.
export const MIN_BYTES = 1024

export function brotli(bytes) {
  return zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  })
}

export function gzip(bytes) {
  return zlib.gzipSync(bytes, { level: zlib.constants.Z_BEST_COMPRESSION })
}

function* filesUnder(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* filesUnder(full)
    else if (entry.isFile()) yield full
  }
}

// Compresses the files under `dir`; returns [{ file, bytes, br, gz }] (the
// sizes written, null where a copy would not be smaller).
export function precompressDir(dir) {
  const written = []
  for (const file of [...filesUnder(dir)]) {
    if (!COMPRESSIBLE.test(file)) continue
    const bytes = fs.readFileSync(file)
    if (bytes.length < MIN_BYTES) continue
    const row = { file: path.relative(dir, file), bytes: bytes.length, br: null, gz: null }
    const br = brotli(bytes)
    if (br.length < bytes.length) {
      fs.writeFileSync(`${file}.br`, br)
      row.br = br.length
    }
    const gz = gzip(bytes)
    if (gz.length < bytes.length) {
      fs.writeFileSync(`${file}.gz`, gz)
      row.gz = gz.length
    }
    written.push(row)
  }
  return written
}

// The Vite plugin: runs once the bundle is on disk.
export function precompress() {
  let outDir = 'dist'
  return {
    name: 'jijiao-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      const rows = precompressDir(outDir)
      const sum = (k) => rows.reduce((s, r) => s + (r[k] || 0), 0)
      this.info?.(`precompressed ${rows.length} files: ${sum('bytes')} B → br ${sum('br')} B, gzip ${sum('gz')} B`)
    },
  }
}
