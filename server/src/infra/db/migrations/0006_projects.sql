-- Training projects (培训项目): their lifecycle and expert review, quotas,
-- registrations with capacity and waitlist, sessions (课次) with attendance,
-- grades and make-up. A closed project writes its credit records.

-- kind: training | school_module (校本研修模块化项目, filed by a school).
-- state: draft → submitted → under_review → approved | rejected →
--        registration_open → running → closed → archived (rejected → draft).
-- accepted_count is the number of accepted registrations; it is changed
-- only with the project row locked, so capacity can never be exceeded.
CREATE TABLE projects (
  id {{PK}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'training',
  level TEXT NOT NULL,
  form TEXT NOT NULL,
  dimension TEXT NOT NULL,
  modules TEXT NOT NULL DEFAULT '',
  topic_tags TEXT NOT NULL DEFAULT '',
  theme TEXT NOT NULL DEFAULT '',
  organiser_org_id BIGINT NOT NULL REFERENCES orgs(id),
  region_org_id BIGINT NOT NULL REFERENCES orgs(id),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  hours_tenths BIGINT NOT NULL,
  location TEXT NOT NULL DEFAULT '区域内',
  capacity BIGINT NOT NULL DEFAULT 0,
  accepted_count BIGINT NOT NULL DEFAULT 0,
  audience_json TEXT NOT NULL DEFAULT '{}',
  reg_start TEXT NOT NULL DEFAULT '',
  reg_end TEXT NOT NULL DEFAULT '',
  approval TEXT NOT NULL DEFAULT 'none',
  syllabus TEXT NOT NULL DEFAULT '',
  trainers TEXT NOT NULL DEFAULT '',
  half_days BIGINT NOT NULL DEFAULT 0,
  grade_scale TEXT NOT NULL DEFAULT '优秀、良好、合格、基本合格、不合格',
  passing_grades TEXT NOT NULL DEFAULT '优秀、良好、合格、基本合格',
  absence_num BIGINT NOT NULL DEFAULT 1,
  absence_den BIGINT NOT NULL DEFAULT 3,
  state TEXT NOT NULL DEFAULT 'draft',
  upgraded_at BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX projects_region ON projects(region_org_id, state);
CREATE INDEX projects_organiser ON projects(organiser_org_id);

-- People with a part in a project: class tutors (班级辅导员) and experts.
CREATE TABLE project_staff (
  project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  PRIMARY KEY (project_id, account_id, role)
);

-- 课次: hours in tenths; a course groups sessions for the 1/3 absence rule.
CREATE TABLE project_sessions (
  id {{PK}},
  project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  course TEXT NOT NULL DEFAULT '',
  session_date TEXT NOT NULL,
  start_time TEXT NOT NULL,
  end_time TEXT NOT NULL,
  hours_tenths BIGINT NOT NULL,
  topic TEXT NOT NULL DEFAULT '',
  trainer TEXT NOT NULL DEFAULT '',
  checkin_token TEXT NOT NULL
);
CREATE INDEX project_sessions_project ON project_sessions(project_id, seq);

-- An expert's score of an application against the rubric (submitted_at 0:
-- assigned, not yet scored).
CREATE TABLE project_reviews (
  id {{PK}},
  project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  expert_id BIGINT NOT NULL REFERENCES accounts(id),
  scores_json TEXT NOT NULL DEFAULT '{}',
  total BIGINT NOT NULL DEFAULT 0,
  comments TEXT NOT NULL DEFAULT '',
  submitted_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (project_id, expert_id)
);

-- 名额: seats of a project reserved for a school or a county (an org subtree).
CREATE TABLE project_quotas (
  id {{PK}},
  project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  quota BIGINT NOT NULL,
  used BIGINT NOT NULL DEFAULT 0,
  UNIQUE (project_id, org_id)
);

-- state: pending_school → pending_county → accepted | waitlisted, or
-- rejected / withdrawn. The waitlist is promoted in id order.
CREATE TABLE project_registrations (
  id {{PK}},
  project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  teacher_id BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
  school_id BIGINT NOT NULL REFERENCES orgs(id),
  state TEXT NOT NULL,
  origin TEXT NOT NULL DEFAULT 'self',
  queue_pos BIGINT NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT '',
  grade TEXT NOT NULL DEFAULT '',
  makeup_grade TEXT NOT NULL DEFAULT '',
  credit_record_id BIGINT,
  created_by BIGINT,
  decided_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (project_id, teacher_id)
);
CREATE INDEX project_registrations_state ON project_registrations(project_id, state, queue_pos);
CREATE INDEX project_registrations_teacher ON project_registrations(teacher_id);

-- status: present | late | leave (approved leave) | absent.
CREATE TABLE project_attendance (
  session_id BIGINT NOT NULL REFERENCES project_sessions(id) ON DELETE CASCADE,
  registration_id BIGINT NOT NULL REFERENCES project_registrations(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  marked_by BIGINT,
  marked_at BIGINT NOT NULL,
  PRIMARY KEY (session_id, registration_id)
);

-- A course's grade for a participant (the project's own grade is on the registration).
CREATE TABLE project_course_grades (
  registration_id BIGINT NOT NULL REFERENCES project_registrations(id) ON DELETE CASCADE,
  course TEXT NOT NULL,
  grade TEXT NOT NULL,
  PRIMARY KEY (registration_id, course)
);
