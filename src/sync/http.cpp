#include "sync/http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace heard::sync {

namespace {

// A hub reply to a batch is a few kilobytes; anything far larger is not our hub.
constexpr std::size_t max_reply_bytes = 8u << 20;

struct ReplySink {
  std::string body;
  std::size_t limit = max_reply_bytes;
  bool overflow = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<ReplySink*>(user);
  const size_t n = size * count;
  if (sink->body.size() + n > sink->limit) {
    sink->overflow = true;
    return 0;  // aborts the transfer
  }
  sink->body.append(data, n);
  return n;
}

class HeaderList {
 public:
  void add(const std::string& line) {
    curl_slist* next = curl_slist_append(list_, line.c_str());
    if (!next) throw std::bad_alloc();
    list_ = next;
  }
  ~HeaderList() { curl_slist_free_all(list_); }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

class Easy {
 public:
  Easy() : h_(curl_easy_init()) {
    if (!h_) throw std::runtime_error("libcurl: cannot create a transfer");
  }
  ~Easy() { curl_easy_cleanup(h_); }
  Easy(const Easy&) = delete;
  Easy& operator=(const Easy&) = delete;
  CURL* get() const { return h_; }

 private:
  CURL* h_;
};

// Every option of one transfer: the hub's URL with the token's header, no redirects (they
// must not carry the token elsewhere), the reply's size limit, timeouts and TLS checks.
void configure(CURL* h, const TransportOptions& options, const std::string& url, curl_slist* headers, ReplySink& sink,
               char* error_buffer, std::chrono::milliseconds limit) {
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "heard-kiosk/" HEARD_VERSION);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_limit);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.low_speed_time.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(1, limit.count())));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
  if (!options.pinned_public_key.empty())
    curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, options.pinned_public_key.c_str());
}

struct Transfer {
  bool interrupted = false;  // stop was set before curl finished
  bool finished = false;     // curl reported the transfer done, with `result`
  CURLcode result = CURLE_OK;
};

// Drives the transfer until curl is done with it or `stop` is set, then reads curl's word on it.
Transfer run(CURLM* multi, CURL* h, const std::atomic<bool>& stop) {
  Transfer t;
  int running = 1;
  while (true) {
    if (curl_multi_perform(multi, &running) != CURLM_OK) break;
    if (running == 0) break;
    if (stop.load()) {
      t.interrupted = true;
      break;
    }
    // Wakes for socket activity, curl's own timers (within 1 s) or wake().
    curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi, &queued))
    if (msg->msg == CURLMSG_DONE && msg->easy_handle == h) {
      t.result = msg->data.result;
      t.finished = true;
    }
  return t;
}

HttpResponse interrupted() {
  HttpResponse out;
  out.interrupted = true;
  out.error = "interrupted by shutdown";
  return out;
}

// The hub's answer (status, body, Retry-After, ETag), or what went wrong, saying whether the
// failure was the hub's certificate or pinned key (untrusted: not retried as a network fault).
HttpResponse reply_of(CURL* h, const Transfer& t, ReplySink& sink, const char* error_buffer, std::size_t max_reply) {
  HttpResponse out;
  if (t.finished && t.result == CURLE_OK) {
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
    out.body = std::move(sink.body);
    curl_header* header = nullptr;
    if (curl_easy_header(h, "Retry-After", 0, CURLH_HEADER, -1, &header) == CURLHE_OK) out.retry_after = header->value;
    if (curl_easy_header(h, "ETag", 0, CURLH_HEADER, -1, &header) == CURLHE_OK)
      out.etag = std::string(header->value).substr(0, 200);
  } else if (sink.overflow) {
    out.error = "the hub's reply is larger than " + std::to_string(max_reply) + " bytes";
  } else {
    out.error = error_buffer[0] ? error_buffer : curl_easy_strerror(t.finished ? t.result : CURLE_RECV_ERROR);
    const CURLcode r = t.result;
    out.untrusted = t.finished && (r == CURLE_PEER_FAILED_VERIFICATION || r == CURLE_SSL_PINNEDPUBKEYNOTMATCH ||
                                   r == CURLE_SSL_CACERT_BADFILE || r == CURLE_SSL_CERTPROBLEM);
  }
  return out;
}

}  // namespace

HttpClient::HttpClient(TransportOptions options) : options_(std::move(options)) {
  static std::once_flag global_init;
  std::call_once(global_init, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl: global init failed");
  });
  multi_ = curl_multi_init();
  if (!multi_) throw std::runtime_error("libcurl: cannot create a multi handle");
}

HttpClient::~HttpClient() { curl_multi_cleanup(multi_); }

void HttpClient::wake() { curl_multi_wakeup(multi_); }

void HttpClient::wait(milliseconds timeout) {
  if (timeout.count() <= 0) return;
  const auto ms = std::min<std::int64_t>(timeout.count(), INT32_MAX);
  curl_multi_poll(multi_, nullptr, 0, static_cast<int>(ms), nullptr);
}

HttpResponse HttpClient::post(const std::string& url, std::string_view content_type, const Body& body,
                              const std::vector<std::string>& headers, const std::atomic<bool>& stop,
                              std::optional<milliseconds> timeout) {
  Easy easy;
  CURL* h = easy.get();
  HeaderList list;
  list.add("Content-Type: " + std::string(content_type));
  if (body.gzip) list.add("Content-Encoding: gzip");
  list.add("Expect:");  // no 100-continue round trip; our bodies are at most 1 MiB
  for (const auto& line : headers) list.add(line);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.data.size()));
  return perform(h, &list, url, stop, max_reply_bytes, timeout);
}

HttpResponse HttpClient::get(const std::string& url, const std::vector<std::string>& headers,
                             const std::atomic<bool>& stop, std::size_t max_reply,
                             std::optional<milliseconds> timeout) {
  Easy easy;
  HeaderList list;
  for (const auto& line : headers) list.add(line);
  return perform(easy.get(), &list, url, stop, std::min(max_reply, max_reply_bytes), timeout);
}

HttpResponse HttpClient::perform(void* easy, void* header_list, const std::string& url, const std::atomic<bool>& stop,
                                 std::size_t max_reply, std::optional<milliseconds> timeout) {
  CURL* h = easy;
  HeaderList& list = *static_cast<HeaderList*>(header_list);
  list.add("Authorization: Bearer " + options_.token);
  ReplySink sink;
  sink.limit = max_reply;
  char error_buffer[CURL_ERROR_SIZE] = {};
  const milliseconds limit = std::min(options_.total_timeout, timeout.value_or(options_.total_timeout));
  configure(h, options_, url, list.get(), sink, error_buffer, limit);

  if (curl_multi_add_handle(multi_, h) != CURLM_OK) throw std::runtime_error("libcurl: cannot start a transfer");
  const Transfer transfer = run(multi_, h, stop);
  HttpResponse out = transfer.interrupted ? interrupted() : reply_of(h, transfer, sink, error_buffer, max_reply);
  curl_multi_remove_handle(multi_, h);
  return out;
}

}  // namespace heard::sync
