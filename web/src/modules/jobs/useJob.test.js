import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import { isActive, jobPercent, progressStatus, useJob } from './useJob.js'

const job = (state, done = 0, total = 0, extra = {}) => ({ id: 7, kind: 'teacher.import', state, done, total, message: '', ...extra })

// A fake server: each GET /jobs/7 answers the next job of the script (the last one repeats).
function scripted(...answers) {
  let i = 0
  return vi.fn(async () => {
    const a = answers[Math.min(i++, answers.length - 1)]
    if (a instanceof Error) throw a
    return a
  })
}

// Lets the awaited fetch promise settle.
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
  await nextTick()
}

describe('job helpers', () => {
  it('isActive', () => {
    expect(isActive(job('queued'))).toBe(true)
    expect(isActive(job('running'))).toBe(true)
    expect(isActive(job('succeeded'))).toBe(false)
    expect(isActive(job('failed'))).toBe(false)
    expect(isActive(null)).toBe(false)
  })

  it('jobPercent', () => {
    expect(jobPercent(job('running', 1, 3))).toBe(33)
    expect(jobPercent(job('running', 5, 4))).toBe(100)
    expect(jobPercent(job('queued'))).toBe(0)
    expect(jobPercent(job('running'))).toBeNull() // unknown total: indeterminate
    expect(jobPercent(job('succeeded', 0, 0))).toBe(100)
    expect(jobPercent(job('failed', 2, 10))).toBe(20)
    expect(jobPercent(null)).toBe(0)
  })

  it('progressStatus', () => {
    expect(progressStatus(job('succeeded'))).toBe('success')
    expect(progressStatus(job('failed'))).toBe('exception')
    expect(progressStatus(job('cancelled'))).toBe('warning')
    expect(progressStatus(job('running'))).toBe('')
  })
})

