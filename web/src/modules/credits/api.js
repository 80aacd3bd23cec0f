import { api, downloadFile } from '../../api/client.js'
import { certificateFileName, certificatePdfPath, evidencePath } from './evidence.js'

// The credits API (server/src/modules/credits/routes.cc).
export const creditApi = {
  records: (query) => api.get('/credits/records', query),
  declare: (body) => api.post('/credits/records', body),
  verify: (id) => api.post(`/credits/records/${id}/verify`),
  approve: (id) => api.post(`/credits/records/${id}/approve`),
  reject: (id, reason) => api.post(`/credits/records/${id}/reject`, { reason }),
  teacherAudit: (teacherId, year) => api.get(`/credits/audit/teachers/${teacherId}`, { year }),
  audit: (query) => api.get('/credits/audit', query),
  completion: (query) => api.get('/credits/completion', query),
  stamp: (teacherId, year) => api.post('/credits/stamps', { teacher_id: teacherId, year }),
  exempt: (teacherId, year, reason) => api.put('/credits/exemptions', { teacher_id: teacherId, year, reason }),
  lock: (body) => api.post('/credits/locks', body),
  policy: (query) => api.get('/policies', query),
  // The body is the policy document itself, sent as typed (the server parses
  // and checks it, and names the JSON path at fault).
  savePolicy: (query, text) => api.request('PUT', '/policies', { query, raw: text, contentType: 'application/json' }),
}

// 证明材料 of a record: list, upload (the file's bytes as the body, ?name=), download.
export const evidenceApi = {
  list: (recordId) => api.get(evidencePath(recordId)),
  upload: (recordId, bytes, name, contentType) =>
    api.upload(evidencePath(recordId), bytes, { query: { name }, contentType: contentType || undefined }),
  download: (recordId, ev) => downloadFile(evidencePath(recordId, ev.id), null, ev.name),
}

// 继续教育证书: issue one, then fetch its PDF.
export const certificateApi = {
  issue: (body) => api.post('/certificates', body),
  // Where the QR codes point (GET /settings: base_url, base_url_source).
  settings: () => api.get('/settings'),
  downloadPdf: (cert) => downloadFile(certificatePdfPath(cert.id), null, certificateFileName(cert)),
}
