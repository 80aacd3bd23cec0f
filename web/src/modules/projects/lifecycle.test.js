import { describe, expect, it } from 'vitest'
import { MOVES, projectStates, isEditable, mayAuthor, mayDecide, movesFor, quotasEditable } from './lifecycle.js'

const actions = (state, role, extra = {}) => movesFor({ state, kind: 'training', ...extra }, role).map((m) => m.action)

describe('movesFor', () => {
  it('offers a bureau admin exactly the moves out of each state', () => {
    expect(actions('draft', 'bureau_admin')).toEqual(['submit'])
    expect(actions('submitted', 'bureau_admin')).toEqual(['review', 'reject'])
    expect(actions('submitted', 'sys_admin')).toEqual(['review', 'reject'])
    expect(actions('under_review', 'bureau_admin')).toEqual(['approve', 'reject'])
    expect(actions('rejected', 'bureau_admin')).toEqual(['revise'])
    expect(actions('approved', 'bureau_admin')).toEqual(['open'])
    expect(actions('registration_open', 'bureau_admin')).toEqual(['start'])
    expect(actions('running', 'bureau_admin')).toEqual(['close'])
    expect(actions('closed', 'bureau_admin')).toEqual(['archive'])
    expect(actions('archived', 'bureau_admin')).toEqual([])
  })

  it('gives institution staff the running of their projects but not the decisions', () => {
    const want = { draft: ['submit'], rejected: ['revise'], approved: ['open'], registration_open: ['start'], running: ['close'], closed: ['archive'] }
    for (const s of projectStates()) expect(actions(s, 'institution_staff'), s).toEqual(want[s] || [])
  })

  it('lets a school admin run its school module, and nothing of a training project', () => {
    const mod = (s) => actions(s, 'school_admin', { kind: 'school_module' })
    expect(mod('draft')).toEqual(['submit'])
    expect(mod('approved')).toEqual(['open'])
    expect(mod('under_review')).toEqual([])
    for (const s of projectStates()) expect(actions(s, 'school_admin'), s).toEqual([])
  })

  it('offers nothing to teachers and experts, nor for an unknown state or no project', () => {
    for (const s of projectStates()) {
      expect(actions(s, 'teacher')).toEqual([])
      expect(actions(s, 'expert')).toEqual([])
    }
    expect(actions('weird', 'bureau_admin')).toEqual([])
    expect(movesFor(null, 'bureau_admin')).toEqual([])
    expect(movesFor({ state: 'draft' }, null)).toEqual([])
  })

  it('offers upgrade only for a school module not yet upgraded, after approval', () => {
    expect(actions('closed', 'bureau_admin', { kind: 'school_module' })).toEqual(['archive', 'upgrade'])
    expect(actions('approved', 'bureau_admin', { kind: 'school_module' })).toContain('upgrade')
    expect(actions('under_review', 'bureau_admin', { kind: 'school_module' })).not.toContain('upgrade')
    expect(actions('closed', 'bureau_admin', { kind: 'school_module', upgraded_at: 1700000000 })).toEqual(['archive'])
    expect(actions('closed', 'bureau_admin')).not.toContain('upgrade')
    expect(actions('closed', 'school_admin', { kind: 'school_module' })).toEqual(['archive'])
  })

  it('asks a reason for reject only, and sends close and upgrade to their own endpoints', () => {
    expect(MOVES.filter((m) => m.reason).map((m) => m.action)).toEqual(['reject'])
    expect(MOVES.filter((m) => m.endpoint).map((m) => [m.action, m.endpoint])).toEqual([
      ['close', 'close'],
      ['upgrade', 'upgrade'],
    ])
  })

  it('names only states of the contract', () => {
    expect(projectStates()).toHaveLength(9)
    for (const m of MOVES) for (const s of m.from) expect(projectStates()).toContain(s)
  })
})

describe('who edits, files and decides', () => {
  it('lets a school admin file school modules only', () => {
    expect(mayAuthor('school_admin', 'school_module')).toBe(true)
    expect(mayAuthor('school_admin', 'training')).toBe(false)
    expect(mayAuthor('institution_staff')).toBe(true)
    expect(mayAuthor('teacher')).toBe(false)
  })

  it('edits drafts and rejected projects only', () => {
    expect(isEditable({ state: 'draft', kind: 'training' }, 'institution_staff')).toBe(true)
    expect(isEditable({ state: 'rejected', kind: 'training' }, 'bureau_admin')).toBe(true)
    expect(isEditable({ state: 'submitted', kind: 'training' }, 'bureau_admin')).toBe(false)
    expect(isEditable({ state: 'draft', kind: 'training' }, 'school_admin')).toBe(false)
    expect(isEditable({ state: 'draft', kind: 'school_module' }, 'school_admin')).toBe(true)
    expect(isEditable(null, 'bureau_admin')).toBe(false)
  })

  it('edits quotas as a region admin from approval until the project closes', () => {
    expect(quotasEditable('approved', 'bureau_admin')).toBe(true)
    expect(quotasEditable('registration_open', 'sys_admin')).toBe(true)
    expect(quotasEditable('running', 'bureau_admin')).toBe(true)
    expect(quotasEditable('closed', 'bureau_admin')).toBe(false)
    expect(quotasEditable('approved', 'school_admin')).toBe(false)
  })

  it('lets the school decide at pending_school and the county at pending_county', () => {
    expect(mayDecide({ state: 'pending_school' }, 'school_admin')).toBe(true)
    expect(mayDecide({ state: 'pending_school' }, 'bureau_admin')).toBe(false)
    expect(mayDecide({ state: 'pending_county' }, 'bureau_admin')).toBe(true)
    expect(mayDecide({ state: 'pending_county' }, 'school_admin')).toBe(false)
    expect(mayDecide({ state: 'accepted' }, 'bureau_admin')).toBe(false)
    expect(mayDecide(null, 'bureau_admin')).toBe(false)
  })
})
