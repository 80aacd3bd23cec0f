// Follows a background job (GET /jobs/{id}) until it ends.
//
//   const j = useJob({ fetchJob: jobApi.get, cancelJob: jobApi.cancel })
//   j.follow(jobFrom202)      // polls every `interval` ms while queued/running
//   j.job / j.active / j.percent / j.error   (refs)
//   j.cancel(); j.stop(); j.reset()
//
// One request at a time (the next poll is scheduled after the answer), so a
// slow server never piles requests up. A failed poll is retried (the error
// shown in `error`) up to `maxFailures` times in a row. Polling stops when
// the component's scope is disposed (unmount), and when follow() is called
// again for another job. The composable has no rules of its own: it shows the
// state, counts and message the server reports.
import { computed, getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue'

export const ACTIVE_STATES = ['queued', 'running']
export const FINAL_STATES = ['succeeded', 'failed', 'cancelled']

export function isActive(job) {
  return !!job && ACTIVE_STATES.includes(job.state)
}

// 0–100 from done/total; 100 once succeeded; null when the total is unknown
// (the bar is then indeterminate).
export function jobPercent(job) {
  if (!job) return 0
  if (job.state === 'succeeded') return 100
  const done = Number(job.done) || 0
  const total = Number(job.total) || 0
  if (total > 0) return Math.max(0, Math.min(100, Math.floor((done * 100) / total)))
  return job.state === 'running' ? null : 0
}

// el-progress status for a job state.
export function progressStatus(job) {
  if (!job) return ''
  if (job.state === 'succeeded') return 'success'
  if (job.state === 'failed') return 'exception'
  if (job.state === 'cancelled') return 'warning'
  return ''
}

export function useJob({ fetchJob, cancelJob = null, interval = 500, maxFailures = 5, onFinish = null } = {}) {
  const job = shallowRef(null)
  const error = ref('')
  const polling = ref(false)
  let timer = null
  let generation = 0 // bumps on follow/stop: stale answers are dropped
  let failures = 0

  const active = computed(() => isActive(job.value))
  const percent = computed(() => jobPercent(job.value))

  function clear() {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }

  function stop() {
    generation++
    clear()
    polling.value = false
  }

  function reset() {
    stop()
    job.value = null
    error.value = ''
  }

  function settle(j, gen) {
    if (gen !== generation) return
    job.value = j
    if (isActive(j)) schedule(gen)
    else {
      polling.value = false
      if (onFinish) onFinish(j)
    }
  }

  function schedule(gen) {
    clear()
    polling.value = true
    timer = setTimeout(() => poll(gen), interval)
  }

  async function poll(gen) {
    timer = null
    if (gen !== generation || !job.value) return
    try {
      const j = await fetchJob(job.value.id)
      if (gen !== generation) return
      failures = 0
      error.value = ''
      settle(j, gen)
    } catch (e) {
      if (gen !== generation) return
      error.value = (e && e.message) || String(e)
      failures++
      if (failures >= maxFailures) stop()
      else schedule(gen)
    }
  }

  // Starts following a job (the JSON of a 202 answer, or {id}).
  function follow(j) {
    stop()
    failures = 0
    error.value = ''
    const gen = generation
    job.value = j || null
    if (!j) return
    if (j.state === undefined) {
      polling.value = true
      poll(gen) // only an id: ask at once
    } else settle(j, gen)
  }

  async function cancel() {
    if (!cancelJob || !job.value) return
    const gen = generation
    try {
      const j = await cancelJob(job.value.id)
      if (gen === generation && j) {
        job.value = j
        if (!isActive(j)) settle(j, gen)
      }
    } catch (e) {
      error.value = (e && e.message) || String(e)
    }
  }

  if (getCurrentScope()) onScopeDispose(stop)

  return { job, error, polling, active, percent, follow, cancel, stop, reset }
}
