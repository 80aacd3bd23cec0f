import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { ElMessage } from 'element-plus'
// Element Plus components come per page (unplugin-vue-components in
// vite.config.js); the services called from scripts bring their CSS here.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import App from './App.vue'
import { i18n, currentLocale } from './i18n/index.js'
import { api, configureApi } from './api/client.js'
import { loadVocabularies } from './i18n/enums.js'
import { createAppRouter } from './router/index.js'
import { useAuthStore } from './modules/auth/store.js'
import './styles.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
const router = createAppRouter()

const auth = useAuthStore(pinia)
configureApi({
  getCsrfToken: () => auth.csrfToken,
  getLocale: () => currentLocale(),
  // A 401 while signed in: the session ended (expired, logged out elsewhere).
  onUnauthenticated: () => {
    if (!auth.user) return
    auth.clear()
    ElMessage.warning(i18n.global.t('auth.sessionExpired'))
    const here = router.currentRoute.value
    if (here.name !== 'login') router.replace({ name: 'login', query: { redirect: here.fullPath } })
  },
})

document.documentElement.lang = currentLocale()
app.use(router)
// Labels of every vocabulary before the first page renders.
loadVocabularies((path) => api.get(path)).then(() => app.mount('#app'))
