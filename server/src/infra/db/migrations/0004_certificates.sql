-- Continuing-education certificates (继续教育证书): one row per issue. The
-- content is the canonical JSON the PDF shows; content_hash (BLAKE2b, hex)
-- binds it, and verification recomputes the content to compare.
-- A re-issue for the same teacher and cycle supersedes the earlier rows.
CREATE TABLE certificates (
  id {{PK}},
  number TEXT NOT NULL UNIQUE,
  code TEXT NOT NULL UNIQUE,
  teacher_id BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
  first_year INTEGER NOT NULL,
  last_year INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  content TEXT NOT NULL,
  issued_by BIGINT,
  issued_at BIGINT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0,
  revoke_reason TEXT NOT NULL DEFAULT '',
  superseded_by BIGINT
);
CREATE INDEX certificates_teacher ON certificates(teacher_id, first_year, last_year);
