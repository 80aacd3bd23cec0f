import { ElMessageBox } from 'element-plus'
import { i18n } from '../../i18n/index.js'

// The project pages' dialogs. Each resolves to the answer, or null when the
// user cancels.
const t = (...a) => i18n.global.t(...a)

// A reason that may not be blank (trimmed).
export async function askReason(message, title) {
  try {
    const { value } = await ElMessageBox.prompt(message, title, {
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      inputValidator: (v) => !!(v && v.trim()) || t('project.check.reasonRequired'),
    })
    return value.trim()
  } catch {
    return null
  }
}

// true when confirmed, false when cancelled.
export async function askConfirm(message, title, type = 'warning') {
  try {
    await ElMessageBox.confirm(message, title, {
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      type,
    })
    return true
  } catch {
    return false
  }
}

// Back to where the user came from, or to `fallback` on a fresh tab.
export function backOr(router, fallback) {
  if (window.history.state && window.history.state.back) router.back()
  else router.push(fallback)
}
