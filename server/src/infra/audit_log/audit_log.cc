#include "infra/audit_log/audit_log.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <tuple>
#include <unordered_set>

namespace jj::audit_log {

namespace {

using Json = nlohmann::json;

std::string Hex(const unsigned char* p, size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out += kHex[p[i] >> 4];
    out += kHex[p[i] & 15];
  }
  return out;
}

// Length-prefixed fields, so no two different events hash alike by shifting
// text between fields.
std::string Chain(std::string_view prev, int64_t at, std::string_view actor, std::string_view action,
                  std::string_view type, std::string_view object, std::string_view before, std::string_view after) {
  std::string buf;
  const std::string at_text = std::to_string(at);
  for (std::string_view f : {prev, std::string_view(at_text), actor, action, type, object, before, after}) {
    buf += std::to_string(f.size());
    buf += ':';
    buf += f;
  }
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(buf.data()), buf.size(), nullptr, 0);
  return Hex(h, sizeof h);
}

std::string OptText(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); }
db::Param OptParam(const std::optional<int64_t>& v) { return v ? db::Param(*v) : db::Param(nullptr); }

}  // namespace

std::string HeadHash(db::Tx& tx) {
  db::Row head;
  tx.QueryOne("SELECT last_hash FROM audit_head WHERE id = 1", {}, head);
  return head.Str(0);
}

namespace {

std::string LockedHead(db::Tx& tx) {
  db::Row head;
  std::string lock = tx.dialect() == db::Dialect::kPostgres ? " FOR UPDATE" : "";
  tx.QueryOne("SELECT last_hash FROM audit_head WHERE id = 1" + lock, {}, head);
  return head.Str(0);
}

// A column's value as the log carries it. An integer column holding anything
// but a plain integer (text written behind the server's back) keeps that
// text, so it differs from the logged number.
template <typename Row>
Json StateJsonOf(const ProtectedTable& t, const Row& r, size_t first) {
  Json j = Json::object();
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const Column& c = t.columns[i];
    const size_t k = first + i;
    if (r.IsNull(k)) {
      j[c.name] = nullptr;
      continue;
    }
    std::string_view v = r.Str(k);
    switch (c.kind) {
      case Column::kInt: {
        int64_t n = 0;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec == std::errc() && end == v.data() + v.size() && !v.empty())
          j[c.name] = n;
        else
          j[c.name] = std::string(v);
        break;
      }
      case Column::kText:
        j[c.name] = std::string(v);
        break;
      case Column::kJson: {
        Json parsed = Json::parse(v, nullptr, false);
        j[c.name] = parsed.is_discarded() ? Json(std::string(v)) : std::move(parsed);
        break;
      }
    }
  }
  return j;
}

std::string SelectColumns(const ProtectedTable& t) {
  std::string sql = "SELECT id";
  for (const Column& c : t.columns) sql += ", " + c.name;
  return sql + " FROM " + t.table;
}

