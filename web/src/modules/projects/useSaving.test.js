import { describe, expect, it, vi } from 'vitest'

const messages = []
vi.mock('element-plus', () => ({
  ElMessage: { success: (m) => messages.push(['success', m]), error: (m) => messages.push(['error', m]) },
}))
const { useSaving } = await import('./useSaving.js')

describe('useSaving', () => {
  it('is busy while the call runs, then says so; the answer comes back', async () => {
    messages.length = 0
    const { busy, save } = useSaving()
    let during = null
    const answer = await save(async () => {
      during = busy.value
      return { created: 2 }
    }, (a) => `created ${a.created}`)
    expect(during).toBe(true)
    expect(busy.value).toBe(false)
    expect(answer).toEqual({ created: 2 })
    expect(messages).toEqual([['success', 'created 2']])
    expect(await save(async () => undefined)).toBe(true) // a 204
  })

  it('shows the server refusal and resolves to undefined', async () => {
    messages.length = 0
    const { busy, save } = useSaving()
    const answer = await save(async () => {
      throw new Error('项目不在进行中')
    }, 'saved')
    expect(answer).toBeUndefined()
    expect(busy.value).toBe(false)
    expect(messages).toEqual([['error', { message: '项目不在进行中', duration: 6000 }]])
  })
})
