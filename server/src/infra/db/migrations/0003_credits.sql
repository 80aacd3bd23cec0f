-- Credits: policies per region and year (versioned), credit records with
-- their approval states, exemptions, year locks and stamps (验印).

-- A region's (org node's) policy for a year; the highest version is current.
CREATE TABLE policies (
  id {{PK}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  document TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, year, version)
);

-- state: declared → school_verified → approved, or rejected (with a reason).
-- Hours in tenths; only approved records count in the audit.
CREATE TABLE credit_records (
  id {{PK}},
  teacher_id BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
  record_date TEXT NOT NULL,
  end_date TEXT NOT NULL DEFAULT '',
  project_name TEXT NOT NULL DEFAULT '',
  project_code TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL DEFAULT '',
  form TEXT NOT NULL DEFAULT '',
  dimension TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  hours_tenths BIGINT NOT NULL DEFAULT 0,
  grade TEXT NOT NULL DEFAULT '',
  topic_tags TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  achievement_type TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  reject_reason TEXT NOT NULL DEFAULT '',
  declared_by BIGINT,
  verified_by BIGINT,
  approved_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX credit_records_teacher ON credit_records(teacher_id, record_date);

-- A teacher exempt for a year (e.g. a backbone teacher who passed the annual assessment).
CREATE TABLE audit_exemptions (
  id {{PK}},
  teacher_id BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  reason TEXT NOT NULL,
  set_by BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (teacher_id, year)
);

-- A locked year for a subtree: its records cannot change until unlocked.
CREATE TABLE year_locks (
  id {{PK}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  year INTEGER NOT NULL,
  locked_by BIGINT,
  locked_at BIGINT NOT NULL,
  UNIQUE (org_id, year)
);

-- 验印: a school admin confirms a 达标 teacher's year.
CREATE TABLE audit_stamps (
  id {{PK}},
  teacher_id BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  stamped_by BIGINT,
  stamped_at BIGINT NOT NULL,
  UNIQUE (teacher_id, year)
);
