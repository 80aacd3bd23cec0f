// The listener's worker pool, over real sockets: handlers run off the I/O
// threads, a full queue answers 503 with Retry-After at once, and inline
// paths (/healthz) answer while every worker waits.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "infra/http/server.h"

namespace jj::http {
namespace {

// A gate the /slow handler waits at until the test opens it.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  int waiting = 0;
  void Wait() {
    std::unique_lock<std::mutex> lock(mu);
    ++waiting;
    cv.notify_all();
    cv.wait(lock, [&] { return open; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mu);
    open = true;
    cv.notify_all();
  }
  bool AwaitWaiting(int n) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(10), [&] { return waiting >= n; });
  }
};

struct Fixture {
  Gate gate;
  std::atomic<int> handled{0};
  std::unique_ptr<Server> server;

  explicit Fixture(int workers, size_t queue_limit) {
    ServerOptions so;
    so.port = 0;
    so.io_threads = 1;
    so.workers = workers;
    so.queue_limit = queue_limit;
    so.inline_paths = {"/healthz"};
    server = std::make_unique<Server>(so, [this](Request& r) {
      if (r.path == "/slow") gate.Wait();
      ++handled;
      return JsonResponse(200, R"({"path":")" + r.path + R"("})");
    });
    EXPECT_TRUE(server->Start().ok());
  }
  ~Fixture() {
    gate.Open();
    server->Stop();
    server->Wait();
  }
  httplib::Result Get(const std::string& path, const std::string& lang = "zh-CN") {
    httplib::Client c("127.0.0.1", server->port());
    c.set_read_timeout(20, 0);
    return c.Get(path, httplib::Headers{{"Accept-Language", lang}});
  }
};

TEST(HttpServer, AHandlerThatWaitsDelaysNeitherHealthzNorAnotherWorker) {
  Fixture f(/*workers=*/2, /*queue_limit=*/8);
  auto slow = std::async(std::launch::async, [&] { return f.Get("/slow"); });
  ASSERT_TRUE(f.gate.AwaitWaiting(1));
  // The single I/O thread is free: /healthz and a request on the second
  // worker both answer while the first worker waits.
  auto t0 = std::chrono::steady_clock::now();
  auto health = f.Get("/healthz");
  auto other = f.Get("/fast");
  auto elapsed = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(health && other);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(other->status, 200);
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  f.gate.Open();
  auto done = slow.get();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 200);
  EXPECT_EQ(done->body, R"({"path":"/slow"})");
}

TEST(HttpServer, AFullQueueAnswers503WithRetryAfterInTheUsersLanguage) {
  Fixture f(/*workers=*/1, /*queue_limit=*/1);
  auto busy_worker = std::async(std::launch::async, [&] { return f.Get("/slow"); });
  ASSERT_TRUE(f.gate.AwaitWaiting(1));
  // The worker waits; one request may queue behind it.
  auto queued = std::async(std::launch::async, [&] { return f.Get("/queued"); });
  // Wait until the queued request is in the queue (it cannot be handled yet).
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(f.handled.load(), 0);
  auto refused = f.Get("/third");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->get_header_value("Retry-After"), "1");
  auto body = nlohmann::json::parse(refused->body);
  EXPECT_EQ(body["error"]["code"], "unavailable");
  EXPECT_NE(body["error"]["message"].get<std::string>().find("服务器繁忙"), std::string::npos);
  auto refused_en = f.Get("/fourth", "en-US");
  ASSERT_TRUE(refused_en);
  EXPECT_EQ(refused_en->status, 503);
  EXPECT_NE(nlohmann::json::parse(refused_en->body)["error"]["message"].get<std::string>().find("busy"),
            std::string::npos);
  // /healthz never queues.
  auto health = f.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  f.gate.Open();
  auto a = busy_worker.get();
  auto b = queued.get();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->status, 200);
  EXPECT_EQ(b->status, 200);
  EXPECT_EQ(b->body, R"({"path":"/queued"})");
  EXPECT_EQ(f.handled.load(), 3);  // /slow, /queued, /healthz; the refused ones never ran
}

}  // namespace
}  // namespace jj::http