describe('useJob polling', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('polls every interval while queued/running and stops when the job ends', async () => {
    const fetchJob = scripted(job('running', 1, 4), job('running', 3, 4), job('succeeded', 4, 4, { result: { rows: 4 } }))
    const onFinish = vi.fn()
    const j = useJob({ fetchJob, interval: 500, onFinish })
    j.follow(job('queued'))
    expect(j.active.value).toBe(true)
    expect(j.polling.value).toBe(true)
    expect(fetchJob).not.toHaveBeenCalled()

    await vi.advanceTimersByTimeAsync(499)
    expect(fetchJob).toHaveBeenCalledTimes(0)
    await vi.advanceTimersByTimeAsync(1)
    await flush()
    expect(fetchJob).toHaveBeenCalledTimes(1)
    expect(fetchJob).toHaveBeenCalledWith(7)
    expect(j.percent.value).toBe(25)

    await vi.advanceTimersByTimeAsync(500)
    await flush()
    expect(j.percent.value).toBe(75)

    await vi.advanceTimersByTimeAsync(500)
    await flush()
    expect(j.job.value.state).toBe('succeeded')
    expect(j.percent.value).toBe(100)
    expect(j.polling.value).toBe(false)
    expect(onFinish).toHaveBeenCalledTimes(1)
    expect(onFinish.mock.calls[0][0].result).toEqual({ rows: 4 })

    await vi.advanceTimersByTimeAsync(5000)
    expect(fetchJob).toHaveBeenCalledTimes(3) // no more requests after the end
  })

  it('does not poll a job that is already finished', async () => {
    const fetchJob = scripted(job('succeeded'))
    const onFinish = vi.fn()
    const j = useJob({ fetchJob, onFinish })
    j.follow(job('failed', 0, 0, { error: { code: 'invalid_argument', message: '不是电子表格' } }))
    await vi.advanceTimersByTimeAsync(3000)
    expect(fetchJob).not.toHaveBeenCalled()
    expect(onFinish).toHaveBeenCalledTimes(1)
    expect(j.active.value).toBe(false)
  })

  it('never has two requests in flight', async () => {
    let resolve
    const fetchJob = vi.fn(() => new Promise((r) => (resolve = r)))
    const j = useJob({ fetchJob, interval: 100 })
    j.follow(job('running', 0, 10))
    await vi.advanceTimersByTimeAsync(100)
    expect(fetchJob).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1000) // the server is slow
    expect(fetchJob).toHaveBeenCalledTimes(1)
    resolve(job('running', 5, 10))
    await flush()
    await vi.advanceTimersByTimeAsync(100)
    expect(fetchJob).toHaveBeenCalledTimes(2)
    j.stop()
  })

  it('stops polling when its scope is disposed (component unmounted)', async () => {
    const fetchJob = scripted(job('running', 1, 100))
    const scope = effectScope()
    const j = scope.run(() => useJob({ fetchJob, interval: 500 }))
    j.follow(job('running', 0, 100))
    await vi.advanceTimersByTimeAsync(1000)
    await flush()
    const calls = fetchJob.mock.calls.length
    expect(calls).toBeGreaterThan(0)
    scope.stop()
    expect(j.polling.value).toBe(false)
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetchJob).toHaveBeenCalledTimes(calls)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('drops the answer of an old job after following a new one', async () => {
    let resolveOld
    const fetchJob = vi.fn((id) =>
      id === 7 ? new Promise((r) => (resolveOld = r)) : Promise.resolve({ ...job('running', 1, 2), id: 8 }),
    )
    const j = useJob({ fetchJob, interval: 100 })
    j.follow(job('running', 0, 2))
    await vi.advanceTimersByTimeAsync(100) // GET /jobs/7 in flight
    j.follow({ ...job('queued'), id: 8 })
    resolveOld(job('succeeded', 2, 2))
    await flush()
    expect(j.job.value.id).toBe(8)
    expect(j.job.value.state).toBe('queued')
    j.stop()
  })

  it('retries a failed poll, shows the error, gives up after maxFailures', async () => {
    const boom = new Error('网络错误')
    const fetchJob = scripted(boom, job('running', 2, 4), boom)
    const j = useJob({ fetchJob, interval: 100, maxFailures: 3 })
    j.follow(job('running', 0, 4))
    await vi.advanceTimersByTimeAsync(100)
    await flush()
    expect(j.error.value).toBe('网络错误')
    expect(j.polling.value).toBe(true)
    await vi.advanceTimersByTimeAsync(100)
    await flush()
    expect(j.error.value).toBe('')
    expect(j.percent.value).toBe(50)
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(100)
      await flush()
    }
    expect(j.polling.value).toBe(false)
    expect(fetchJob).toHaveBeenCalledTimes(5)
    await vi.advanceTimersByTimeAsync(1000)
    expect(fetchJob).toHaveBeenCalledTimes(5)
  })

  it('cancel posts the cancel and shows the answer; polling ends once cancelled', async () => {
    const fetchJob = scripted(job('cancelled', 3, 10))
    const cancelJob = vi.fn(async () => job('running', 3, 10, { cancel_requested: true }))
    const onFinish = vi.fn()
    const j = useJob({ fetchJob, cancelJob, interval: 500, onFinish })
    j.follow(job('running', 2, 10))
    await j.cancel()
    expect(cancelJob).toHaveBeenCalledWith(7)
    expect(j.job.value.cancel_requested).toBe(true)
    expect(j.polling.value).toBe(true)
    await vi.advanceTimersByTimeAsync(500)
    await flush()
    expect(j.job.value.state).toBe('cancelled')
    expect(j.polling.value).toBe(false)
    expect(onFinish).toHaveBeenCalledTimes(1)
  })

  it('follow({id}) asks the server at once', async () => {
    const fetchJob = scripted(job('succeeded', 1, 1))
    const j = useJob({ fetchJob })
    j.follow({ id: 7 })
    await flush()
    expect(fetchJob).toHaveBeenCalledTimes(1)
    expect(j.job.value.state).toBe('succeeded')
  })
})
