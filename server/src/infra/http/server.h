// The HTTP/1.1 listener (Boost.Beast over Asio): keep-alive, header/body
// read timeouts, a body size limit. A few I/O threads run one io_context and
// only read and write; handlers run on a bounded pool of worker threads, so a
// handler that waits (for a lock, a long query) never delays another
// connection's reads and writes. When every worker is busy and `queue_limit`
// requests already wait, a request is answered at once with 503 and
// Retry-After. Paths in `inline_paths` (/healthz) are answered on the I/O
// thread and never queue.
//
// Thread safety: Start/Stop/Wait from one controlling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "infra/http/message.h"

namespace jj::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 = pick a free port (tests)
  int io_threads = 2;
  int workers = 4;          // handler threads; the database pool is sized to them
  size_t queue_limit = 256;  // requests waiting for a worker before 503
  int retry_after_seconds = 1;
  std::vector<std::string> inline_paths;  // exact paths run on the I/O thread
  size_t body_limit = 2 * 1024 * 1024;
  // Uploads: POSTs whose path ends in "/import" (spreadsheets) or
  // "/evidence" (files of credit records) may be larger.
  size_t upload_limit = 200 * 1024 * 1024;
  // When set, the bodies of "/import" uploads are written to a new file in
  // this directory as they arrive (Request::body_file), not held in memory.
  std::string upload_dir;
  int read_timeout_seconds = 30;
};

class Server {
 public:
  using Handler = std::function<Response(Request&)>;
  Server(ServerOptions options, Handler handler);
  ~Server();

  // Binds and starts the worker threads. Errors: Internal when the address
  // cannot be bound.
  Status Start();
  uint16_t port() const;
  void Stop();
  // Blocks until Stop() (or a signal handler calling Stop()).
  void Wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jj::http
