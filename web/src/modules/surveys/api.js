import { api, downloadFile } from '../../api/client.js'

// The surveys API (server/src/modules/surveys/routes.cc).
const base = (projectId, kind) => `/projects/${projectId}/surveys/${kind}`

export const surveyApi = {
  get: (projectId, kind) => api.get(base(projectId, kind)),
  save: (projectId, kind, body) => api.put(base(projectId, kind), body),
  answer: (projectId, kind, answers) => api.post(base(projectId, kind) + '/answers', { answers }),
  results: (projectId, kind) => api.get(base(projectId, kind) + '/results'),
  downloadResults: (projectId, kind, fallbackName) => downloadFile(base(projectId, kind) + '/results.xlsx', null, fallbackName),
  mine: () => api.get('/surveys/mine'),
  // The projects the actor sees (the projects module), to reach their surveys.
  projects: (query) => api.get('/projects', query),
}
