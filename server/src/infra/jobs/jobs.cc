#include "infra/jobs/jobs.h"

#include <spdlog/spdlog.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "infra/auth/password.h"

namespace jj::jobs {

Status Cancelled() { return Status(Code::kFailedPrecondition, "job.cancelled"); }

void JobContext::Progress(int64_t done, int64_t total, const std::string& message) {
  queue_.UpdateProgress(id_, done, total, message);
}

bool JobContext::CancelRequested() const { return queue_.IsCancelRequested(id_); }

std::string JobContext::FilePath(const std::string& name) const {
  std::filesystem::path dir = std::filesystem::path(queue_.files_dir_) / std::to_string(id_);
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

void JobContext::AddFile(const std::string& role, const std::string& name, const std::string& content_type,
                         bool once) {
  JobFile f;
  f.role = role;
  f.name = name;
  f.content_type = content_type;
  f.path = FilePath(name);
  std::error_code ec;
  f.size = static_cast<int64_t>(std::filesystem::file_size(f.path, ec));
  f.once = once;
  std::lock_guard<std::mutex> lock(queue_.mu_);
  queue_.pending_files_[id_].push_back(std::move(f));
}

JobQueue::JobQueue(db::Database& db, const Clock& clock, std::string files_dir)
    : db_(db),
      clock_(clock),
      files_dir_(std::move(files_dir)),
      worker_name_(std::to_string(getpid()) + "-" + auth::RandomHex(4)) {}

JobQueue::~JobQueue() { Stop(); }

void JobQueue::Register(const std::string& kind, JobHandler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  handlers_[kind] = std::move(handler);
}

Result<int64_t> JobQueue::Enqueue(const std::string& kind, std::optional<int64_t> account_id,
                                  const std::string& params_json) {
  int64_t id = 0;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    id = tx.InsertReturningId(
        "INSERT INTO jobs (kind, state, account_id, params_json, created_at) VALUES (:k, 'queued', :a, :p, :c)",
        {kind, account_id ? db::Param(*account_id) : db::Param(nullptr), params_json, clock_.NowSeconds()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  cv_.notify_one();
  return id;
}

Result<int64_t> JobQueue::EnqueueOnce(const std::string& kind, const std::string& params_json) {
  int64_t id = 0;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    db::Row row;
    if (tx.QueryOne("SELECT id FROM jobs WHERE kind = :k AND state IN ('queued', 'running') ORDER BY id LIMIT 1",
                    {kind}, row)) {
      id = row.Int(0);
      return Status::Ok();
    }
    id = tx.InsertReturningId(
        "INSERT INTO jobs (kind, state, account_id, params_json, created_at) VALUES (:k, 'queued', NULL, :p, :c)",
        {kind, params_json, clock_.NowSeconds()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  cv_.notify_one();
  return id;
}

Result<int> JobQueue::RecoverInterrupted() {
  int count = 0;
  nlohmann::json err = {{"code", "internal"}, {"message", "任务因服务重启而中断，未写入任何数据，请重新提交"},
                        {"message_en", "The job was interrupted by a restart; nothing was written. Please submit it again."}};
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    const int64_t now = clock_.NowSeconds();
    if (tx.dialect() == db::Dialect::kPostgres) {
      // Several hosts may share the queue: a job is dead when its heartbeat is stale.
      count = static_cast<int>(tx.Exec(
          "UPDATE jobs SET state = 'failed', error_json = :e, finished_at = :now WHERE state = 'running' AND "
          "heartbeat_at < :stale",
          {err.dump(), now, now - kStaleAfter}));
      return Status::Ok();
    }
    // SQLite: every process is on this host, and a running import holds the
    // write lock (no heartbeats). A job is dead when the process that claimed
    // it ("<pid>-<random>") no longer exists — not when another process (a
    // CLI verb next to `serve`) merely opens the database.
    for (const auto& r : tx.Query("SELECT id, worker FROM jobs WHERE state = 'running'")) {
      const long pid = std::atol(r.Str(1).c_str());
      if (pid > 0 && pid != getpid() && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) continue;
      count += static_cast<int>(tx.Exec(
          "UPDATE jobs SET state = 'failed', error_json = :e, finished_at = :now WHERE id = :id AND state = 'running'",
          {err.dump(), now, r.Int(0)}));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (count) spdlog::warn("marked {} interrupted job(s) failed", count);
  return count;
}

bool JobQueue::Claim(int64_t id) {
  int64_t affected = 0;
  int64_t now = clock_.NowSeconds();
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    affected = tx.Exec(
        "UPDATE jobs SET state = 'running', worker = :w, started_at = :s, heartbeat_at = :h "
        "WHERE id = :id AND state = 'queued'",
        {worker_name_, now, now, id});
    return Status::Ok();
  });
  return st.ok() && affected == 1;
}

void JobQueue::Execute(int64_t id) {
  std::string kind, params;
  std::optional<int64_t> account;
  (void)db_.Read([&](db::Tx& tx) -> Status {
    db::Row r;
    if (tx.QueryOne("SELECT kind, params_json, account_id FROM jobs WHERE id = :id", {id}, r)) {
      kind = r.Str(0);
      params = r.Str(1);
      if (!r.IsNull(2)) account = r.Int(2);
    }
    return Status::Ok();
  });
  JobHandler handler;
  {
    std::lock_guard<std::mutex> lock(mu_);
    live_[id] = Live{};
    auto it = handlers_.find(kind);
    if (it != handlers_.end()) handler = it->second;
  }
  JobContext ctx(id, params, account, *this);
  Status st = handler ? Status::Ok() : Internal("no handler for job kind " + kind);
  if (handler) {
    try {
      st = handler(ctx);
    } catch (const std::exception& e) {
      spdlog::error("job {} ({}) threw: {}", id, kind, db::SafeForLog(e.what()));
      st = Internal(e.what());
    }
  }
  std::string state = st.ok() ? "succeeded" : (st.key() == "job.cancelled" ? "cancelled" : "failed");
  std::string error;
  if (!st.ok()) {
    nlohmann::json e = {{"code", CodeName(st.code())}, {"message", st.Message("zh")}, {"message_en", st.Message("en")}};
    if (!st.field().empty()) e["field"] = st.field();
    if (st.row()) e["row"] = *st.row();
    error = e.dump();
  }
  Live last;
  std::vector<JobFile> files;
  {
    std::lock_guard<std::mutex> lock(mu_);
    last = live_[id];
    files = std::move(pending_files_[id]);
    pending_files_.erase(id);
  }
  if (!st.ok()) {
    // A failed or cancelled job keeps no files: they may be half-written.
    for (const auto& f : files) std::filesystem::remove(f.path);
    files.clear();
  }
  const int64_t now = clock_.NowSeconds();
  (void)db_.Transact([&](db::Tx& tx) -> Status {
    tx.Exec(
        "UPDATE jobs SET state = :s, result_json = :r, error_json = :e, finished_at = :f, progress_done = :d, "
        "progress_total = :t, message = :m WHERE id = :id",
        {state, ctx.result_json, error, now, last.done, last.total, last.message, id});
    for (const auto& f : files)
      tx.Exec(
          "INSERT INTO job_files (job_id, role, name, content_type, size, path, once_only, created_at) "
          "VALUES (:j, :r, :n, :c, :s, :p, :o, :t)",
          {id, f.role, f.name, f.content_type, f.size, f.path, int64_t{f.once ? 1 : 0}, now});
    return Status::Ok();
  });
  std::lock_guard<std::mutex> lock(mu_);
  live_.erase(id);
  cancels_.erase(id);
}

bool JobQueue::RunOne() {
  std::vector<int64_t> queued;
  (void)db_.Read([&](db::Tx& tx) -> Status {
    for (const auto& r : tx.Query("SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 8"))
      queued.push_back(r.Int(0));
    return Status::Ok();
  });
  for (int64_t id : queued) {
    if (!Claim(id)) continue;  // another worker won it
    Execute(id);
    return true;
  }
  return false;
}

Result<JobInfo> JobQueue::RunToEnd(int64_t id) {
  if (Claim(id)) Execute(id);
  for (;;) {
    auto info = Get(id);
    if (!info.ok()) return info;
    if (info->state != "queued" && info->state != "running") return info;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void JobQueue::WorkerLoop() {
  while (!stopping_) {
    bool ran = false;
    try {
      ran = RunOne();
    } catch (const std::exception& e) {
      spdlog::error("job worker: {}", e.what());
    }
    if (ran) continue;
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stopping_.load(); });
  }
}

void JobQueue::Start(int workers) {
  for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

void JobQueue::Stop() {
  stopping_ = true;
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void JobQueue::UpdateProgress(int64_t id, int64_t done, int64_t total, const std::string& message) {
  bool write = false;
  int64_t now = clock_.NowSeconds();
  {
    std::lock_guard<std::mutex> lock(mu_);
    Live& l = live_[id];
    l.done = done;
    l.total = total;
    if (!message.empty()) l.message = message;
    // Other processes read progress from the row: refresh it about once a second.
    if (db_.dialect() == db::Dialect::kPostgres && now > l.written_at) {
      l.written_at = now;
      write = true;
    }
  }
  if (write) {
    (void)db_.Transact([&](db::Tx& tx) -> Status {
      tx.Exec(
          "UPDATE jobs SET progress_done = :d, progress_total = :t, message = :m, heartbeat_at = :h WHERE id = :id",
          {done, total, message, now, id});
      return Status::Ok();
    });
  }
}

bool JobQueue::IsCancelRequested(int64_t id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cancels_.find(id);
    if (it != cancels_.end() && it->second) return true;
  }
  if (db_.dialect() != db::Dialect::kPostgres) return false;
  bool requested = false;
  (void)db_.Read([&](db::Tx& tx) -> Status {
    db::Row r;
    if (tx.QueryOne("SELECT cancel_requested FROM jobs WHERE id = :id", {id}, r)) requested = r.Int(0) != 0;
    return Status::Ok();
  });
  return requested;
}

Status JobQueue::RequestCancel(int64_t id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (live_.count(id)) {
      cancels_[id] = true;
      // SQLite: the running job may hold the write lock; the flag in memory is enough.
      if (db_.dialect() == db::Dialect::kSqlite) return Status::Ok();
    }
  }
  int64_t affected = 0;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    // A queued job is cancelled at once; a running one stops at its next check.
    affected = tx.Exec("UPDATE jobs SET state = 'cancelled', finished_at = :f WHERE id = :id AND state = 'queued'",
                       {clock_.NowSeconds(), id});
    if (affected == 0) affected = tx.Exec("UPDATE jobs SET cancel_requested = 1 WHERE id = :id AND state = 'running'", {id});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (affected == 0) return FailedPrecondition("job.not_running");
  return Status::Ok();
}

Result<JobInfo> JobQueue::Get(int64_t id) {
  std::optional<JobInfo> info;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    db::Row r;
    if (!tx.QueryOne("SELECT id, kind, state, account_id, params_json, progress_done, progress_total, message, "
                     "result_json, error_json, cancel_requested, created_at, started_at, finished_at "
                     "FROM jobs WHERE id = :id",
                     {id}, r))
      return Status::Ok();
    JobInfo j;
    j.id = r.Int(0);
    j.kind = r.Str(1);
    j.state = r.Str(2);
    if (!r.IsNull(3)) j.account_id = r.Int(3);
    j.params_json = r.Str(4);
    j.done = r.Int(5);
    j.total = r.Int(6);
    j.message = r.Str(7);
    j.result_json = r.Str(8);
    j.error_json = r.Str(9);
    j.cancel_requested = r.Int(10) != 0;
    j.created_at = r.Int(11);
    j.started_at = r.Int(12);
    j.finished_at = r.Int(13);
    info = j;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!info) return NotFound();
  st = db_.Read([&](db::Tx& tx) -> Status {
    for (const auto& r : tx.Query("SELECT id, role, name, content_type, size, path, once_only FROM job_files "
                                  "WHERE job_id = :j ORDER BY id",
                                  {id}))
      info->files.push_back({r.Int(0), r.Str(1), r.Str(2), r.Str(3), r.Int(4), r.Str(5), r.Int(6) != 0});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = live_.find(id); it != live_.end() && info->state == "running") {
    info->done = it->second.done;
    info->total = it->second.total;
    info->message = it->second.message;
    if (cancels_.count(id)) info->cancel_requested = true;
  }
  return *info;
}

Result<std::pair<JobFile, std::string>> JobQueue::TakeFile(int64_t job_id, int64_t file_id) {
  std::optional<JobFile> file;
  JJ_RETURN_IF_ERROR(db_.Read([&](db::Tx& tx) -> Status {
    db::Row r;
    if (tx.QueryOne("SELECT id, role, name, content_type, size, path, once_only FROM job_files "
                    "WHERE id = :f AND job_id = :j",
                    {file_id, job_id}, r))
      file = JobFile{r.Int(0), r.Str(1), r.Str(2), r.Str(3), r.Int(4), r.Str(5), r.Int(6) != 0};
    return Status::Ok();
  }));
  if (!file) return NotFound();
  // Read outside any transaction: a large export must not hold the write lock.
  std::ifstream in(file->path, std::ios::binary);
  if (!in) return NotFound();
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (file->once) {
    // Only the download that deletes the row gets the file: a second one racing it is NotFound.
    int64_t deleted = 0;
    JJ_RETURN_IF_ERROR(db_.Transact([&](db::Tx& tx) -> Status {
      deleted = tx.Exec("DELETE FROM job_files WHERE id = :f", {file_id});
      return Status::Ok();
    }));
    if (deleted == 0) return NotFound();
    std::filesystem::remove(file->path);
  }
  return std::make_pair(*file, std::move(bytes));
}

Result<std::string> JobQueue::SaveUploadFrom(const std::string& source_path) {
  std::error_code ec;
  std::filesystem::path dir = uploads_dir();
  std::filesystem::create_directories(dir, ec);
  std::string path = (dir / (auth::RandomHex(16) + ".bin")).string();
  if (!std::filesystem::copy_file(source_path, path, ec)) return Internal("cannot copy " + source_path + " to " + path);
  return path;
}

Result<std::string> JobQueue::SaveUpload(const std::string& bytes) {
  std::error_code ec;
  std::filesystem::path dir = uploads_dir();
  std::filesystem::create_directories(dir, ec);
  std::string path = (dir / (auth::RandomHex(16) + ".bin")).string();
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Internal("cannot store the upload in " + dir.string());
  return path;
}

}  // namespace jj::jobs
