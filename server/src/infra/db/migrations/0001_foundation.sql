-- Foundation: org tree, teacher registry, accounts, sessions, audit log.
-- Times are Unix seconds (BIGINT); dates are 'YYYY-MM-DD' text; flags are 0/1.

CREATE TABLE orgs (
  id {{PK}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  parent_id BIGINT REFERENCES orgs(id),
  path TEXT NOT NULL,
  stages TEXT NOT NULL DEFAULT '',
  rural INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX orgs_path ON orgs(path);

CREATE TABLE teachers (
  id {{PK}},
  id_number TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  sex TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  ethnicity TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  stage TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  posts TEXT NOT NULL DEFAULT '',
  hire_date TEXT NOT NULL DEFAULT '',
  cert_number TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT '在职',
  backbone_level TEXT NOT NULL DEFAULT '无',
  created_at BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX teachers_org ON teachers(org_id);
CREATE INDEX teachers_name ON teachers(name);

CREATE TABLE teacher_transfers (
  id {{PK}},
  teacher_id BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
  from_org_id BIGINT NOT NULL REFERENCES orgs(id),
  to_org_id BIGINT NOT NULL REFERENCES orgs(id),
  transfer_date TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  actor_id BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX teacher_transfers_teacher ON teacher_transfers(teacher_id);

CREATE TABLE accounts (
  id {{PK}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  teacher_id BIGINT REFERENCES teachers(id) ON DELETE SET NULL,
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX accounts_org ON accounts(org_id);
CREATE INDEX accounts_teacher ON accounts(teacher_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE login_failures (
  id {{PK}},
  username TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(username, at);

-- Append-only, hash-chained: hash = BLAKE2b(prev_hash | fields).
CREATE TABLE audit_log (
  id {{PK}},
  at BIGINT NOT NULL,
  actor_id BIGINT,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id BIGINT,
  before_json TEXT NOT NULL DEFAULT '',
  after_json TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);

-- A single row that serialises appends to the chain on PostgreSQL.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_hash) VALUES (1, '');
