// Which menu items a role sees (the server still checks every request).
export const ADMIN_ROLES = ['school_admin', 'bureau_admin', 'sys_admin']
export const REGION_ADMIN_ROLES = ['bureau_admin', 'sys_admin']
// Who manages training projects (a school admin: its school-based module projects).
export const PROJECT_ROLES = ['bureau_admin', 'sys_admin', 'institution_staff', 'school_admin']

const ITEMS = [
  // First for its roles: the landing page (HomePage opens the first item).
  { key: 'desk', path: '/desk', label: 'menu.desk', icon: 'DataLine', roles: REGION_ADMIN_ROLES },
  { key: 'me', path: '/me', label: 'menu.me', icon: 'User', roles: ['teacher'] },
  { key: 'orgs', path: '/orgs', label: 'menu.orgs', icon: 'OfficeBuilding', roles: REGION_ADMIN_ROLES },
  { key: 'teachers', path: '/teachers', label: 'menu.teachers', icon: 'Reading', roles: ADMIN_ROLES },
  { key: 'teacher-import', path: '/teachers/import', label: 'menu.teacherImport', icon: 'Upload', roles: ADMIN_ROLES },
  { key: 'accounts', path: '/accounts', label: 'menu.accounts', icon: 'Key', roles: ADMIN_ROLES },
  { key: 'my-credits', path: '/credits/me', label: 'menu.myCredits', icon: 'Medal', roles: ['teacher'] },
  { key: 'project-catalogue', path: '/projects/catalogue', label: 'menu.projectCatalogue', icon: 'Promotion', roles: ['teacher'] },
  { key: 'my-registrations', path: '/projects/mine', label: 'menu.myRegistrations', icon: 'Tickets', roles: ['teacher'] },
  { key: 'my-surveys', path: '/surveys', label: 'menu.mySurveys', icon: 'ChatDotSquare', roles: ['teacher'] },
  { key: 'credit-review', path: '/credits/review', label: 'menu.creditReview', icon: 'Stamp', roles: ['school_admin'] },
  { key: 'credit-approval', path: '/credits/approval', label: 'menu.creditApproval', icon: 'DataAnalysis', roles: REGION_ADMIN_ROLES },
  { key: 'credit-import', path: '/credits/import', label: 'menu.creditImport', icon: 'Upload', roles: REGION_ADMIN_ROLES },
  { key: 'exemption-import', path: '/credits/exemptions/import', label: 'menu.exemptionImport', icon: 'Upload', roles: REGION_ADMIN_ROLES },
  { key: 'credit-policy', path: '/credits/policy', label: 'menu.creditPolicy', icon: 'Setting', roles: REGION_ADMIN_ROLES },
  { key: 'projects', path: '/projects', label: 'menu.projects', icon: 'Notebook', roles: ['bureau_admin', 'sys_admin', 'institution_staff'] },
  { key: 'projects', path: '/projects', label: 'menu.schoolModules', icon: 'Notebook', roles: ['school_admin'] },
  { key: 'nominations', path: '/projects/nominations', label: 'menu.nominations', icon: 'Finished', roles: ['school_admin'] },
  // Class tutors (班级辅导员) and organisers take attendance and grades.
  { key: 'project-attendance', path: '/projects/attendance', label: 'menu.projectAttendance', icon: 'Calendar', roles: PROJECT_ROLES },
  { key: 'expert-reviews', path: '/reviews', label: 'menu.expertReviews', icon: 'EditPen', roles: ['expert'] },
  { key: 'survey-projects', path: '/surveys/projects', label: 'menu.surveyProjects', icon: 'DataLine', roles: ['institution_staff', ...REGION_ADMIN_ROLES] },
  { key: 'school-plan-file', path: '/school-plans/file', label: 'menu.schoolPlanFile', icon: 'Document', roles: ['school_admin'] },
  { key: 'school-plans', path: '/school-plans', label: 'menu.schoolPlans', icon: 'Files', roles: REGION_ADMIN_ROLES },
  // 骨干教师: the bureau opens rounds and reviews, the school recommends, experts score.
  { key: 'backbone', path: '/backbone', label: 'menu.backbone', icon: 'Trophy', roles: [...ADMIN_ROLES, 'expert'] },
  // 年度考核: backbone teachers submit, the school, county and city review.
  { key: 'backbone-assessments', path: '/backbone/assessments', label: 'menu.backboneAssessments', icon: 'Finished', roles: [...ADMIN_ROLES, 'teacher'] },
]

export function menuFor(role) {
  return ITEMS.filter((i) => i.roles.includes(role))
}

// The title key of a page for a role: a page that is a menu item itself is
// called what the menu calls it (a school admin's /projects is 校本研修项目,
// not 培训项目); other pages keep their own title.
export function titleFor(route, role) {
  const item = route && route.name ? menuFor(role).find((i) => i.key === route.name) : null
  if (item) return item.label
  return (route && route.meta && route.meta.title) || null
}
