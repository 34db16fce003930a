#include "http_server.hpp"

#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdarg>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "body_decoder.hpp"
#include "connection_watch.hpp"
#include "core/log.hpp"

namespace heard::hub {

HttpReply error_reply(int status, const std::string& message) {
  HttpReply reply;
  reply.status = status;
  reply.content_type = "application/json";
  reply.body = nlohmann::json({{"error", message}}).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return reply;
}

namespace {

std::string read_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(std::string("cannot read the TLS ") + what + " " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<std::string> lookup(MHD_Connection* c, MHD_ValueKind kind, std::string_view name) {
  const char* value = MHD_lookup_connection_value(c, kind, std::string(name).c_str());
  if (!value) return std::nullopt;
  return std::string(value);
}

bool contains_word(std::string value, std::string_view word) {
  for (char& ch : value) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return value.find(word) != std::string::npos;
}

bool has_body(const RequestHead& head) {
  const auto length = head.header("Content-Length");
  return head.header("Transfer-Encoding") || (length && *length != "0");
}

// One request, from its head to its reply.
struct Exchange {
  RequestHead head;
  std::unique_ptr<BodyDecoder> decoder;
  std::size_t received = 0;          // body bytes as sent (compressed)
  std::optional<HttpReply> refusal;  // decided mid-body: sent when the body ends
};

ssize_t read_stream(void* cls, std::uint64_t, char* into, std::size_t max) {
  const ssize_t n = (*static_cast<std::shared_ptr<BodyStream>*>(cls))->read(into, max);
  if (n > 0) return n;
  return n == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
}

void free_stream(void* cls) { delete static_cast<std::shared_ptr<BodyStream>*>(cls); }

MHD_Response* stream_response(std::shared_ptr<BodyStream> stream) {
  auto* holder = new std::shared_ptr<BodyStream>(std::move(stream));
  MHD_Response* response =
      MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, &read_stream, holder, &free_stream);
  if (!response) delete holder;
  return response;
}

}  // namespace

struct HttpServer::Impl {
  HttpApp& app;
  HttpLimits limits;
  TlsFiles tls;
  std::string cert, key;  // PEM text; must outlive the daemon
  ConnectionWatch watch;
  MHD_Daemon* daemon = nullptr;

  Impl(HttpApp& a, HttpLimits l, TlsFiles t)
      : app(a), limits(l), tls(std::move(t)), watch(limits.head_deadline, limits.request_deadline) {}

  static WatchedConnection* watched(MHD_Connection* c) {
    const auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? static_cast<WatchedConnection*>(info->socket_context) : nullptr;
  }

  MHD_Result send(MHD_Connection* c, HttpReply reply, bool body_unread) {
    MHD_Response* response =
        reply.stream ? stream_response(std::move(reply.stream))
                     : MHD_create_response_from_buffer(reply.body.size(), reply.body.data(), MHD_RESPMEM_MUST_COPY);
    if (!response) return MHD_NO;
    if (!reply.content_type.empty()) MHD_add_response_header(response, "Content-Type", reply.content_type.c_str());
    for (const auto& [name, value] : reply.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
    // A refusal sent before the body was read ends the connection: the rest of the body is
    // never read, so the connection cannot carry another request.
    if (body_unread) MHD_add_response_header(response, "Connection", "close");
    const MHD_Result queued = MHD_queue_response(c, static_cast<unsigned>(reply.status), response);
    MHD_destroy_response(response);
    if (queued == MHD_YES) watch.enter(watched(c), WatchedConnection::Phase::replying);
    return queued;
  }

  RequestHead head_of(MHD_Connection* c, const char* url, const char* method) {
    RequestHead head;
    head.method = method;
    head.path = url;
    if (const auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS); info && info->client_addr) {
      char host[NI_MAXHOST] = "";
      const socklen_t length = info->client_addr->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
      if (::getnameinfo(info->client_addr, length, host, sizeof host, nullptr, 0, NI_NUMERICHOST) == 0)
        head.address = host;
    }
    head.header = [c](std::string_view name) { return lookup(c, MHD_HEADER_KIND, name); };
    head.query = [c](std::string_view name) { return lookup(c, MHD_GET_ARGUMENT_KIND, name); };
    return head;
  }

