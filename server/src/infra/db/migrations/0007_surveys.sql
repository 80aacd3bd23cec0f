-- Surveys of a training project (问卷): a training-needs survey before
-- (kind 'needs') and a satisfaction survey after (kind 'satisfaction').
--
-- Answers are anonymous: who answered (survey_respondents) and what was
-- answered (survey_responses) are two tables with nothing in common but the
-- survey. Neither has a sequential id (not even SQLite's hidden rowid: both
-- are WITHOUT ROWID tables there) nor any time; a response is keyed by a
-- random token, so its position follows no order of arrival. See
-- modules/surveys/surveys.h.

-- The definition (questions_json: [{id, type, title, required}]). A row is
-- written by the first edit or the first answer (until then the default
-- template applies); `responses` counts answers, and a definition with
-- answers can no longer change.
CREATE TABLE surveys (
  id {{PK}},
  project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  questions_json TEXT NOT NULL,
  customised INTEGER NOT NULL DEFAULT 0,
  responses BIGINT NOT NULL DEFAULT 0,
  updated_by BIGINT,
  updated_at BIGINT NOT NULL,
  UNIQUE (project_id, kind)
);

-- Who has answered: one row per participant and survey (so a second answer
-- is refused), deliberately without a time.
CREATE TABLE survey_respondents (
  survey_id BIGINT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  teacher_id BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
  PRIMARY KEY (survey_id, teacher_id)
){{WITHOUT_ROWID}};
CREATE INDEX survey_respondents_teacher ON survey_respondents(teacher_id);

-- What was answered: {question id: 1–5 | text}, no respondent, no time.
CREATE TABLE survey_responses (
  survey_id BIGINT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  token TEXT NOT NULL,
  answers_json TEXT NOT NULL,
  PRIMARY KEY (survey_id, token)
){{WITHOUT_ROWID}};
