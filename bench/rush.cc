// The registration rush (issue #5): every signed-in teacher of a sessions
// file (bench/rush_seed.cc) applies once to one project, all at the same
// moment, over many keep-alive connections spread across several `jijiao
// serve` processes; then the database is checked.
//
//   jj_rush --db URL --sessions FILE --project ID --port P [--port P ...]
//           [--host 127.0.0.1] [--connections 160]
//           [--expect-accepted N] [--expect-waitlisted M]
//
// Each connection is one thread with a synchronous Boost.Beast client; the
// threads connect first, then start together. Teachers are dealt to the
// servers round-robin; each connection takes its server's next teacher
// until none is left. Every latency is recorded
// (request written → response read). The expected outcome defaults to the
// project's capacity: min(capacity, teachers) accepted, the rest waitlisted.
//
// One more connection per server asks GET /healthz in a loop during the
// rush (its p99 shows whether the rush delays a request that waits for
// nothing). Prints informative lines, then exactly
//   accepted=N waitlisted=M p99_ms=X rps=Y healthz_p99_ms=Z
// with N and M counted in project_registrations. Exit status 1 when any
// request failed, when the answers disagree with the database, or when
// the database disagrees with the expectation (also projects.accepted_count).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <barrier>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "infra/db/database.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Teacher {
  std::string cookie, csrf;
};

// What one request came back with.
struct Outcome {
  int port_index = 0;
  double sent_s = 0;  // when it was sent, seconds after the start
  double ms = 0;
  std::string state;  // accepted | waitlisted | … ; empty on failure
  std::string error;  // "HTTP 409 conflict: <message>", "io: …"; empty on success
};

std::vector<Teacher> ReadSessions(const std::string& path) {
  std::vector<Teacher> out;
  std::ifstream in(path);
  std::string cookie, csrf;
  while (in >> cookie >> csrf) out.push_back({cookie, csrf});
  return out;
}

// Nearest-rank percentile of sorted values (p in (0, 100]).
double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

// One keep-alive connection to one server.
class Connection {
 public:
  Connection(const std::string& host, uint16_t port) : endpoint_(asio::ip::make_address(host), port) {}

  bool Connect(std::string* error) {
    beast::error_code ec;
    stream_.close();
    buffer_.clear();
    stream_.expires_after(std::chrono::seconds(30));
    stream_.connect(endpoint_, ec);
    open_ = !ec;
    if (ec) *error = "io: connect: " + ec.message();
    return open_;
  }

  // Sends one request (a teacher's POST, or a GET without a session when
  // `t` is null); fills status and body, or returns false with error.
  bool Post(const std::string& target, const Teacher& t, int* status, std::string* body, std::string* error) {
    return Send(bhttp::verb::post, target, &t, status, body, error);
  }
  bool Get(const std::string& target, int* status, std::string* body, std::string* error) {
    return Send(bhttp::verb::get, target, nullptr, status, body, error);
  }

 private:
  bool Send(bhttp::verb verb, const std::string& target, const Teacher* t, int* status, std::string* body,
            std::string* error) {
    bhttp::request<bhttp::string_body> req{verb, target, 11};
    req.set(bhttp::field::host, endpoint_.address().to_string());
    if (t) {
      req.set(bhttp::field::cookie, t->cookie);
      req.set("x-csrf-token", t->csrf);
      req.set(bhttp::field::content_type, "application/json");
      req.body() = "{}";
    }
    req.set(bhttp::field::accept_language, "en");
    req.keep_alive(true);
    req.prepare_payload();
    beast::error_code ec;
    stream_.expires_after(std::chrono::seconds(60));
    bhttp::write(stream_, req, ec);
    bhttp::response<bhttp::string_body> res;
    if (!ec) bhttp::read(stream_, buffer_, res, ec);
    if (ec) {
      *error = "io: " + ec.message();
      stream_.close();
      open_ = false;
      return false;
    }
    *status = res.result_int();
    *body = std::move(res.body());
    open_ = res.keep_alive();
    if (!open_) stream_.close();
    return true;
  }

 public:
  // False after an error or a response that closes the connection.
  bool open() const { return open_; }

 private:
  asio::io_context ioc_;
  tcp::endpoint endpoint_;
  beast::tcp_stream stream_{ioc_};
  beast::flat_buffer buffer_;
  bool open_ = false;
};

