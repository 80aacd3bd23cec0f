#include "infra/http/server.h"

#include "infra/http/beast_request.h"

#include "core/channel.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>
#include <vector>

namespace jj::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

bhttp::response<bhttp::string_body> ToBeast(Response&& out, unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(out.status), version};
  res.set(bhttp::field::server, "jijiao");
  if (!out.content_type.empty()) res.set(bhttp::field::content_type, out.content_type);
  // Security baseline for every response.
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "same-origin");
  res.set("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  for (auto& [k, v] : out.headers) res.insert(k, v);
  res.body() = std::move(out.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

// Handler threads taking work from a bounded queue.
class WorkerPool {
 public:
  using Task = std::function<void()>;
  WorkerPool(int workers, size_t queue_limit) : queue_(queue_limit) {
    for (int i = 0; i < std::max(1, workers); ++i)
      threads_.emplace_back([this] {
        while (auto task = queue_.Pop()) (*task)();
      });
  }
  ~WorkerPool() { Stop(); }
  // False when the queue is full (or the pool stopped): the caller answers 503.
  bool TrySubmit(Task task) { return queue_.TryPush(std::move(task)); }
  // Runs what already waits, then joins.
  void Stop() {
    queue_.Close();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
    threads_.clear();
  }

 private:
  Channel<Task> queue_;
  std::vector<std::thread> threads_;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, const ServerOptions& opts, const Server::Handler& handler, WorkerPool& pool)
      : stream_(std::move(socket)), opts_(opts), handler_(handler), pool_(pool) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }

  void Run() { asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Read, shared_from_this())); }

 private:
  void Read() {
    parser_.emplace();
    // Beast checks Content-Length against the limit as soon as the header is
    // parsed: start with the larger upload limit, narrow it in OnHeader.
    limit_ = std::max(opts_.body_limit, opts_.upload_limit);
    parser_->body_limit(limit_);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(opts_.read_timeout_seconds));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  // The body limit depends on the target: uploads may be large.
  void OnHeader(beast::error_code ec, std::size_t bytes) {
    if (ec) return OnRead(ec, bytes);
    const auto& h = parser_->get();
    std::string_view target(h.target().data(), h.target().size());
    std::string_view path = target.substr(0, target.find('?'));
    // Only a client with a session may send a large body (the session itself
    // is checked later, with the request); anyone else gets the JSON limit.
    auto cookie = h[bhttp::field::cookie];
    bool has_session = std::string_view(cookie.data(), cookie.size()).find("jj_session=") != std::string_view::npos;
    std::string_view method(h.method_string().data(), h.method_string().size());
    bool upload = has_session && IsUpload(method, path);
    if (upload) {
      limit_ = opts_.upload_limit;
      stream_.expires_after(std::chrono::seconds(opts_.read_timeout_seconds * 10));
    } else {
      limit_ = opts_.body_limit;
      if (auto length = parser_->content_length(); length && *length > limit_)
        return OnRead(bhttp::error::body_limit, 0);
    }
    bool spreadsheet = path.size() >= 7 && path.substr(path.size() - 7) == "/import";
    if (upload && spreadsheet && !opts_.upload_dir.empty()) return ReadIntoFile();
    parser_->body_limit(limit_);
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  // A spreadsheet upload goes straight to a file: a 200 MB roster never sits
  // in memory. The header already parsed moves into a file_body parser.
  void ReadIntoFile() {
    static std::atomic<uint64_t> serial{0};
    std::error_code fs_ec;
    std::filesystem::create_directories(opts_.upload_dir, fs_ec);
    upload_path_ = opts_.upload_dir + "/incoming-" + std::to_string(::getpid()) + "-" + std::to_string(++serial) + "-" +
                   std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".bin";
    file_parser_.emplace(std::move(*parser_));
    parser_.reset();
    file_parser_->body_limit(limit_);
    beast::error_code ec;
    file_parser_->get().body().open(upload_path_.c_str(), beast::file_mode::write_new, ec);
    if (ec) {
      spdlog::error("cannot store an upload in {}: {}", opts_.upload_dir, ec.message());
      upload_path_.clear();
      Response r = ErrorResponse(Internal("cannot store the upload"), "zh");
      return Send(ToBeast(std::move(r), 11, false), /*linger=*/true);
    }
    bhttp::async_read(stream_, buffer_, *file_parser_,
                      beast::bind_front_handler(&Session::OnFileRead, shared_from_this()));
  }

  void OnFileRead(beast::error_code ec, std::size_t bytes) {
    auto req = file_parser_->release();
    file_parser_.reset();
    req.body().close();
    std::string path = std::exchange(upload_path_, {});
    if (ec) {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
      return OnRead(ec, bytes);
    }
    Request r = FromBeastHeader(req, remote_);
    r.body_file = path;
    Handle(r, req.version(), req.keep_alive());
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::connection_reset ||
        ec == asio::error::eof) {
      return Close();
    }
    if (ec == bhttp::error::body_limit) {
      Response r =
          ErrorResponse(Status(Code::kPayloadTooLarge, "body.too_large", {{"limit", std::to_string(limit_)}}), "zh");
      return Send(ToBeast(std::move(r), 11, false), /*linger=*/true);
    }
    if (ec) {
      Response r = ErrorResponse(Status(Code::kInvalidArgument, "json.malformed", {{"detail", ec.message()}}), "zh");
      return Send(ToBeast(std::move(r), 11, false));
    }
    auto req = parser_->release();
    Request r = FromBeastHeader(req, remote_);
    r.body = std::move(req.body());
    Handle(r, req.version(), req.keep_alive());
  }

  // On the I/O thread: hand the request to a worker (or answer it here when
  // its path is inline, or 503 when the queue is full). The worker renders
  // the response and posts the write back to this session's strand.
  void Handle(Request& r, unsigned version, bool keep_alive) {
    if (std::find(opts_.inline_paths.begin(), opts_.inline_paths.end(), r.path) != opts_.inline_paths.end())
      return Send(ToBeast(Invoke(r), version, keep_alive));
    auto req = std::make_shared<Request>(std::move(r));
    bool queued = pool_.TrySubmit([self = shared_from_this(), req, version, keep_alive] {
      auto res = std::make_shared<bhttp::response<bhttp::string_body>>(ToBeast(self->Invoke(*req), version, keep_alive));
      asio::post(self->stream_.get_executor(), [self, res] { self->Send(std::move(*res)); });
    });
    if (queued) return;
    RemoveUpload(*req);
    Response busy = ErrorResponse(
        Status(Code::kUnavailable, "server.busy", {{"seconds", std::to_string(opts_.retry_after_seconds)}}), LangOf(*req));
    busy.headers.emplace_back("Retry-After", std::to_string(opts_.retry_after_seconds));
    Send(ToBeast(std::move(busy), version, keep_alive));
  }

  Response Invoke(Request& r) {
    Response out;
    try {
      out = handler_(r);
    } catch (const std::exception& e) {
      spdlog::error("handler threw on {} {}: {}", r.method, r.path, e.what());
      out = ErrorResponse(Internal(e.what()), r.lang);
    }
    RemoveUpload(r);
    return out;
  }

  static void RemoveUpload(Request& r) {
    if (r.body_file.empty()) return;  // none, or taken by the handler
    std::error_code ignored;
    std::filesystem::remove(r.body_file, ignored);
    r.body_file.clear();
  }

  void Send(bhttp::response<bhttp::string_body>&& res, bool linger = false) {
    auto sp = std::make_shared<bhttp::response<bhttp::string_body>>(std::move(res));
    bool close = !sp->keep_alive();
    bhttp::async_write(stream_, *sp, [self = shared_from_this(), sp, close, linger](beast::error_code ec, std::size_t) {
      if (!ec && linger) return self->LingerAndClose();
      if (ec || close) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  // After refusing a request whose body is still arriving (413): stop
  // sending, then read and discard what the client still sends (up to 5 s),
  // so that closing does not reset the connection before the client has
  // read our answer.
  void LingerAndClose() {
    Close();
    stream_.expires_after(std::chrono::seconds(5));
    Drain();
  }
  void Drain() {
    auto self = shared_from_this();
    stream_.async_read_some(asio::buffer(drain_), [self](beast::error_code ec, std::size_t) {
      if (ec) {
        beast::error_code ignored;
        self->stream_.socket().close(ignored);
        return;
      }
      self->Drain();
    });
  }
  std::array<char, 16384> drain_{};

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::request_parser<bhttp::file_body>> file_parser_;
  std::string upload_path_;  // the file being written by file_parser_
  size_t limit_ = 0;         // the body limit of the request being read
  const ServerOptions& opts_;
  const Server::Handler& handler_;
  WorkerPool& pool_;
  std::string remote_;
};

}  // namespace

struct Server::Impl {
  ServerOptions opts;
  Handler handler;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  std::unique_ptr<WorkerPool> pool;
  uint16_t port = 0;

  void Accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) std::make_shared<Session>(std::move(socket), opts, handler, *pool)->Run();
      Accept();
    });
  }
};

Server::Server(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->opts = std::move(options);
  impl_->handler = std::move(handler);
}

Server::~Server() {
  Stop();
  Wait();
}

Status Server::Start() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->opts.address, ec);
  if (ec) return Status(Code::kInvalidArgument, "listen.address", {{"detail", ec.message()}});
  tcp::endpoint ep{address, impl_->opts.port};
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return Internal("cannot listen on " + impl_->opts.address + ":" + std::to_string(impl_->opts.port) + ": " +
                    ec.message());
  impl_->port = impl_->acceptor.local_endpoint().port();
  impl_->pool = std::make_unique<WorkerPool>(impl_->opts.workers, impl_->opts.queue_limit);
  impl_->Accept();
  int n = std::max(1, impl_->opts.io_threads);
  for (int i = 0; i < n; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  return Status::Ok();
}

uint16_t Server::port() const { return impl_->port; }

void Server::Stop() {
  asio::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
  impl_->ioc.stop();
}

void Server::Wait() {
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->threads.clear();
  // The I/O threads are gone: what the workers still finish is not sent.
  if (impl_->pool) impl_->pool->Stop();
}

}  // namespace jj::http
