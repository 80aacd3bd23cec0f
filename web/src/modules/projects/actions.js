// What the pages offer is what the server says the user may do now: every
// project and registration it returns carries `actions` (the projects
// permission table and state machine, on the server). This file decides
// nothing; it only says how each lifecycle action looks as a button.

// May the user take `action` on `obj` (a project, a registration or a project list page) now?
export function can(obj, action) {
  return !!obj && Array.isArray(obj.actions) && obj.actions.includes(action)
}

// How each lifecycle action of a project is offered: button type, whether to
// ask for a reason or a confirmation first, and how it is sent (POST
// …/transition with the action, or its own endpoint; `tab`: the review board
// does it). In the order the buttons appear.
export const MOVES = [
  { action: 'submit', type: 'primary', confirm: true },
  { action: 'review', type: 'primary', tab: 'review' },
  { action: 'approve', type: 'success', confirm: true },
  { action: 'reject', type: 'danger', reason: true },
  { action: 'revise', type: 'warning', confirm: true },
  { action: 'open', type: 'primary', confirm: true },
  { action: 'start', type: 'primary', confirm: true },
  { action: 'close', type: 'warning', confirm: true, endpoint: 'close' },
  { action: 'archive', type: 'info', confirm: true },
  { action: 'upgrade', type: 'success', confirm: true, endpoint: 'upgrade' },
]

// The lifecycle buttons for `project`: those of its `actions`. Closing again
// (a closed project after make-ups) lives on the attendance page.
export function movesFor(project) {
  if (!project) return []
  return MOVES.filter((m) => can(project, m.action) && !(m.action === 'close' && project.state === 'closed'))
}
