#include "infra/db/database.h"

#include "infra/db/collation.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <deque>
#include <filesystem>
#include <mutex>
#include <sstream>

namespace jj::db {

int64_t Row::Int(size_t i) const {
  if (null_[i] || values_[i].empty()) return 0;
  return std::stoll(values_[i]);
}

Tx::Tx(soci::connection_pool& pool, Dialect dialect) : pool_(pool), pos_(pool.lease()), dialect_(dialect) {}
Tx::~Tx() { pool_.give_back(pos_); }
soci::session& Tx::session() { return pool_.at(pos_); }

namespace {

// Holds bound values at stable addresses for the life of a statement.
struct Binder {
  std::deque<std::string> strings;
  std::deque<long long> ints;
  std::deque<soci::indicator> inds;

  void Bind(soci::statement& st, const Params& params) {
    for (const Param& p : params) {
      if (std::holds_alternative<int64_t>(p)) {
        ints.push_back(std::get<int64_t>(p));
        st.exchange(soci::use(ints.back()));
      } else if (std::holds_alternative<std::string>(p)) {
        strings.push_back(std::get<std::string>(p));
        st.exchange(soci::use(strings.back()));
      } else {
        strings.emplace_back();
        inds.push_back(soci::i_null);
        st.exchange(soci::use(strings.back(), inds.back()));
      }
    }
  }
};

// Prepares a statement whose into/use elements are already exchanged, as a
// one-time query. SOCI's default (`session.prepare << sql`) is a repeatable
// query: on PostgreSQL that is PQprepare, PQexecPrepared and, when the
// statement is destroyed, DEALLOCATE — three round trips where PQexecParams
// needs one. We never execute a statement twice, so the named prepared
// statement only cost time: inside a transaction that holds a row lock
// (registration: the project row) it multiplied the time the lock is held.
void PrepareOnce(soci::statement& st, const std::string& sql) {
  st.alloc();
  st.prepare(sql, soci::details::st_one_time_query);
  st.define_and_bind();
}

std::string CellText(const soci::row& r, size_t i) {
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_string:
    case soci::dt_xml:
    case soci::dt_blob:
      return r.get<std::string>(i);
    case soci::dt_integer:
      return std::to_string(r.get<int>(i));
    case soci::dt_long_long:
      return std::to_string(r.get<long long>(i));
    case soci::dt_unsigned_long_long:
      return std::to_string(r.get<unsigned long long>(i));
    case soci::dt_double: {
      double d = r.get<double>(i);
      auto as_int = static_cast<long long>(d);
      if (static_cast<double>(as_int) == d) return std::to_string(as_int);
      std::ostringstream os;
      os.precision(17);
      os << d;
      return os.str();
    }
    case soci::dt_date: {
      std::tm t = r.get<std::tm>(i);
      char buf[32];
      std::strftime(buf, sizeof buf, "%Y-%m-%d", &t);
      return buf;
    }
  }
  return {};
}

}  // namespace

std::string SafeForLog(const std::string& message) {
  // Drivers echo bound values ("... with :1=...", "DETAIL: Key (id_number)=(...)");
  // personal data must never reach the logs.
  std::string s = message.substr(0, message.find(" with :"));
  s = s.substr(0, s.find("DETAIL:"));
  std::string out;
  size_t run = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    bool digit = i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == 'X');
    if (digit) {
      ++run;
      continue;
    }
    // Runs of 11+ digits are phone or ID numbers: mask them.
    out += run >= 11 ? std::string(run, '*') : s.substr(i - run, run);
    run = 0;
    if (i < s.size()) out += s[i];
  }
  return out;
}

