import { createRouter, createWebHistory } from 'vue-router'
import { ElMessage } from 'element-plus'
import { useAuthStore } from '../modules/auth/store.js'
import { ADMIN_ROLES, PROJECT_ROLES, REGION_ADMIN_ROLES, titleFor } from '../layout/menu.js'
import { i18n } from '../i18n/index.js'

const AdminLayout = () => import('../layout/AdminLayout.vue')

export const routes = [
  { path: '/login', name: 'login', component: () => import('../modules/auth/LoginPage.vue'), meta: { public: true } },
  // The page a scanned session QR code opens (signs in first when needed; any
  // role may open it, the server says who may check in).
  { path: '/checkin', name: 'checkin', component: () => import('../modules/projects/CheckinPage.vue') },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('../modules/auth/ChangePasswordPage.vue'),
  },
  {
    path: '/',
    component: AdminLayout,
    children: [
      { path: '', name: 'home', component: () => import('../layout/HomePage.vue') },
      {
        path: 'desk',
        name: 'desk',
        component: () => import('../modules/desk/DeskPage.vue'),
        meta: { roles: REGION_ADMIN_ROLES, title: 'menu.desk' },
      },
      {
        path: 'me',
        name: 'me',
        component: () => import('../modules/teachers/MyRecordPage.vue'),
        meta: { roles: ['teacher'], title: 'menu.me' },
      },
      {
        path: 'orgs',
        name: 'orgs',
        component: () => import('../modules/org/OrgTreePage.vue'),
        meta: { roles: REGION_ADMIN_ROLES, title: 'menu.orgs' },
      },
      {
        path: 'teachers',
        name: 'teachers',
        component: () => import('../modules/teachers/TeacherListPage.vue'),
        meta: { roles: ADMIN_ROLES, title: 'menu.teachers', menu: 'teachers' },
      },
      {
        path: 'teachers/import',
        name: 'teacher-import',
        component: () => import('../modules/imports/ImportPage.vue'),
        props: { kind: 'teachers' },
        meta: { roles: ADMIN_ROLES, title: 'menu.teacherImport', menu: 'teacher-import' },
      },
      {
        path: 'credits/import',
        name: 'credit-import',
        component: () => import('../modules/imports/ImportPage.vue'),
        props: { kind: 'credits' },
        meta: { roles: REGION_ADMIN_ROLES, title: 'menu.creditImport', menu: 'credit-import' },
      },
      {
        path: 'credits/exemptions/import',
        name: 'exemption-import',
        component: () => import('../modules/imports/ImportPage.vue'),
        props: { kind: 'exemptions' },
        meta: { roles: REGION_ADMIN_ROLES, title: 'menu.exemptionImport', menu: 'exemption-import' },
      },
      {
        path: 'teachers/new',
        name: 'teacher-new',
        component: () => import('../modules/teachers/TeacherDetailPage.vue'),
        meta: { roles: ADMIN_ROLES, title: 'teacher.new', menu: 'teachers' },
      },
      {
        path: 'teachers/:id(\\d+)',
        name: 'teacher',
        component: () => import('../modules/teachers/TeacherDetailPage.vue'),
        props: true,
        meta: { roles: ADMIN_ROLES, title: 'teacher.detail', menu: 'teachers' },
      },
      {
        path: 'accounts',
        name: 'accounts',
        component: () => import('../modules/accounts/AccountListPage.vue'),
        meta: { roles: ADMIN_ROLES, title: 'menu.accounts' },
      },
      {
        path: 'credits/me',
        name: 'my-credits',
        component: () => import('../modules/credits/MyCreditsPage.vue'),
        meta: { roles: ['teacher'], title: 'menu.myCredits' },
      },
      {
        path: 'credits/review',
        name: 'credit-review',
        component: () => import('../modules/credits/SchoolReviewPage.vue'),
        meta: { roles: ['school_admin'], title: 'menu.creditReview' },
      },
      {
        path: 'credits/approval',
        name: 'credit-approval',
        component: () => import('../modules/credits/BureauReviewPage.vue'),
        meta: { roles: REGION_ADMIN_ROLES, title: 'menu.creditApproval' },
      },
      {
        path: 'credits/policy',
        name: 'credit-policy',
        component: () => import('../modules/credits/PolicyPage.vue'),
        meta: { roles: REGION_ADMIN_ROLES, title: 'menu.creditPolicy' },
      },
      {
        path: 'projects/catalogue',
        name: 'project-catalogue',
        component: () => import('../modules/projects/CataloguePage.vue'),
        meta: { roles: ['teacher'], title: 'menu.projectCatalogue' },
      },
      {
        path: 'projects/mine',
        name: 'my-registrations',
        component: () => import('../modules/projects/MyRegistrationsPage.vue'),
        meta: { roles: ['teacher'], title: 'menu.myRegistrations' },
      },
      {
        path: 'projects/attendance/:id(\\d+)?',
        name: 'project-attendance',
        component: () => import('../modules/projects/AttendancePage.vue'),
        props: true,
        meta: { roles: PROJECT_ROLES, title: 'menu.projectAttendance', menu: 'project-attendance' },
      },
      {
        path: 'projects',
        name: 'projects',
        component: () => import('../modules/projects/ProjectListPage.vue'),
        meta: { roles: PROJECT_ROLES, title: 'menu.projects', menu: 'projects' },
      },
      {
        path: 'projects/new',
        name: 'project-new',
        component: () => import('../modules/projects/ProjectEditPage.vue'),
        meta: { roles: PROJECT_ROLES, title: 'project.createTitle', menu: 'projects' },
      },
      {
        path: 'projects/:id(\\d+)',
        name: 'project',
        component: () => import('../modules/projects/ProjectDetailPage.vue'),
        props: true,
        meta: { roles: PROJECT_ROLES, title: 'project.detail', menu: 'projects' },
      },
      {
        path: 'projects/:id(\\d+)/edit',
        name: 'project-edit',
        component: () => import('../modules/projects/ProjectEditPage.vue'),
        props: true,
        meta: { roles: PROJECT_ROLES, title: 'project.edit', menu: 'projects' },
      },
      {
        path: 'projects/nominations',
        name: 'nominations',
        component: () => import('../modules/projects/NominationPage.vue'),
        meta: { roles: ['school_admin'], title: 'menu.nominations', menu: 'nominations' },
      },
      {
        path: 'reviews',
        name: 'expert-reviews',
        component: () => import('../modules/projects/ExpertReviewPage.vue'),
        meta: { roles: ['expert'], title: 'menu.expertReviews', menu: 'expert-reviews' },
      },
      {
        path: 'surveys',
        name: 'my-surveys',
        component: () => import('../modules/surveys/MySurveysPage.vue'),
        meta: { roles: ['teacher'], title: 'menu.mySurveys' },
      },
      {
        path: 'surveys/projects',
        name: 'survey-projects',
        component: () => import('../modules/surveys/SurveyProjectsPage.vue'),
        meta: { roles: ['institution_staff', ...REGION_ADMIN_ROLES], title: 'menu.surveyProjects' },
      },
      {
        path: 'surveys/:projectId(\\d+)/:kind(needs|satisfaction)',
        name: 'survey-form',
        component: () => import('../modules/surveys/SurveyFormPage.vue'),
        props: true,
        meta: { roles: ['teacher'], title: 'survey.form', menu: 'my-surveys' },
      },
      {
        // The project's runners: institution staff, bureau and sys admins, a
        // school admin for a school module (the server checks which project).
        path: 'surveys/:projectId(\\d+)/:kind(needs|satisfaction)/results',
        name: 'survey-results',
        component: () => import('../modules/surveys/SurveyResultsPage.vue'),
        props: true,
        meta: { roles: ['institution_staff', ...ADMIN_ROLES], title: 'survey.results', menu: 'survey-projects' },
      },
      {
        path: 'school-plans/file',
        name: 'school-plan-file',
        component: () => import('../modules/school_plans/SchoolPlanFilePage.vue'),
        meta: { roles: ['school_admin'], title: 'menu.schoolPlanFile' },
      },
      {
        path: 'school-plans',
        name: 'school-plans',
        component: () => import('../modules/school_plans/SchoolPlanOverviewPage.vue'),
        meta: { roles: REGION_ADMIN_ROLES, title: 'menu.schoolPlans' },
      },
      {
        path: 'backbone',
        name: 'backbone-rounds',
        component: () => import('../modules/backbone/BackboneRoundsPage.vue'),
        meta: { roles: [...ADMIN_ROLES, 'expert'], title: 'menu.backbone', menu: 'backbone' },
      },
      {
        path: 'backbone/assessments',
        name: 'backbone-assessments',
        component: () => import('../modules/backbone/BackboneAssessmentsPage.vue'),
        meta: { roles: [...ADMIN_ROLES, 'teacher'], title: 'menu.backboneAssessments', menu: 'backbone-assessments' },
      },
      {
        path: 'backbone/rounds/:id(\\d+)',
        name: 'backbone-round',
        component: () => import('../modules/backbone/BackboneRoundPage.vue'),
        props: true,
        meta: { roles: [...ADMIN_ROLES, 'expert'], title: 'menu.backbone', menu: 'backbone' },
      },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export function installGuards(router) {
  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    if (!auth.checked) {
      try {
        await auth.fetchMe() // 401 → not signed in
      } catch (e) {
        auth.clear()
        ElMessage.error(e.message)
      }
    }
    if (to.meta.public) {
      if (to.name === 'login' && auth.user) return { path: '/' }
      return true
    }
    if (!auth.user) {
      return { name: 'login', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
    }
    if (auth.user.must_change_password && to.name !== 'change-password') return { name: 'change-password' }
    if (to.meta.roles && !to.meta.roles.includes(auth.user.role)) return { path: '/' }
    return true
  })
  router.afterEach((to) => {
    const t = i18n.global.t
    const title = titleFor(to, useAuthStore().role)
    const page = title ? t(title) + ' · ' : ''
    if (globalThis.document) document.title = page + t('app.name')
  })
}

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes })
  installGuards(router)
  return router
}
