import { api } from '../../api/client.js'

export const authApi = {
  login: (username, password) => api.post('/auth/login', { username, password }),
  logout: () => api.post('/auth/logout'),
  me: () => api.get('/auth/me'),
  // 200 either way: {authenticated:false} for a visitor (no 401 in the console).
  session: () => api.get('/auth/session'),
  changePassword: (old_password, new_password) => api.post('/auth/password', { old_password, new_password }),
}
