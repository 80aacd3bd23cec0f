import { api } from '../../api/client.js'

// The teacher's and the class tutor's calls of the projects API
// (/work/notes/projects-api.md). To be folded into ./api.js once the admin
// pages' api.js lands.
const p = (id) => `/projects/${id}`

export const learnerApi = {
  // teacher
  catalogue: (query) => api.get('/projects', { catalogue: 1, page_size: 100, ...query }),
  project: (id) => api.get(p(id)),
  apply: (id) => api.post(`${p(id)}/registrations`, {}),
  myRegistrations: () => api.get('/registrations/mine'),
  withdraw: (regId) => api.post(`/registrations/${regId}/withdraw`, {}),
  checkin: (token) => api.post('/checkin', { token }),
  // The open surveys of the teacher's projects: {items: [{project, kind, title, answered}]}.
  mySurveys: () => api.get('/surveys/mine'),
  // class tutor / organiser
  projects: (query) => api.get('/projects', { page_size: 100, ...query }),
  attendance: (id) => api.get(`${p(id)}/attendance`),
  saveAttendance: (id, marks) => api.put(`${p(id)}/attendance`, { marks }),
  sessionQr: (id, sessionId) => api.download(`${p(id)}/sessions/${sessionId}/qr`),
  saveGrades: (id, body) => api.put(`${p(id)}/grades`, body),
  results: (id) => api.get(`${p(id)}/results`),
  makeup: (regId, grade) => api.post(`/registrations/${regId}/makeup`, { grade }),
  close: (id) => api.post(`${p(id)}/close`, {}),
}
