import { ref } from 'vue'
import { ElMessage } from 'element-plus'

// One way to send a change from the tutor's pages: `busy` while it runs, the
// success message after, the server's refusal (kept on screen a while) when
// it fails. save() resolves to the call's answer, or undefined when refused.
export function useSaving() {
  const busy = ref(false)
  async function save(call, success) {
    busy.value = true
    try {
      const answer = await call()
      if (success) ElMessage.success(typeof success === 'function' ? success(answer) : success)
      return answer ?? true
    } catch (e) {
      ElMessage.error({ message: e.message, duration: 6000 })
      return undefined
    } finally {
      busy.value = false
    }
  }
  return { busy, save }
}
