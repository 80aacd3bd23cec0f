import { api } from '../../api/client.js'

export const orgApi = {
  tree: () => api.get('/orgs/tree'),
  list: (query) => api.get('/orgs', query),
  get: (id) => api.get(`/orgs/${id}`),
  create: (org) => api.post('/orgs', org),
  update: (id, patch) => api.patch(`/orgs/${id}`, patch),
}