// The text a state is logged as; invalid UTF-8 (only ever written behind the
// server's back) is replaced rather than thrown on.
std::string Text(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

using Digest = std::array<unsigned char, 16>;
Digest DigestOf(std::string_view text) {
  Digest d;
  crypto_generichash(d.data(), d.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  return d;
}

// "" or {"deleted": true, ...}: the event deleted its object.
bool IsDelete(std::string_view after) {
  if (after.empty()) return true;
  if (after.find("\"deleted\"") == std::string_view::npos) return false;
  Json j = Json::parse(after, nullptr, false);
  if (!j.is_object()) return false;
  auto it = j.find("deleted");
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

void Append(db::Tx& tx, const Clock& clock, const Event& e) {
  std::string prev = LockedHead(tx);
  int64_t at = clock.NowSeconds();
  std::string hash = Chain(prev, at, OptText(e.actor_id), e.action, e.object_type, OptText(e.object_id),
                           e.before_json, e.after_json);
  tx.Exec(
      "INSERT INTO audit_log (at, actor_id, action, object_type, object_id, before_json, after_json, "
      "prev_hash, hash) VALUES (:at, :actor, :action, :type, :obj, :before, :after, :prev, :hash)",
      {at, OptParam(e.actor_id), e.action, e.object_type, OptParam(e.object_id), e.before_json, e.after_json, prev,
       hash});
  tx.Exec("UPDATE audit_head SET last_hash = :h WHERE id = 1", {hash});
}

int64_t AppendAll(db::Tx& tx, const Clock& clock, const std::function<bool(Event&)>& next) {
  std::string prev, hash = LockedHead(tx);
  const int64_t at = clock.NowSeconds();
  Event e;
  int64_t n = db::InsertRows(
      tx, "audit_log",
      {"at", "actor_id", "action", "object_type", "object_id", "before_json", "after_json", "prev_hash", "hash"},
      [&](db::RowValues& row) -> bool {
        // The previous row's texts have been taken: its hash becomes this row's prev.
        prev.swap(hash);
        e = Event{};
        if (!next(e)) {
          prev.swap(hash);
          return false;
        }
        hash = Chain(prev, at, OptText(e.actor_id), e.action, e.object_type, OptText(e.object_id), e.before_json,
                     e.after_json);
        row.Int(at);
        if (e.actor_id) row.Int(*e.actor_id);
        else row.Null();
        row.Text(e.action).Text(e.object_type);
        if (e.object_id) row.Int(*e.object_id);
        else row.Null();
        row.Text(e.before_json).Text(e.after_json).Text(prev).Text(hash);
        return true;
      });
  if (n > 0) tx.Exec("UPDATE audit_head SET last_hash = :h WHERE id = 1", {hash});
  return n;
}

Json StateOf(db::Tx& tx, const ProtectedTable& table, int64_t id) {
  Json out;  // null
  db::ForEachRow(tx, SelectColumns(table) + " WHERE id = :id", {id},
                 [&](const db::RowView& r) { out = StateJsonOf(table, r, 1); });
  return out;
}

int64_t AppendStates(db::Tx& tx, const Clock& clock, std::optional<int64_t> actor_id, const std::string& action,
                     const ProtectedTable& table, const std::string& where, const db::Params& params) {
  // In chunks: a bulk insert into the log cannot run while the rows stream
  // on the same connection (PostgreSQL), and memory stays bounded.
  constexpr int64_t kChunk = 8192;
  const std::string sql =
      SelectColumns(table) + " WHERE (" + where + ") AND id > :after ORDER BY id LIMIT " + std::to_string(kChunk);
  std::vector<std::pair<int64_t, std::string>> states;  // id, state text
  int64_t after = 0, total = 0;
  for (;;) {
    db::Params p = params;
    p.push_back(after);
    states.clear();
    db::ForEachRow(tx, sql, p,
                   [&](const db::RowView& r) { states.emplace_back(r.Int(0), Text(StateJsonOf(table, r, 1))); });
    if (states.empty()) break;
    size_t i = 0;
    total += AppendAll(tx, clock, [&](Event& e) {
      if (i == states.size()) return false;
      e.actor_id = actor_id;
      e.action = action;
      e.object_type = table.object_type;
      e.object_id = states[i].first;
      e.after_json = std::move(states[i].second);
      ++i;
      return true;
    });
    after = states.back().first;
    if (static_cast<int64_t>(states.size()) < kChunk) break;
  }
  return total;
}

std::optional<Anchor> ParseAnchor(const std::string& text) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  Anchor a;
  auto [end, ec] = std::from_chars(text.data(), text.data() + colon, a.id);
  if (ec != std::errc() || end != text.data() + colon || a.id < 0) return std::nullopt;
  a.hash = text.substr(colon + 1);
  if (a.id > 0 && (a.hash.size() != 64 || a.hash.find_first_not_of("0123456789abcdef") != std::string::npos))
    return std::nullopt;
  return a;
}

namespace {

// The newest event of one protected object.
struct Logged {
  uint32_t table = 0;
  int64_t object_id = 0, event_id = 0;
  Digest digest{};
  bool deleted = false;
};

// A row to look at again once the tables have streamed: its state differs
// from the logged text (a change, or only extra keys such as a reason), or
// it vanished (perhaps with its deleted parent).
struct Candidate {
  uint32_t table = 0;
  int64_t id = 0, event_id = 0;
  std::optional<Json> current;  // nullopt: the row vanished
};

void AddFinding(VerifyReport& report, std::vector<Finding>& all, Finding f) {
  ++report.findings_total;
  all.push_back(std::move(f));
}

Status CompareTables(db::Tx& tx, const std::vector<const ProtectedTable*>& tables, std::vector<Logged>& logged,
                     const std::vector<std::unordered_set<int64_t>>& deleted_parents, VerifyReport& report) {
  std::sort(logged.begin(), logged.end(), [](const Logged& a, const Logged& b) {
    return std::tie(a.table, a.object_id, a.event_id) < std::tie(b.table, b.object_id, b.event_id);
  });
  // Keep the newest event per object.
  std::vector<Logged> newest;
  for (size_t i = 0; i < logged.size(); ++i)
    if (i + 1 == logged.size() || logged[i + 1].table != logged[i].table ||
        logged[i + 1].object_id != logged[i].object_id)
      newest.push_back(logged[i]);
  logged.clear();
  logged.shrink_to_fit();

  std::vector<Finding> all;
  std::vector<Candidate> candidates;
  size_t p = 0;
  for (uint32_t k = 0; k < tables.size(); ++k) {
    const ProtectedTable& t = *tables[k];
    while (p < newest.size() && newest[p].table < k) ++p;
    auto vanished = [&](const Logged& l) {
      if (!l.deleted) candidates.push_back({k, l.object_id, l.event_id, std::nullopt});
    };
    db::ForEachRow(tx, SelectColumns(t) + " ORDER BY id", {}, [&](const db::RowView& r) {
      const int64_t id = r.Int(0);
      ++report.rows_checked;
      while (p < newest.size() && newest[p].table == k && newest[p].object_id < id) vanished(newest[p++]);
      if (p == newest.size() || newest[p].table != k || newest[p].object_id != id) {
        AddFinding(report, all, Finding{Finding::kUnlogged, t.table, id, "", "", "", 0});
        return;
      }
      const Logged& l = newest[p++];
      if (l.deleted) {
        AddFinding(report, all, Finding{Finding::kUndeleted, t.table, id, "", "", "", l.event_id});
        return;
      }
      Json state = StateJsonOf(t, r, 1);
      if (DigestOf(Text(state)) != l.digest) candidates.push_back({k, id, l.event_id, std::move(state)});
    });
    while (p < newest.size() && newest[p].table == k) vanished(newest[p++]);
  }

  // Only now, with no statement streaming: read the logged states themselves.
  for (Candidate& c : candidates) {
    const ProtectedTable& t = *tables[c.table];
    db::Row r;
    tx.QueryOne("SELECT after_json FROM audit_log WHERE id = :id", {c.event_id}, r);
    Json was = Json::parse(r.Str(0), nullptr, false);
    if (!was.is_object()) was = Json::object();
    if (!c.current) {
      auto parent = t.parent_column.empty() ? was.end() : was.find(t.parent_column);
      const auto& gone = deleted_parents[c.table];
      if (parent != was.end() && parent->is_number_integer() && gone.count(parent->get<int64_t>())) continue;
      AddFinding(report, all, Finding{Finding::kVanished, t.table, c.id, "", "", "", c.event_id});
      continue;
    }
    for (const Column& col : t.columns) {
      auto it = was.find(col.name);
      const Json& now = (*c.current)[col.name];
      if (it != was.end() && *it == now) continue;
      AddFinding(report, all,
             Finding{Finding::kChanged, t.table, c.id, col.name, it == was.end() ? "" : Text(*it), Text(now),
                     c.event_id});
    }
  }
  std::stable_sort(all.begin(), all.end(), [&](const Finding& a, const Finding& b) {
    auto order = [&](const Finding& f) {
      for (size_t k = 0; k < tables.size(); ++k)
        if (tables[k]->table == f.table) return k;
      return tables.size();
    };
    return std::make_pair(order(a), a.id) < std::make_pair(order(b), b.id);
  });
  if (all.size() > VerifyReport::kMaxFindings) all.resize(VerifyReport::kMaxFindings);
  report.findings = std::move(all);
  return Status::Ok();
}

}  // namespace

Result<VerifyReport> Verify(db::Database& db, const std::vector<const ProtectedTable*>& tables,
                            const std::optional<Anchor>& anchor) {
  VerifyReport report;
  Status st = db.Snapshot([&](db::Tx& tx) -> Status {
    std::vector<Logged> logged;
    std::vector<std::unordered_set<int64_t>> deleted_parents(tables.size());
    std::string prev;
    bool anchor_seen = false;
    db::ForEachRow(
        tx,
        "SELECT id, at, actor_id, action, object_type, object_id, before_json, after_json, prev_hash, hash "
        "FROM audit_log ORDER BY id",
        {}, [&](const db::RowView& r) {
          if (report.first_bad_id) return;
          ++report.entries;
          const int64_t id = r.Int(0);
          const std::string expect =
              Chain(prev, r.Int(1), r.Str(2), r.Str(3), r.Str(4), r.Str(5), r.Str(6), r.Str(7));
          if (r.Str(8) != prev || r.Str(9) != expect) {
            report.first_bad_id = id;
            return;
          }
          prev = expect;
          report.last = Anchor{id, prev};
          if (anchor && anchor->id == id) {
            anchor_seen = true;
            report.anchor_found_hash = prev;
          }
          if (r.IsNull(5)) return;
          const std::string_view type = r.Str(4);
          for (uint32_t k = 0; k < tables.size(); ++k) {
            if (tables[k]->object_type == type)
              logged.push_back({k, r.Int(5), id, DigestOf(r.Str(7)), IsDelete(r.Str(7))});
            else if (tables[k]->parent_type == type && IsDelete(r.Str(7)))
              deleted_parents[k].insert(r.Int(5));
          }
        });
    if (report.first_bad_id) return Status::Ok();
    db::Row head;
    tx.QueryOne("SELECT last_hash FROM audit_head WHERE id = 1", {}, head);
    if (head.Str(0) != prev) {
      report.first_bad_id = -1;  // the head names no entry: rows deleted from the tail
      return Status::Ok();
    }
    if (anchor && anchor->id > 0) report.anchor_ok = anchor_seen && report.anchor_found_hash == anchor->hash;
    return CompareTables(tx, tables, logged, deleted_parents, report);
  });
  if (!st.ok()) return st;
  return report;
}

}  // namespace jj::audit_log
