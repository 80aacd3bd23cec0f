import { defineStore } from 'pinia'
import { authApi } from './api.js'

// The signed-in user and the CSRF token (from login / me). Nothing here is
// persisted: a reload asks GET /auth/session again (the session cookie is
// HttpOnly); that probe answers a visitor 200 {authenticated:false}, not 401.
export const useAuthStore = defineStore('auth', {
  state: () => ({
    user: null,
    csrfToken: null,
    checked: false, // GET /auth/session has been answered at least once
  }),
  getters: {
    loggedIn: (s) => !!s.user,
    role: (s) => (s.user ? s.user.role : null),
  },
  actions: {
    setSession({ user, csrf_token }) {
      this.user = user || null
      this.csrfToken = csrf_token || null
      this.checked = true
    },
    clear() {
      this.user = null
      this.csrfToken = null
      this.checked = true
    },
    async login(username, password) {
      const data = await authApi.login(username, password)
      this.setSession(data)
      return data.user
    },
    // Loads the session; false when not signed in, other errors are thrown.
    async fetchMe() {
      try {
        const s = await authApi.session()
        if (!s || s.authenticated === false || !s.user) {
          this.clear()
          return false
        }
        this.setSession(s)
        return true
      } catch (e) {
        if (e && e.status === 401) {
          this.clear()
          return false
        }
        throw e
      }
    },
    async logout() {
      try {
        await authApi.logout()
      } finally {
        this.clear()
      }
    },
  },
})