std::vector<Row> Tx::Query(const std::string& sql, const Params& params) {
  Binder binder;
  soci::row r;
  soci::statement st(session());
  st.exchange(soci::into(r));
  binder.Bind(st, params);
  PrepareOnce(st, sql);
  std::vector<Row> out;
  st.execute(false);
  while (st.fetch()) {
    Row row;
    row.values_.reserve(r.size());
    for (size_t i = 0; i < r.size(); ++i) {
      bool is_null = r.get_indicator(i) == soci::i_null;
      row.null_.push_back(is_null);
      row.values_.push_back(is_null ? std::string() : CellText(r, i));
    }
    out.push_back(std::move(row));
  }
  return out;
}

bool Tx::QueryOne(const std::string& sql, const Params& params, Row& out) {
  auto rows = Query(sql, params);
  if (rows.empty()) return false;
  out = std::move(rows.front());
  return true;
}

int64_t Tx::Exec(const std::string& sql, const Params& params) {
  Binder binder;
  soci::statement st(session());
  binder.Bind(st, params);
  PrepareOnce(st, sql);
  st.execute(true);
  return st.get_affected_rows();
}

int64_t Tx::InsertReturningId(const std::string& sql, const Params& params) {
  Row row;
  if (!QueryOne(sql + " RETURNING id", params, row)) return 0;
  return row.Int(0);
}

Database::Database(Dialect dialect, std::string url, size_t pool_size)
    : dialect_(dialect), url_(std::move(url)), pool_(std::make_unique<soci::connection_pool>(pool_size)) {}
Database::~Database() = default;

namespace {

// libpq's URI form, as keywords: SOCI 4.0 mangles a URI connect string
// (it reads it as key=value pairs). postgresql://user[:pw]@host[:port]/db[?k=v&...]
std::string PgKeywords(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  std::string out;
  auto add = [&](const std::string& key, const std::string& value) {
    if (value.empty()) return;
    std::string quoted;
    for (char c : value) {
      if (c == '\\' || c == '\'') quoted += '\\';
      quoted += c;
    }
    out += (out.empty() ? "" : " ") + key + "='" + quoted + "'";
  };
  std::string query;
  if (auto q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest.resize(q);
  }
  std::string dbname;
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    dbname = rest.substr(slash + 1);
    rest.resize(slash);
  }
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    std::string cred = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = cred.find(':');
    add("user", cred.substr(0, colon));
    if (colon != std::string::npos) add("password", cred.substr(colon + 1));
  }
  auto colon = rest.rfind(':');
  if (colon != std::string::npos && rest.find(']') == std::string::npos) {
    add("host", rest.substr(0, colon));
    add("port", rest.substr(colon + 1));
  } else {
    add("host", rest);
  }
  add("dbname", dbname);
  size_t pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    std::string kv = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (auto eq = kv.find('='); eq != std::string::npos) add(kv.substr(0, eq), kv.substr(eq + 1));
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return out;
}

}  // namespace

