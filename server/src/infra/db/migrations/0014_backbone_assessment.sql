-- The annual assessment (年度考核) of confirmed backbone teachers: one form
-- per teacher and year. The teacher (or their school admin) submits a
-- self-assessment before the deadline (default YYYY-12-20 of the year); it is
-- reviewed in order by the school, the county bureau and, when the form's
-- last level is the city, the city bureau. Each level passes, fails or
-- returns it (a reason for fail and return); a level above may reopen the
-- decision of the level below while its own is pending. The last level's
-- pass exempts the teacher from that year's credit audit (audit_exemptions,
-- in the same transaction).
-- state: school → county → city (pending at that level) → passed | failed;
-- any pending level → returned (back to the teacher) → school.
-- final_level: county | city, fixed when the form is first submitted.
CREATE TABLE backbone_assessments (
  id {{PK}},
  teacher_id BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
  year BIGINT NOT NULL,
  school_id BIGINT NOT NULL REFERENCES orgs(id),
  backbone_level TEXT NOT NULL,
  final_level TEXT NOT NULL,
  deadline TEXT NOT NULL,
  self_assessment TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  school_decision TEXT NOT NULL DEFAULT '',
  county_decision TEXT NOT NULL DEFAULT '',
  city_decision TEXT NOT NULL DEFAULT '',
  submitted_by BIGINT,
  submitted_at BIGINT NOT NULL,
  decided_by BIGINT,
  decided_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (teacher_id, year)
);
CREATE INDEX backbone_assessments_year ON backbone_assessments(year, state);
CREATE INDEX backbone_assessments_school ON backbone_assessments(school_id);
