import { api } from '../../api/client.js'

export const accountApi = {
  list: (query) => api.get('/accounts', query),
  create: (body) => api.post('/accounts', body),
  update: (id, patch) => api.patch(`/accounts/${id}`, patch),
  resetPassword: (id) => api.post(`/accounts/${id}/reset-password`),
}
