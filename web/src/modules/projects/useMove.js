import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { projectApi } from './api.js'
import { askConfirm, askReason } from './ask.js'

// Runs a lifecycle move (actions.js MOVES) on a project: asks for a reason
// or a confirmation first, calls the server and shows its refusal as it comes.
// run() resolves to the updated project, or null (cancelled or refused).
export function useMove() {
  const { t } = useI18n()
  const busy = ref('')

  async function run(project, move) {
    const label = t(`project.moves.${move.action}`)
    let reason = ''
    if (move.reason) {
      reason = await askReason(t('project.reasonPrompt', { action: label }), label)
      if (reason === null) return null
    } else if (move.confirm) {
      const type = move.type === 'danger' || move.type === 'warning' ? 'warning' : 'info'
      if (!(await askConfirm(t(`project.confirm.${move.action}`, { name: project.name }), label, type))) return null
    }
    busy.value = move.action
    try {
      let updated
      if (move.endpoint === 'close' || move.endpoint === 'upgrade') {
        const res = await projectApi[move.endpoint](project.id)
        updated = res && res.project
        const n = move.endpoint === 'close' ? res && res.created : res && res.recredited
        ElMessage.success(t(`project.done.${move.action}`, { n: n ?? 0 }))
      } else {
        updated = await projectApi.transition(project.id, move.action, reason)
        ElMessage.success(t('project.moved', { action: label }))
      }
      return updated || (await projectApi.get(project.id))
    } catch (e) {
      ElMessage.error(e.message)
      return null
    } finally {
      busy.value = ''
    }
  }

  return { busy, run }
}
