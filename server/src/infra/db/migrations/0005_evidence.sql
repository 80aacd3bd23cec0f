-- Evidence files of credit records (证明材料): PDF or image, on disk under
-- the files folder; the row keeps the name, type, size and content hash.
CREATE TABLE credit_evidence (
  id {{PK}},
  record_id BIGINT NOT NULL REFERENCES credit_records(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  path TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  uploaded_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX credit_evidence_record ON credit_evidence(record_id);
