import { api } from '../../api/client.js'

export const deskApi = {
  // GET /desk/overview: the actor's scope (bureau and sys admins).
  overview: (year) => api.get('/desk/overview', { query: year ? { year } : {} }),
}
