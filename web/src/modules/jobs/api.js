import { api, downloadFile } from '../../api/client.js'

// Background jobs (imports, exports): GET /jobs/{id}, cancel, files.
export const jobApi = {
  get: (id) => api.get(`/jobs/${id}`),
  cancel: (id) => api.post(`/jobs/${id}/cancel`),
  // Saves a job file in the browser; resolves to its name.
  saveFile: (jobId, file) => downloadFile(`/jobs/${jobId}/files/${file.id}`, undefined, file.name),
}
