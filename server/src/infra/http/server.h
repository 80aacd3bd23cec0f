// The HTTP/1.1 listener (Boost.Beast over Asio): keep-alive, header/body
// read timeouts, a body size limit, and a thread pool running one io_context.
// Handlers run on the I/O threads and may block briefly (database calls);
// size `threads` for that.
//
// Thread safety: Start/Stop/Wait from one controlling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "infra/http/message.h"

namespace jj::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 = pick a free port (tests)
  int threads = 4;
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
