-- Background jobs: a queue in the database, so jobs survive restarts and
-- several `serve` processes on PostgreSQL share one queue.
-- state: queued → running → succeeded | failed | cancelled.
CREATE TABLE jobs (
  id {{PK}},
  kind TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued',
  account_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
  params_json TEXT NOT NULL DEFAULT '{}',
  progress_done BIGINT NOT NULL DEFAULT 0,
  progress_total BIGINT NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  result_json TEXT NOT NULL DEFAULT '',
  error_json TEXT NOT NULL DEFAULT '',
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  worker TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  started_at BIGINT NOT NULL DEFAULT 0,
  finished_at BIGINT NOT NULL DEFAULT 0,
  heartbeat_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX jobs_state ON jobs(state, id);
CREATE INDEX jobs_account ON jobs(account_id, id);

-- Files a job reads or produces (uploads, error reports, exports).
CREATE TABLE job_files (
  id {{PK}},
  job_id BIGINT REFERENCES jobs(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  path TEXT NOT NULL,
  once_only INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX job_files_job ON job_files(job_id);