Outcome Classify(int status, const std::string& body) {
  Outcome o;
  auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (status == 201 && j.is_object() && j.contains("state") && j["state"].is_string()) {
    o.state = j["state"].get<std::string>();
  } else {
    o.error = "HTTP " + std::to_string(status);
    if (j.is_object() && j.contains("error") && j["error"].is_object())
      o.error += " " + j["error"].value("code", std::string()) + ": " + j["error"].value("message", std::string());
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Registration rush: every teacher of a sessions file applies once to one project"};
  std::string db_url, sessions_file, host = "127.0.0.1";
  int64_t project = 0;
  std::vector<uint16_t> ports;
  int connections = 160;
  int64_t expect_accepted = -1, expect_waitlisted = -1;
  cli.add_option("--db", db_url, "database URL (to check the outcome)")->required();
  cli.add_option("--sessions", sessions_file, "file of 'cookie csrf' lines (jj_rush_seed)")->required();
  cli.add_option("--project", project, "project id")->required();
  cli.add_option("--port", ports, "server port (repeat for several servers)")->required();
  cli.add_option("--host", host, "server address");
  cli.add_option("--connections", connections, "concurrent keep-alive connections, split across the ports")
      ->check(CLI::Range(1, 2000));
  cli.add_option("--expect-accepted", expect_accepted, "default: min(capacity, teachers)");
  cli.add_option("--expect-waitlisted", expect_waitlisted, "default: the other teachers");
  CLI11_PARSE(cli, argc, argv);

  const std::vector<Teacher> teachers = ReadSessions(sessions_file);
  if (teachers.empty()) {
    std::fprintf(stderr, "no sessions in %s\n", sessions_file.c_str());
    return 1;
  }
  const std::string target = "/api/v1/projects/" + std::to_string(project) + "/registrations";
  const size_t n = teachers.size();
  connections = static_cast<int>(std::min<size_t>(connections, n));

  std::vector<Outcome> outcomes(n);
  // Round-robin over the servers, as a load balancer would: teacher i goes
  // to server i % ports; a server's connections share its teachers.
  const size_t servers = ports.size();
  std::vector<std::atomic<size_t>> next(servers);
  Clock::time_point start;
  // Everyone connected: the clock starts as the threads are released.
  std::barrier ready(connections + 1, [&start]() noexcept { start = Clock::now(); });
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      const int port_index = c % static_cast<int>(ports.size());
      Connection conn(host, ports[port_index]);
      std::string error;
      conn.Connect(&error);  // before the start: the rush measures requests, not handshakes
      ready.arrive_and_wait();
      for (size_t i = next[port_index]++ * servers + port_index; i < n; i = next[port_index]++ * servers + port_index) {
        auto t0 = Clock::now();
        int status = 0;
        std::string body;
        Outcome o;
        if ((conn.open() || conn.Connect(&error)) && conn.Post(target, teachers[i], &status, &body, &error))
          o = Classify(status, body);
        else
          o.error = error;
        o.port_index = port_index;
        o.sent_s = std::chrono::duration<double>(t0 - start).count();
        o.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        outcomes[i] = std::move(o);
      }
    });
  }
  // Beside the rush, one more connection per server asks /healthz in a
  // loop: a request that waits for nothing must not wait behind the rush.
  std::atomic<bool> rushing{true};
  std::vector<std::vector<double>> health_ms(servers);
  std::vector<int64_t> health_errors(servers, 0);
  std::vector<std::thread> probes;
  for (size_t p = 0; p < servers; ++p)
    probes.emplace_back([&, p] {
      Connection conn(host, ports[p]);
      std::string error, body;
      while (rushing.load()) {
        auto t0 = Clock::now();
        int status = 0;
        if ((conn.open() || conn.Connect(&error)) && conn.Get("/healthz", &status, &body, &error) && status == 200)
          health_ms[p].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        else
          ++health_errors[p];
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
  ready.arrive_and_wait();
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  rushing = false;
  for (auto& t : probes) t.join();
  std::vector<double> health;
  int64_t health_failed = 0;
  for (size_t p = 0; p < servers; ++p) {
    health.insert(health.end(), health_ms[p].begin(), health_ms[p].end());
    health_failed += health_errors[p];
  }
  std::sort(health.begin(), health.end());

  // What the servers answered.
  std::vector<double> ms;
  ms.reserve(n);
  std::map<std::string, int64_t> states, errors;
  struct PerServer {
    int64_t requests = 0, accepted = 0, waitlisted = 0, errors = 0;
  };
  std::vector<PerServer> per_server(servers);
  for (const Outcome& o : outcomes) {
    ms.push_back(o.ms);
    PerServer& s = per_server[o.port_index];
    ++s.requests;
    if (!o.error.empty()) {
      ++errors[o.error];
      ++s.errors;
      continue;
    }
    ++states[o.state];
    if (o.state == "accepted") ++s.accepted;
    if (o.state == "waitlisted") ++s.waitlisted;
  }
  std::sort(ms.begin(), ms.end());
  int64_t error_count = 0;
  for (const auto& [_, k] : errors) error_count += k;
  const double rps = static_cast<double>(n) / seconds;
  std::printf("rush: %zu teachers, %d connections over %zu servers, %.2f s\n", n, connections, servers, seconds);
  for (size_t p = 0; p < servers; ++p)
    std::printf("  server :%u  requests=%lld accepted=%lld waitlisted=%lld errors=%lld\n", ports[p],
                static_cast<long long>(per_server[p].requests), static_cast<long long>(per_server[p].accepted),
                static_cast<long long>(per_server[p].waitlisted), static_cast<long long>(per_server[p].errors));
  std::printf("healthz during the rush: %zu requests, p50=%.1f p99=%.1f max=%.1f ms, %lld failed\n", health.size(),
              Percentile(health, 50), Percentile(health, 99), health.empty() ? 0.0 : health.back(),
              static_cast<long long>(health_failed));
  std::printf("latency_ms p50=%.1f p90=%.1f p99=%.1f max=%.1f\n", Percentile(ms, 50), Percentile(ms, 90),
              Percentile(ms, 99), ms.back());
  const Outcome& slowest = *std::max_element(outcomes.begin(), outcomes.end(),
                                             [](const Outcome& a, const Outcome& b) { return a.ms < b.ms; });
  std::printf("slowest: %.1f ms on :%u, sent %.2f s after the start\n", slowest.ms, ports[slowest.port_index],
              slowest.sent_s);
  std::printf("answers:");
  for (const auto& [state, k] : states) std::printf(" %s=%lld", state.c_str(), static_cast<long long>(k));
  std::printf("\nerrors=%lld", static_cast<long long>(error_count));
  for (const auto& [e, k] : errors) std::printf("  [%lld× %s]", static_cast<long long>(k), e.c_str());
  std::printf("\n");

  // What the database holds.
  auto db = jj::db::Database::Open(db_url, 1);
  if (!db.ok()) {
    std::fprintf(stderr, "cannot open %s\n", db_url.c_str());
    return 1;
  }
  std::map<std::string, int64_t> stored;
  int64_t capacity = -1, accepted_count = -1, distinct_queue = 0;
  jj::Status st = (*db)->Read([&](jj::db::Tx& tx) -> jj::Status {
    for (const auto& r :
         tx.Query("SELECT state, COUNT(*) FROM project_registrations WHERE project_id = :p GROUP BY state", {project}))
      stored[r.Str(0)] = r.Int(1);
    jj::db::Row r;
    if (tx.QueryOne("SELECT capacity, accepted_count FROM projects WHERE id = :p", {project}, r)) {
      capacity = r.Int(0);
      accepted_count = r.Int(1);
    }
    tx.QueryOne(
        "SELECT COUNT(DISTINCT queue_pos) FROM project_registrations WHERE project_id = :p AND "
        "state = 'waitlisted'",
        {project}, r);
    distinct_queue = r.Int(0);
    return jj::Status::Ok();
  });
  if (!st.ok() || capacity < 0) {
    std::fprintf(stderr, "cannot read project %lld from the database\n", static_cast<long long>(project));
    return 1;
  }
  const int64_t accepted = stored["accepted"], waitlisted = stored["waitlisted"];
  if (expect_accepted < 0) expect_accepted = std::min<int64_t>(capacity, static_cast<int64_t>(n));
  if (expect_waitlisted < 0) expect_waitlisted = static_cast<int64_t>(n) - expect_accepted;
  std::printf(
      "database: accepted=%lld waitlisted=%lld other=%lld projects.accepted_count=%lld capacity=%lld "
      "distinct_waitlist_positions=%lld\n",
      static_cast<long long>(accepted), static_cast<long long>(waitlisted), static_cast<long long>([&] {
        int64_t other = 0;
        for (const auto& [s, k] : stored)
          if (s != "accepted" && s != "waitlisted") other += k;
        return other;
      }()),
      static_cast<long long>(accepted_count), static_cast<long long>(capacity), static_cast<long long>(distinct_queue));

  std::vector<std::string> problems;
  if (error_count > 0) problems.push_back(std::to_string(error_count) + " requests failed");
  if (states["accepted"] != accepted || states["waitlisted"] != waitlisted)
    problems.push_back("the answers disagree with the database");
  if (accepted != expect_accepted || waitlisted != expect_waitlisted)
    problems.push_back("expected accepted=" + std::to_string(expect_accepted) +
                       " waitlisted=" + std::to_string(expect_waitlisted));
  if (accepted_count != accepted) problems.push_back("projects.accepted_count disagrees with the registrations");
  if (accepted > capacity) problems.push_back("capacity exceeded");
  for (const auto& p : problems) std::printf("FAIL: %s\n", p.c_str());
  if (health_failed > 0) problems.push_back(std::to_string(health_failed) + " /healthz requests failed");
  std::printf("accepted=%lld waitlisted=%lld p99_ms=%.1f rps=%.0f healthz_p99_ms=%.1f\n",
              static_cast<long long>(accepted), static_cast<long long>(waitlisted), Percentile(ms, 99), rps,
              Percentile(health, 99));
  return problems.empty() ? 0 : 1;
}
