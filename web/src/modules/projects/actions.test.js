import { describe, expect, it } from 'vitest'
import { MOVES, can, movesFor } from './actions.js'
import { registrationTagType, stateTagType } from './tags.js'

const actions = (project) => movesFor(project).map((m) => m.action)

describe('can', () => {
  it('answers from the object the server returned, and nothing else', () => {
    expect(can({ actions: ['withdraw'] }, 'withdraw')).toBe(true)
    expect(can({ actions: ['withdraw'] }, 'approve')).toBe(false)
    // No actions from the server: nothing is offered, whatever the state says.
    expect(can({ state: 'registration_open' }, 'apply')).toBe(false)
    expect(can(null, 'apply')).toBe(false)
  })
})

describe('movesFor', () => {
  it('offers exactly the lifecycle actions the server sent, in button order', () => {
    expect(actions({ state: 'submitted', actions: ['reviews', 'reject', 'review', 'quotas', 'candidates'] })).toEqual(['review', 'reject'])
    expect(actions({ state: 'draft', actions: ['edit', 'submit'] })).toEqual(['submit'])
    expect(actions({ state: 'draft', actions: [] })).toEqual([])
    // Not from the state: a state alone offers nothing.
    expect(actions({ state: 'approved' })).toEqual([])
  })

  it('keeps closing again on a closed project to the attendance page', () => {
    expect(actions({ state: 'running', actions: ['close'] })).toEqual(['close'])
    expect(actions({ state: 'closed', actions: ['close', 'archive'] })).toEqual(['archive'])
  })

  it('knows how to send every move: a reason, a confirmation, its own endpoint or the review tab', () => {
    for (const m of MOVES) expect(!!(m.reason || m.confirm || m.tab), m.action).toBe(true)
    expect(MOVES.find((m) => m.action === 'close').endpoint).toBe('close')
    expect(MOVES.find((m) => m.action === 'upgrade').endpoint).toBe('upgrade')
    expect(MOVES.find((m) => m.action === 'reject').reason).toBe(true)
  })
})

describe('tags', () => {
  it('gives every state a tag type', () => {
    expect(stateTagType('rejected')).toBe('danger')
    expect(stateTagType('nonsense')).toBe('info')
    expect(registrationTagType('accepted')).toBe('success')
  })
})
