import { api } from '../../api/client.js'

export const authApi = {
  login: (username, password) => api.post('/auth/login', { username, password }),
  logout: () => api.post('/auth/logout'),
  me: () => api.get('/auth/me'),
  changePassword: (old_password, new_password) => api.post('/auth/password', { old_password, new_password }),
}
