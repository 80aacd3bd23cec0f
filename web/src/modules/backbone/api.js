import { api } from '../../api/client.js'

// The backbone teachers API (server/src/modules/backbone/routes.cc, docs/openapi.json tag backbone).
const r = (id) => `/backbone/rounds/${id}`
const a = (id) => `/backbone/applications/${id}`

export const backboneApi = {
  rounds: () => api.get('/backbone/rounds'),
  createRound: (body) => api.post('/backbone/rounds', body),
  round: (id) => api.get(r(id)),
  setQuotas: (id, items) => api.put(`${r(id)}/quotas`, { items }),
  close: (id) => api.post(`${r(id)}/close`, {}),
  applications: (id) => api.get(`${r(id)}/applications`),
  recommend: (id, body) => api.post(`${r(id)}/applications`, body),
  application: (id) => api.get(a(id)),
  setExperts: (id, expertIds) => api.put(`${r(id)}/experts`, { expert_ids: expertIds }),
  scores: (id) => api.get(`${a(id)}/scores`),
  score: (id, total, comment) => api.post(`${a(id)}/scores`, { total, comment }),
  // {action: select | reject, reason?}
  decide: (id, action, reason) => api.post(`${a(id)}/decision`, reason ? { action, reason } : { action }),
  publicize: (id, start, end) => api.post(`${r(id)}/publicity`, { start, end }),
  confirm: (id) => api.post(`${r(id)}/confirm`, {}),
  object: (id, text) => api.post(`${a(id)}/objections`, { text }),
  // {action: forward | return, reason?}
  review: (id, action, reason) => api.post(`${a(id)}/review`, reason ? { action, reason } : { action }),
  // The annual assessment (年度考核).
  assessments: (year) => api.get(year ? `/backbone/assessments?year=${year}` : '/backbone/assessments'),
  submitAssessment: (body) => api.post('/backbone/assessments', body),
  assessment: (id) => api.get(`/backbone/assessments/${id}`),
  reviewAssessment: (id, body) => api.post(`/backbone/assessments/${id}/review`, body),
  record: (teacherId) => api.get(`/backbone/teachers/${teacherId}`),
}
