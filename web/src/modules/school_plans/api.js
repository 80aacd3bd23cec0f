import { api } from '../../api/client.js'

// The school plans API (server/src/modules/school_plans/routes.cc).
export const schoolPlanApi = {
  overview: (year) => api.get('/school-plans', { year }),
  setDeadline: (body) => api.put('/school-plans/deadline', body),
  file: (year, body) => api.put(`/school-plans/${year}`, body),
  get: (id) => api.get(`/school-plans/${id}`),
}
