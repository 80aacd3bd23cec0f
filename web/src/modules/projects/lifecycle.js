// The project lifecycle as the admin pages offer it: which moves to show
// from a state to a role. Nothing here decides a rule — the server checks
// every move and its refusal is shown as it comes; this only keeps buttons
// for impossible moves off the page.
//
// draft → submitted → under_review → approved | rejected → registration_open
// → running → closed → archived; rejected → draft (revise).
// submitted → under_review happens by assigning experts (the review board);
// running → closed by POST …/close; school_module projects may be upgraded.
import { enumValues } from '../../i18n/enums.js'

// The server's states, in its order (read when asked: the vocabularies load
// before the app mounts).
export const projectStates = () => enumValues('project_state')

export const REGION_ADMINS = ['bureau_admin', 'sys_admin']
// Who files projects: institution staff and region admins; school admins file school_module ones.
export const AUTHORS = ['institution_staff', 'bureau_admin', 'sys_admin', 'school_admin']

// Each move: the states it starts from, who may make it ('manager': whoever
// runs the project — its institution, the region's admins, a school admin for
// its school module; 'region': the region's bureau or sys admins), how it is
// sent (POST …/transition with the action, or its own endpoint), whether a
// reason is required and whether to ask for confirmation first.
export const MOVES = [
  { action: 'submit', from: ['draft'], who: 'manager', type: 'primary', confirm: true },
  { action: 'review', from: ['submitted'], who: 'region', type: 'primary', tab: 'review' },
  { action: 'approve', from: ['under_review'], who: 'region', type: 'success', confirm: true },
  { action: 'reject', from: ['submitted', 'under_review'], who: 'region', type: 'danger', reason: true },
  { action: 'revise', from: ['rejected'], who: 'manager', type: 'warning', confirm: true },
  { action: 'open', from: ['approved'], who: 'manager', type: 'primary', confirm: true },
  { action: 'start', from: ['registration_open'], who: 'manager', type: 'primary', confirm: true },
  { action: 'close', from: ['running'], who: 'manager', type: 'warning', confirm: true, endpoint: 'close' },
  { action: 'archive', from: ['closed'], who: 'manager', type: 'info', confirm: true },
  {
    action: 'upgrade',
    from: ['approved', 'registration_open', 'running', 'closed', 'archived'],
    who: 'region',
    type: 'success',
    confirm: true,
    endpoint: 'upgrade',
    kinds: ['school_module'],
  },
]

function allowed(move, project, role) {
  if (move.kinds && !move.kinds.includes(project.kind || 'training')) return false
  if (move.action === 'upgrade' && project.upgraded_at) return false
  return move.who === 'region' ? REGION_ADMINS.includes(role) : mayAuthor(role, project.kind || 'training')
}

// The moves to offer for `project` ({state, kind, upgraded_at}) to `role`.
export function movesFor(project, role) {
  if (!project || !role) return []
  return MOVES.filter((m) => m.from.includes(project.state) && allowed(m, project, role))
}

// A school admin files only school-based module projects.
export function mayAuthor(role, kind = 'training') {
  if (role === 'school_admin') return kind === 'school_module'
  return AUTHORS.includes(role)
}

// The server accepts PUT only on drafts and rejected projects.
export function isEditable(project, role) {
  return !!project && ['draft', 'rejected'].includes(project.state) && mayAuthor(role, project.kind)
}

// Registrations are taken from registration_open on; reviews exist from submitted on
// (whoever runs the project sees the board; experts see their own review).
export function hasRegistrations(state) {
  return ['registration_open', 'running', 'closed', 'archived'].includes(state)
}
export function hasReview(state) {
  return state !== 'draft'
}
// Quotas exist from approval on; region admins change them until the project closes.
export function hasQuotas(state) {
  return ['approved', 'registration_open', 'running', 'closed', 'archived'].includes(state)
}
export function quotasEditable(state, role) {
  return REGION_ADMINS.includes(role) && ['approved', 'registration_open', 'running'].includes(state)
}

// el-tag type of a project state / a registration state.
export function stateTagType(state) {
  return (
    {
      draft: 'info',
      submitted: 'warning',
      under_review: 'warning',
      approved: 'success',
      rejected: 'danger',
      registration_open: 'primary',
      running: 'primary',
      closed: 'success',
      archived: 'info',
    }[state] || 'info'
  )
}
export function registrationTagType(state) {
  return (
    {
      pending_school: 'warning',
      pending_county: 'warning',
      accepted: 'success',
      waitlisted: 'primary',
      rejected: 'danger',
      withdrawn: 'info',
    }[state] || 'info'
  )
}

// Who decides a pending registration: the school admin at pending_school,
// a region admin at pending_county.
export function mayDecide(registration, role) {
  if (!registration) return false
  if (registration.state === 'pending_school') return role === 'school_admin'
  if (registration.state === 'pending_county') return REGION_ADMINS.includes(role)
  return false
}
