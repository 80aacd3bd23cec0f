import { api, downloadFile } from '../../api/client.js'
import { importQuery } from './summary.js'

export const importApi = {
  // GET /teachers/import/template?format=xlsx|csv → a saved file.
  template: (format) => downloadFile('/teachers/import/template', { format }, `教师导入模板.${format}`),
  // POST the file's bytes; 202 → the job.
  start: (bytes, options) => api.upload('/teachers/import', bytes, { query: importQuery(options) }),
}
