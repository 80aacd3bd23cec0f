// How project and registration states look (el-tag types). Display only.
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
