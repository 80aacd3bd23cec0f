-- Backbone teachers (骨干教师, seed S4 part 1): selection rounds, their
-- quotas and the schools' recommendations with the county's review.

-- A selection round for a level and year, owned by a region or bureau.
-- Windows are China dates, inclusive. Conditions: 0 = no limit.
-- state: open → publicity (公示, its dates) → confirmed; open → closed. The row is locked (PostgreSQL NO KEY UPDATE) by
-- every forward, so quotas hold under concurrent reviews.
CREATE TABLE backbone_rounds (
  id {{PK}},
  owner_org_id BIGINT NOT NULL REFERENCES orgs(id),
  level TEXT NOT NULL,
  year BIGINT NOT NULL,
  title TEXT NOT NULL,
  apply_start TEXT NOT NULL,
  apply_end TEXT NOT NULL,
  review_start TEXT NOT NULL,
  review_end TEXT NOT NULL,
  min_teaching_years BIGINT NOT NULL DEFAULT 0,
  max_age BIGINT NOT NULL DEFAULT 0,
  publicity_start TEXT NOT NULL DEFAULT '',
  publicity_end TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'open',
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX backbone_rounds_owner ON backbone_rounds(owner_org_id, year);

-- How many applications of an org's subtree (beneath the owner) may be forwarded.
CREATE TABLE backbone_quotas (
  round_id BIGINT NOT NULL REFERENCES backbone_rounds(id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  quota BIGINT NOT NULL,
  PRIMARY KEY (round_id, org_id)
);

-- A school's recommendation of a teacher. known_json: what the system knew
-- when recommended (credit totals of the previous years, title, level).
-- state: recommended → forwarded | returned; returned → recommended;
-- forwarded → selected | not_selected (the owner decides after the experts score);
-- selected → confirmed when the round is confirmed after its publicity.
CREATE TABLE backbone_applications (
  id {{PK}},
  round_id BIGINT NOT NULL REFERENCES backbone_rounds(id),
  teacher_id BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
  school_id BIGINT NOT NULL REFERENCES orgs(id),
  teaching_record TEXT NOT NULL DEFAULT '',
  research TEXT NOT NULL DEFAULT '',
  papers TEXT NOT NULL DEFAULT '',
  awards TEXT NOT NULL DEFAULT '',
  known_json TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL DEFAULT 'recommended',
  reason TEXT NOT NULL DEFAULT '',
  recommended_by BIGINT,
  recommended_at BIGINT NOT NULL,
  decided_by BIGINT,
  decided_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (round_id, teacher_id)
);
CREATE INDEX backbone_applications_round ON backbone_applications(round_id, state);
CREATE INDEX backbone_applications_teacher ON backbone_applications(teacher_id);

-- The experts the round's owner assigned to score its forwarded candidates.
CREATE TABLE backbone_round_experts (
  round_id BIGINT NOT NULL REFERENCES backbone_rounds(id) ON DELETE CASCADE,
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  PRIMARY KEY (round_id, account_id)
);

-- One expert's score of a forwarded candidate (rubric total 0–100, a
-- comment); an expert may correct it until the owner decides. The owner
-- sees all of them; an expert only their own.
CREATE TABLE backbone_scores (
  application_id BIGINT NOT NULL REFERENCES backbone_applications(id) ON DELETE CASCADE,
  expert_id BIGINT NOT NULL REFERENCES accounts(id),
  total BIGINT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  scored_at BIGINT NOT NULL,
  PRIMARY KEY (application_id, expert_id)
);

-- Objections received during a round's publicity period (公示), recorded by
-- the owner against a selected candidate.
CREATE TABLE backbone_objections (
  id {{PK}},
  application_id BIGINT NOT NULL REFERENCES backbone_applications(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  recorded_by BIGINT,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX backbone_objections_application ON backbone_objections(application_id);

-- A teacher's backbone level changes with their reason (teachers::SetBackboneLevel):
-- confirmation by a round, disqualification.
CREATE TABLE teacher_backbone_history (
  id {{PK}},
  teacher_id BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
  from_level TEXT NOT NULL,
  to_level TEXT NOT NULL,
  reason TEXT NOT NULL,
  changed_by BIGINT,
  changed_at BIGINT NOT NULL
);
CREATE INDEX teacher_backbone_history_teacher ON teacher_backbone_history(teacher_id);