  // The checks made before any body byte is read; a reply means "refuse now".
  std::optional<HttpReply> check_head(MHD_Connection* c, Exchange& x) {
    if (MHD_get_connection_values(c, MHD_HEADER_KIND, nullptr, nullptr) > static_cast<int>(limits.max_headers))
      return error_reply(431, "too many header fields (at most " + std::to_string(limits.max_headers) + ")");
    const auto length = x.head.header("Content-Length");
    const auto transfer = x.head.header("Transfer-Encoding");
    // Both framings at once is how requests are smuggled past proxies: refuse, don't guess.
    if (length && transfer) return error_reply(400, "Content-Length and Transfer-Encoding together");
    if (transfer && !contains_word(*transfer, "chunked")) return error_reply(501, "Transfer-Encoding not supported");
    if (auto reply = app.on_head(x.head)) return reply;  // authentication and routing
    if (length && std::strtoull(length->c_str(), nullptr, 10) > limits.max_body_bytes) return too_large();
    try {
      x.decoder = std::make_unique<BodyDecoder>(x.head.header_or_empty("Content-Encoding"), limits.max_body_bytes);
    } catch (const std::invalid_argument& e) {
      return error_reply(415, e.what());
    }
    return std::nullopt;
  }

  HttpReply too_large() const {
    return error_reply(
        413, "the body is larger than " + std::to_string(limits.max_body_bytes) + " bytes; send smaller batches");
  }

  // A piece of the body: decoded into the exchange, or refused once and then dropped.
  void take_body(Exchange& x, std::string_view bytes) {
    x.received += bytes.size();
    if (x.refusal) return;
    if (x.received > limits.max_body_bytes) {
      x.refusal = too_large();
      return;
    }
    switch (x.decoder->feed(bytes)) {
      case BodyDecoder::Result::ok:
        break;
      case BodyDecoder::Result::too_large:
        x.refusal = too_large();
        break;
      case BodyDecoder::Result::corrupt:
        x.refusal = error_reply(400, "the body could not be decoded (corrupt gzip)");
    }
  }

  HttpReply finish(Exchange& x) {
    if (x.refusal) return std::move(*x.refusal);
    if (x.decoder->finish() != BodyDecoder::Result::ok)
      return error_reply(400, "the body could not be read (truncated, or corrupt gzip)");
    return app.on_body(x.head, x.decoder->take());
  }

  MHD_Result on_request(MHD_Connection* c, const char* url, const char* method, const char* data, std::size_t* size,
                        void** request) {
    try {
      if (!*request) {  // the head is complete: refuse or accept before reading any body
        watch.enter(watched(c), WatchedConnection::Phase::in_request);
        auto x = std::make_unique<Exchange>();
        x->head = head_of(c, url, method);
        auto refusal = check_head(c, *x);
        const bool body_follows = has_body(x->head);
        *request = x.release();
        if (refusal && body_follows) return send(c, std::move(*refusal), true);  // the body is never read
        // Without a body, the reply goes out on the next call, as libmicrohttpd expects for
        // a connection to stay open for the next request.
        if (refusal) static_cast<Exchange*>(*request)->refusal = std::move(refusal);
        return MHD_YES;
      }
      auto& x = *static_cast<Exchange*>(*request);
      if (*size > 0) {
        take_body(x, std::string_view(data, *size));
        *size = 0;
        // A sender that goes on long after its refusal is dropped rather than read to the end.
        return x.received > 4 * limits.max_body_bytes ? MHD_NO : MHD_YES;
      }
      return send(c, finish(x), false);
    } catch (const std::exception& e) {
      log::error(std::string("hub: request failed: ") + e.what());
      return send(c, error_reply(500, "internal error; the request was not stored"), true);
    }
  }

  void on_completed(void** request) {
    delete static_cast<Exchange*>(*request);
    *request = nullptr;
  }

  void on_connection(MHD_Connection* c, void** context, MHD_ConnectionNotificationCode code) {
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      const auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
      *context = info ? watch.watch(info->connect_fd) : nullptr;
    } else {
      watch.forget(static_cast<WatchedConnection*>(*context));
      *context = nullptr;
    }
  }
};

