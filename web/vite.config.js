import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { precompress } from './build/precompress.js'

const backend = process.env.JIJIAO_BACKEND || 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus per component: each <el-*> tag (and v-loading) in a
    // template imports that component and its CSS only, into the chunk of
    // the page that uses it. No global registration, no full stylesheet.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css', directives: true })],
      dts: false,
      dirs: [],
    }),
    // .br and .gz beside every text asset, for the server to answer.
    precompress(),
  ],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Chunks follow the routes (every page is a dynamic import); the login
    // page loads the app shell, Vue, its own Element Plus parts and nothing
    // of the other pages. ECharts (per component, see EChart.vue) goes only
    // with the pages that draw charts.
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.js', 'build/**/*.test.js'],
    // The server's vocabularies, as GET /api/v1/meta/enums serves them.
    setupFiles: ['src/test-setup.js'],
  },
})
