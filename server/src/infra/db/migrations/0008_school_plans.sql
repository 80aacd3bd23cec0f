-- School-based training plans (校本培训实施方案) filed with the bureau by a
-- deadline (seed S0 §11: 3月20日前报市局备案).

-- A region's filing deadline for a year ('YYYY-MM-DD', the last day on
-- time, China time). A school falls under the nearest ancestor that has
-- one; with none the deadline is 03-20 of the year.
CREATE TABLE school_plan_deadlines (
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  year BIGINT NOT NULL,
  deadline TEXT NOT NULL,
  set_by BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, year)
);

-- One plan per school and year; re-filing replaces it (revisions counts the
-- filings). Whether it is late is decided on reading, from filed_at (the
-- latest filing) and the deadline in force.
CREATE TABLE school_plans (
  id {{PK}},
  school_id BIGINT NOT NULL REFERENCES orgs(id),
  year BIGINT NOT NULL,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  filed_by BIGINT,
  filed_at BIGINT NOT NULL,
  first_filed_at BIGINT NOT NULL,
  revisions BIGINT NOT NULL DEFAULT 1,
  UNIQUE (school_id, year)
);
CREATE INDEX school_plans_year ON school_plans(year);
