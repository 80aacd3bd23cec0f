import { api } from '../../api/client.js'

// The training-projects API (/work/notes/projects-api.md; server/src/modules/projects).
// Every endpoint of the contract is here, the assessment ones included, so
// all project pages share one client. Errors are thrown as ApiError with the
// server's {code, message, field, row}.
const p = (id) => `/projects/${id}`
const r = (id) => `/registrations/${id}`

export const projectApi = {
  // GET /projects?state=&kind=&q=&catalogue=1&page=&page_size= → {items, total}
  list: (query) => api.get('/projects', query),
  get: (id) => api.get(p(id)),
  create: (body) => api.post('/projects', body),
  update: (id, body) => api.put(p(id), body),
  // {action: submit|approve|reject|revise|open|start|archive, reason?} → Project
  transition: (id, action, reason) => api.post(`${p(id)}/transition`, reason ? { action, reason } : { action }),

  // 专家评审
  assignExperts: (id, expertIds) => api.post(`${p(id)}/experts`, { expert_ids: expertIds }),
  reviews: (id) => api.get(`${p(id)}/reviews`),
  submitReview: (id, scores, comments) => api.post(`${p(id)}/reviews`, { scores, comments }),

  // 名额
  quotas: (id) => api.get(`${p(id)}/quotas`),
  setQuotas: (id, items) => api.put(`${p(id)}/quotas`, { items }),

  // 报名 / 遴选
  apply: (id) => api.post(`${p(id)}/registrations`, {}),
  nominate: (id, teacherIds) => api.post(`${p(id)}/nominations`, { teacher_ids: teacherIds }),
  registrations: (id, query) => api.get(`${p(id)}/registrations`, query),
  myRegistrations: () => api.get('/registrations/mine'),
  decide: (regId, action, reason) => api.post(`${r(regId)}/decision`, reason ? { action, reason } : { action }),
  withdraw: (regId) => api.post(`${r(regId)}/withdraw`, {}),
  candidates: (id, limit) => api.get(`${p(id)}/candidates`, { limit }),

  // 考勤 / 考核 (assessment)
  attendance: (id) => api.get(`${p(id)}/attendance`),
  saveAttendance: (id, marks) => api.put(`${p(id)}/attendance`, { marks }),
  // The session's check-in QR code as {blob, filename, type} (image/svg+xml).
  sessionQr: (id, sessionId) => api.download(`${p(id)}/sessions/${sessionId}/qr`),
  checkin: (token) => api.post('/checkin', { token }),
  saveGrades: (id, grades) => api.put(`${p(id)}/grades`, { grades }),
  results: (id) => api.get(`${p(id)}/results`),
  makeup: (regId, grade) => api.post(`${r(regId)}/makeup`, { grade }),
  close: (id) => api.post(`${p(id)}/close`, {}),
  upgrade: (id) => api.post(`${p(id)}/upgrade`, {}),
}
