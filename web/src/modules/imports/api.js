import { api, downloadFile } from '../../api/client.js'
import { importQuery } from './summary.js'

// The imports the server runs as jobs: where to post the file, the template's
// name, and the modes the server takes for each (an upsert only where rows
// have an identity to update by).
export const IMPORT_KINDS = {
  teachers: { path: '/teachers/import', template: '教师导入模板', modes: ['dry-run', 'insert', 'upsert'] },
  credits: { path: '/credits/import', template: '学分记录导入模板', modes: ['dry-run', 'insert'] },
  exemptions: { path: '/credits/exemptions/import', template: '免审名单导入模板', modes: ['dry-run', 'insert'] },
}

export function importApi(kind) {
  const k = IMPORT_KINDS[kind]
  return {
    // GET <path>/template?format=xlsx|csv → a saved file.
    template: (format) => downloadFile(`${k.path}/template`, { format }, `${k.template}.${format}`),
    // POST the file's bytes; 202 → the job.
    start: (bytes, options) => api.upload(k.path, bytes, { query: importQuery(options) }),
  }
}
