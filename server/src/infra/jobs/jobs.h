// Background jobs (imports, exports, audits, certificate batches): a queue
// stored in the database, worker threads that claim jobs atomically, progress
// with cancel, and a result (summary JSON and files).
//
// Progress lives in memory while a job runs (a SQLite import holds the write
// lock for its whole all-or-nothing transaction, so progress rows could not
// be written meanwhile) and is also written to the jobs row on PostgreSQL,
// where other `serve` processes read it.
//
// Recovery: a job found `running` when a process starts is marked failed
// when its owner is gone (SQLite: the claiming process no longer exists;
// PostgreSQL: its heartbeat is older than kStaleAfter seconds). A job's writes commit with the job or not
// at all, so a crashed job leaves nothing half-applied.
//
// Thread safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "infra/db/database.h"

namespace jj::jobs {

inline constexpr int64_t kStaleAfter = 60;

// A file a job produced (an error report, an export, initial passwords).
struct JobFile {
  int64_t id = 0;
  std::string role, name, content_type;
  int64_t size = 0;
  std::string path;   // on disk, under the queue's files folder
  bool once = false;  // deleted after its first download (initial passwords)
};

struct JobInfo {
  int64_t id = 0;
  std::string kind, state;
  std::optional<int64_t> account_id;
  std::string params_json;
  int64_t done = 0, total = 0;
  std::string message;
  std::string result_json;  // '' until succeeded
  std::string error_json;   // '' unless failed: {"code","message","field","row"}
  bool cancel_requested = false;
  int64_t created_at = 0, started_at = 0, finished_at = 0;
  std::vector<JobFile> files;
};

// Handed to a running job.
class JobContext {
 public:
  JobContext(int64_t id, std::string params_json, std::optional<int64_t> account_id, class JobQueue& queue)
      : id_(id), params_json_(std::move(params_json)), account_id_(account_id), queue_(queue) {}
  int64_t id() const { return id_; }
  const std::string& params_json() const { return params_json_; }
  std::optional<int64_t> account_id() const { return account_id_; }
  // Cheap to call often: updates are throttled for storage.
  void Progress(int64_t done, int64_t total, const std::string& message = {});
  // True once someone asked to cancel; the job should return Cancelled().
  bool CancelRequested() const;
  // What the job reports (a JSON object as text); kept also when the job
  // fails with a report (an import refused because of bad rows).
  std::string result_json = "{}";
  // A path for a new result file in this job's folder (created on demand).
  std::string FilePath(const std::string& name) const;
  // Records a file the job wrote at FilePath(name). `once`: deleted after the
  // first download.
  void AddFile(const std::string& role, const std::string& name, const std::string& content_type, bool once = false);

 private:
  int64_t id_;
  std::string params_json_;
  std::optional<int64_t> account_id_;
  JobQueue& queue_;
};

// The status a job returns when it stopped because of a cancel request.
Status Cancelled();

using JobHandler = std::function<Status(JobContext&)>;

class JobQueue {
 public:
  // Job files live under `files_dir` (created when needed).
  JobQueue(db::Database& db, const Clock& clock, std::string files_dir);
  ~JobQueue();

  void Register(const std::string& kind, JobHandler handler);
  Result<int64_t> Enqueue(const std::string& kind, std::optional<int64_t> account_id, const std::string& params_json);
  // A system job (no account) of `kind` unless one is already queued or
  // running (several `serve` processes may start at once): its id either way.
  Result<int64_t> EnqueueOnce(const std::string& kind, const std::string& params_json);
  // Marks interrupted jobs failed; returns how many.
  Result<int> RecoverInterrupted();
  // Starts `workers` threads that poll for queued jobs.
  void Start(int workers);
  void Stop();
  // Claims and runs one queued job on the calling thread (CLI, tests).
  // Returns false when there was nothing to run.
  bool RunOne();
  // Runs until the job finishes (CLI): claims it if still queued.
  Result<JobInfo> RunToEnd(int64_t id);

  Result<JobInfo> Get(int64_t id);
  Status RequestCancel(int64_t id);
  // Reads a job file's bytes; a `once` file is then deleted (row and disk).
  // Errors: NotFound.
  Result<std::pair<JobFile, std::string>> TakeFile(int64_t job_id, int64_t file_id);
  // Stores an upload for a job to read: returns its path (under files_dir/uploads).
  Result<std::string> SaveUpload(const std::string& bytes);
  // The same from a file on disk (the CLI), copied without loading it.
  Result<std::string> SaveUploadFrom(const std::string& source_path);
  const std::string& files_dir() const { return files_dir_; }
  // Where uploads are kept (files_dir/uploads): the HTTP server streams
  // spreadsheet uploads into it (http::ServerOptions::upload_dir).
  std::string uploads_dir() const { return files_dir_ + "/uploads"; }

 private:
  friend class JobContext;
  struct Live {
    int64_t done = 0, total = 0;
    std::string message;
    int64_t written_at = 0;
  };
  bool Claim(int64_t id);
  void Execute(int64_t id);
  void WorkerLoop();
  void UpdateProgress(int64_t id, int64_t done, int64_t total, const std::string& message);
  bool IsCancelRequested(int64_t id);

  db::Database& db_;
  const Clock& clock_;
  std::string files_dir_;
  std::string worker_name_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, JobHandler> handlers_;
  std::map<int64_t, Live> live_;
  std::map<int64_t, bool> cancels_;
  std::map<int64_t, std::vector<JobFile>> pending_files_;  // written at the job's end
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
};

}  // namespace jj::jobs
