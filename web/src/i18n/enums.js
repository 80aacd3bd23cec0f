// Enumerations of the API contract (docs/api-contract.md, "Enumerations").
//
// Most values ARE Chinese words (stage 小学, status 在职 ...): in zh-CN they are
// shown as they are, in English they are mapped through EN below. Kinds with
// code values (role, org type, credit source/state, the project kinds and
// states, attendance status) have a label in both languages.
// Unknown values are shown unchanged, so a server that adds a value never
// breaks a page.

export const ENUMS = {
  role: ['sys_admin', 'bureau_admin', 'institution_staff', 'school_admin', 'teacher', 'expert'],
  org_type: ['province', 'city', 'county', 'township', 'school', 'institution', 'bureau'],
  stage: ['幼儿园', '小学', '初中', '高中', '中职', '特殊教育'],
  sex: ['男', '女'],
  status: ['在职', '调出', '退休', '离职'],
  backbone_level: ['无', '校级', '县级', '市级', '省级', '国家级'],
  title: ['正高级教师', '高级教师', '一级教师', '二级教师', '三级教师', '未定级'],
  posts: ['班主任', '校长', '副校长', '教研员', '中层', '教师'],
  // credits (学分)
  credit_level: ['国培', '省培', '市培', '区县级', '校本'],
  credit_form: ['集中培训', '网络研修', '校本研修', '跟岗研修', '工作坊', '岗前培训'],
  credit_dimension: ['师德修养', '学科教学', '学生管理', '专业成长'],
  credit_location: ['区域内', '区域外'],
  credit_grade: ['优秀', '良好', '合格', '基本合格', '不合格'],
  credit_source: ['training', 'school_activity', 'workshop', 'reading', 'achievement', 'import'],
  credit_state: ['declared', 'school_verified', 'approved', 'rejected'],
  audit_status: ['达标', '未达标'],
  // training projects (培训项目)
  project_state: [
    'draft',
    'submitted',
    'under_review',
    'approved',
    'rejected',
    'registration_open',
    'running',
    'closed',
    'archived',
  ],
  project_kind: ['training', 'school_module'],
  project_approval: ['none', 'school', 'school_county'],
  registration_state: ['pending_school', 'pending_county', 'accepted', 'waitlisted', 'rejected', 'withdrawn'],
  registration_origin: ['self', 'nominated', 'school'],
  attendance_status: ['present', 'late', 'leave', 'absent'],
}

const ZH = {
  role: {
    sys_admin: '平台管理员',
    bureau_admin: '教育局管理员',
    institution_staff: '培训机构',
    school_admin: '学校/中心校管理员',
    teacher: '教师',
    expert: '评审专家',
  },
  credit_source: {
    training: '培训',
    school_activity: '校本活动',
    workshop: '工作坊研修',
    reading: '读书',
    achievement: '成果',
    import: '导入',
  },
  credit_state: {
    declared: '待学校审核',
    school_verified: '待教育局审批',
    approved: '已认定',
    rejected: '已退回',
  },
  credit_outcome: {
    counted: '计入',
    partially_counted: '部分计入',
    cycle_only: '仅计入周期',
    outside_period: '不在本年度',
    invalid: '无效',
    failed_grade: '考核不合格',
    unknown_achievement_type: '成果类型未知',
    duplicate: '重复',
    over_cap: '超出上限',
  },
  org_type: {
    province: '省',
    city: '市',
    county: '县区',
    township: '乡镇中心校',
    school: '学校',
    institution: '进修学校/培训机构',
    bureau: '教育局',
  },
  project_state: {
    draft: '草稿',
    submitted: '已申报',
    under_review: '专家评审中',
    approved: '已立项',
    rejected: '未通过',
    registration_open: '报名中',
    running: '培训中',
    closed: '已结业',
    archived: '已归档',
  },
  project_kind: { training: '培训项目', school_module: '校本研修模块项目' },
  project_approval: { none: '无需审批', school: '学校审批', school_county: '学校、县区两级审批' },
  registration_state: {
    pending_school: '待学校审批',
    pending_county: '待县区审批',
    accepted: '已录取',
    waitlisted: '候补',
    rejected: '未通过',
    withdrawn: '已退出',
  },
  registration_origin: { self: '自主报名', nominated: '学校推荐', school: '全员参加' },
  attendance_status: { present: '出勤', late: '迟到', leave: '请假', absent: '缺勤' },
}

