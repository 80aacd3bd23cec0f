import { api } from '../../api/client.js'

export const teacherApi = {
  list: (query) => api.get('/teachers', query),
  get: (id) => api.get(`/teachers/${id}`),
  create: (body) => api.post('/teachers', body),
  update: (id, patch) => api.patch(`/teachers/${id}`, patch),
  remove: (id) => api.del(`/teachers/${id}`),
  transfer: (id, body) => api.post(`/teachers/${id}/transfer`, body),
  history: (id) => api.get(`/teachers/${id}/history`),
  // POST /teachers/export?format=…&<list filters> (no body) → 202 job (kind teacher.export).
  export: (query) => api.request('POST', '/teachers/export', { query }),
}