bool Database::IsOwnFile(const std::string& path) const {
  if (dialect_ != Dialect::kSqlite || path.empty()) return false;
  namespace fs = std::filesystem;
  const std::string db = url_.rfind("sqlite:", 0) == 0 ? url_.substr(7) : url_;
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(path, ec);
  if (ec) return false;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code ec2;
    const fs::path own = fs::weakly_canonical(db + suffix, ec2);
    if (!ec2 && own == target) return true;
    if (fs::exists(target, ec2) && fs::exists(db + suffix, ec2) && fs::equivalent(target, db + suffix, ec2)) return true;
  }
  return false;
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& url, size_t pool_size, bool read_only) {
  Dialect dialect;
  std::string connect;
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    dialect = Dialect::kPostgres;
    connect = PgKeywords(url);
  } else {
    dialect = Dialect::kSqlite;
    // A connection is leased by one thread at a time (Tx), so SQLite's
    // per-call mutexes (serialized mode) only cost time: ~8% of an audit.
    // Memory statistics (sqlite3_memory_used, soft heap limits: unused here)
    // take a global mutex on every allocation: ~8% of a bulk import.
    // Must precede the first connection; later it is refused, harmlessly.
    static std::once_flag multithread;
    std::call_once(multithread, [] {
      (void)sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
      (void)sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    });
    std::string path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
    if (path.empty()) return InvalidArgument("db.url", "db");
    connect = "db=\"" + path + "\" timeout=30";
    if (read_only) {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(path, ec)) return NotFound("db.missing");
      connect += " readonly=1";
    }
  }
  if (pool_size == 0) pool_size = 1;
  std::unique_ptr<Database> db(new Database(dialect, url, pool_size));
  try {
    for (size_t i = 0; i < pool_size; ++i) {
      soci::session& s = db->pool_->at(i);
      // Names sort in pinyin order (infra/db/collation.h).
      auto pinyin = [&s] {
        auto* handle = static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
        if (!RegisterPinyinCollation(reinterpret_cast<::sqlite3*>(handle)))
          throw std::runtime_error("cannot register the pinyin collation (ICU)");
      };
      if (dialect == Dialect::kSqlite && read_only) {
        s.open(*soci::factory_sqlite3(), connect);
        pinyin();
        s << "PRAGMA busy_timeout=30000";
      } else if (dialect == Dialect::kSqlite) {
        s.open(*soci::factory_sqlite3(), connect);
        pinyin();
        s << "PRAGMA page_size=16384";  // before WAL: only a new, empty file takes it
        s << "PRAGMA journal_mode=WAL";
        s << "PRAGMA foreign_keys=ON";
        s << "PRAGMA synchronous=NORMAL";
        s << "PRAGMA busy_timeout=30000";
        s << "PRAGMA cache_size=-32768";  // 32 MiB: bulk imports touch indexes at random
        s << "PRAGMA temp_store=MEMORY";
      } else {
        s.open(*soci::factory_postgresql(), connect);
        s << "SET client_min_messages TO WARNING";
        // No parallel workers per query: the server's concurrency is its
        // requests (and the audit's own workers), and a parallel plan turns a
        // school's audit into a scan of every teacher in primary key order.
        s << "SET max_parallel_workers_per_gather = 0";
      }
    }
  } catch (const std::exception& e) {
    return Internal(std::string("cannot open database: ") + e.what());
  }
  return db;
}

Status Database::Transact(const std::function<Status(Tx&)>& fn) {
  Tx tx(*pool_, dialect_);
  soci::session& s = tx.session();
  try {
    s << (dialect_ == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  } catch (const std::exception& e) {
    return Internal(std::string("begin: ") + e.what());
  }
  Status st;
  try {
    st = fn(tx);
  } catch (const std::exception& e) {
    spdlog::error("transaction failed: {}", SafeForLog(e.what()));
    st = Internal(SafeForLog(e.what()));
  }
  try {
    s << (st.ok() ? "COMMIT" : "ROLLBACK");
  } catch (const std::exception& e) {
    try {
      s << "ROLLBACK";
    } catch (...) {
    }
    return Internal(std::string("commit: ") + e.what());
  }
  return st;
}

Status Database::Snapshot(const std::function<Status(Tx&)>& fn) {
  Tx tx(*pool_, dialect_);
  soci::session& s = tx.session();
  try {
    s << (dialect_ == Dialect::kSqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  } catch (const std::exception& e) {
    return Internal(std::string("begin: ") + e.what());
  }
  Status st;
  try {
    st = fn(tx);
  } catch (const std::exception& e) {
    spdlog::error("query failed: {}", SafeForLog(e.what()));
    st = Internal(SafeForLog(e.what()));
  }
  try {
    s << "ROLLBACK";
  } catch (...) {
  }
  return st;
}

Status Database::Read(const std::function<Status(Tx&)>& fn) {
  Tx tx(*pool_, dialect_);
  try {
    return fn(tx);
  } catch (const std::exception& e) {
    spdlog::error("query failed: {}", SafeForLog(e.what()));
    return Internal(SafeForLog(e.what()));
  }
}

}  // namespace jj::db