const EN = {
  role: {
    sys_admin: 'System admin',
    bureau_admin: 'Bureau admin',
    institution_staff: 'Training institution',
    school_admin: 'School or center-school admin',
    teacher: 'Teacher',
    expert: 'Review expert',
  },
  org_type: {
    province: 'Province',
    city: 'City',
    county: 'County / district',
    township: 'Township center school',
    school: 'School',
    institution: 'Training institution',
    bureau: 'Education bureau',
  },
  stage: {
    幼儿园: 'Kindergarten',
    小学: 'Primary',
    初中: 'Junior secondary',
    高中: 'Senior secondary',
    中职: 'Vocational secondary',
    特殊教育: 'Special education',
  },
  sex: { 男: 'Male', 女: 'Female' },
  status: { 在职: 'Employed', 调出: 'Transferred out', 退休: 'Retired', 离职: 'Resigned' },
  backbone_level: {
    无: 'None',
    校级: 'School',
    县级: 'County',
    市级: 'City',
    省级: 'Provincial',
    国家级: 'National',
  },
  title: {
    正高级教师: 'Senior teacher (full)',
    高级教师: 'Senior teacher',
    一级教师: 'First-grade teacher',
    二级教师: 'Second-grade teacher',
    三级教师: 'Third-grade teacher',
    未定级: 'Unranked',
  },
  posts: {
    班主任: 'Head teacher',
    校长: 'Principal',
    副校长: 'Vice principal',
    教研员: 'Teaching researcher',
    中层: 'Middle manager',
    教师: 'Teacher',
  },
  credit_level: { 国培: 'National', 省培: 'Provincial', 市培: 'City', 区县级: 'District / county', 校本: 'School-based' },
  credit_form: {
    集中培训: 'Centralized training',
    网络研修: 'Online study',
    校本研修: 'School-based study',
    跟岗研修: 'Shadowing',
    工作坊: 'Workshop',
    岗前培训: 'Pre-service training',
  },
  credit_dimension: {
    师德修养: 'Professional ethics',
    学科教学: 'Subject teaching',
    学生管理: 'Student management',
    专业成长: 'Professional growth',
  },
  credit_location: { 区域内: 'In region', 区域外: 'Out of region' },
  credit_grade: { 优秀: 'Excellent', 良好: 'Good', 合格: 'Pass', 基本合格: 'Basic pass', 不合格: 'Fail' },
  credit_source: {
    training: 'Training',
    school_activity: 'School activity',
    workshop: 'Workshop study',
    reading: 'Reading',
    achievement: 'Achievement',
    import: 'Import',
  },
  credit_state: {
    declared: 'Awaiting school',
    school_verified: 'Awaiting bureau',
    approved: 'Approved',
    rejected: 'Returned',
  },
  credit_outcome: {
    counted: 'Counted',
    partially_counted: 'Partly counted',
    cycle_only: 'Cycle only',
    outside_period: 'Outside the year',
    invalid: 'Invalid',
    failed_grade: 'Failed grade',
    unknown_achievement_type: 'Unknown achievement type',
    duplicate: 'Duplicate',
    over_cap: 'Over the cap',
  },
  audit_status: { 达标: 'Met', 未达标: 'Not met' },
  project_state: {
    draft: 'Draft',
    submitted: 'Submitted',
    under_review: 'Under review',
    approved: 'Approved',
    rejected: 'Rejected',
    registration_open: 'Registration open',
    running: 'Running',
    closed: 'Closed',
    archived: 'Archived',
  },
  project_kind: { training: 'Training project', school_module: 'School-based module project' },
  project_approval: { none: 'No approval', school: 'School approves', school_county: 'School, then county approves' },
  registration_state: {
    pending_school: 'Awaiting school',
    pending_county: 'Awaiting county',
    accepted: 'Accepted',
    waitlisted: 'Waitlisted',
    rejected: 'Rejected',
    withdrawn: 'Withdrawn',
  },
  registration_origin: { self: 'Applied', nominated: 'Nominated', school: 'Whole school' },
  attendance_status: { present: 'Present', late: 'Late', leave: 'On leave', absent: 'Absent' },
}

export function isEnglish(locale) {
  return typeof locale === 'string' && locale.toLowerCase().startsWith('en')
}

// enumLabel('stage', '小学', 'en') → 'Primary'; enumLabel('stage', '小学', 'zh-CN') → '小学'.
export function enumLabel(kind, value, locale) {
  if (value === null || value === undefined || value === '') return ''
  const table = isEnglish(locale) ? EN[kind] : ZH[kind]
  if (table && Object.prototype.hasOwnProperty.call(table, value)) return table[value]
  return String(value)
}

// [{value, label}] for selects, in the contract's order.
export function enumOptions(kind, locale) {
  return (ENUMS[kind] || []).map((value) => ({ value, label: enumLabel(kind, value, locale) }))
}