namespace {

MHD_Result access_handler(void* cls, MHD_Connection* c, const char* url, const char* method, const char*,
                          const char* data, std::size_t* size, void** request) {
  return static_cast<HttpServer::Impl*>(cls)->on_request(c, url, method, data, size, request);
}

void completed_handler(void* cls, MHD_Connection* c, void** request, MHD_RequestTerminationCode) {
  auto* impl = static_cast<HttpServer::Impl*>(cls);
  impl->on_completed(request);
  // Keep-alive: the next request's head has its own deadline, counted from now.
  impl->watch.enter(HttpServer::Impl::watched(c), WatchedConnection::Phase::awaiting_head);
}

void connection_handler(void* cls, MHD_Connection* c, void** context, MHD_ConnectionNotificationCode code) {
  static_cast<HttpServer::Impl*>(cls)->on_connection(c, context, code);
}

// libmicrohttpd reports every client's mistake; at debug level so an attack cannot flood the journal.
void log_handler(void*, const char* format, va_list args) {
  char text[512];
  std::vsnprintf(text, sizeof text, format, args);
  std::string line = text;
  while (!line.empty() && line.back() == '\n') line.pop_back();
  log::debug("hub: http: " + line);
}

sockaddr_storage resolve(const std::string& host, int port, socklen_t& length) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found)
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": unknown address");
  sockaddr_storage address{};
  std::memcpy(&address, found->ai_addr, found->ai_addrlen);
  length = found->ai_addrlen;
  ::freeaddrinfo(found);
  return address;
}

}  // namespace

HttpServer::HttpServer(HttpApp& app, HttpLimits limits, TlsFiles tls)
    : impl_(std::make_unique<Impl>(app, limits, std::move(tls))) {
  if (!impl_->tls.cert_file.empty()) {
    impl_->cert = read_file(impl_->tls.cert_file, "certificate");
    impl_->key = read_file(impl_->tls.key_file, "key");
  }
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::start(const std::string& host, int port) {
  Impl& s = *impl_;
  socklen_t length = 0;
  const sockaddr_storage address = resolve(host, port, length);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
  if (address.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  const bool https = !s.cert.empty();
  if (https && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
    throw std::runtime_error("this libmicrohttpd was built without TLS; serve plain HTTP behind a TLS proxy");
  if (https) flags |= MHD_USE_TLS;
  // Options are passed as an array so that the TLS ones can be left out.
  std::vector<MHD_OptionItem> options = {
      {MHD_OPTION_SOCK_ADDR, 0, const_cast<sockaddr_storage*>(&address)},
      {MHD_OPTION_THREAD_POOL_SIZE, s.limits.threads, nullptr},
      {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(s.limits.connection_memory), nullptr},
      {MHD_OPTION_CONNECTION_LIMIT, s.limits.max_connections, nullptr},
      {MHD_OPTION_PER_IP_CONNECTION_LIMIT, s.limits.max_connections_per_ip, nullptr},
      {MHD_OPTION_CONNECTION_TIMEOUT, s.limits.idle_timeout_s, nullptr},
      {MHD_OPTION_LISTEN_BACKLOG_SIZE, 512, nullptr},
      {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&completed_handler), &s},
      {MHD_OPTION_NOTIFY_CONNECTION, reinterpret_cast<intptr_t>(&connection_handler), &s},
      {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(&log_handler), nullptr},
  };
  if (https) {
    options.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, s.cert.data()});
    options.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, s.key.data()});
    options.push_back(
        {MHD_OPTION_HTTPS_PRIORITIES, 0, const_cast<char*>("NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2")});
  }
  options.push_back({MHD_OPTION_END, 0, nullptr});
  (void)length;
  s.daemon = MHD_start_daemon(flags, 0, nullptr, nullptr, &access_handler, &s, MHD_OPTION_ARRAY, options.data(),
                              MHD_OPTION_END);
  if (!s.daemon)
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                             (https ? " (or the TLS certificate and key do not load)" : ""));
  const auto* info = MHD_get_daemon_info(s.daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info ? info->port : port;
}

void HttpServer::stop() {
  Impl& s = *impl_;
  if (!s.daemon) return;
  // First no new connections, then every open one dropped; handlers already running finish.
  // The listening socket is ours once quiesced, but closed only after MHD_stop_daemon has
  // joined the workers: until then one of them may still be in accept() or epoll on it
  // (closing it earlier was the data race ThreadSanitizer found at every shutdown).
  const MHD_socket listener = MHD_quiesce_daemon(s.daemon);
  MHD_stop_daemon(s.daemon);
  s.daemon = nullptr;
  if (listener != MHD_INVALID_SOCKET) ::close(listener);
}

}  // namespace heard::hub
