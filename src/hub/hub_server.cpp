#include "hub_server.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "core/log.hpp"
#include "core/response.hpp"
#include "sync/protocol.hpp"

namespace heard::hub {

namespace {

using httplib::ContentReader;
using httplib::Request;
using httplib::Response;

void send_error(Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(nlohmann::json({{"error", message}}).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

std::string body_digest(std::string_view body) {
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(body.data()), body.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

// Reads a request body (httplib has already undone Content-Encoding: gzip) up to `limit`
// bytes of *decompressed* data, so a small gzip bomb cannot fill memory.
bool read_body(const ContentReader& reader, std::size_t limit, std::string& body, Response& res) {
  bool too_large = false;
  const bool ok = reader([&](const char* data, std::size_t n) {
    if (body.size() + n > limit) {
      too_large = true;
      return false;
    }
    body.append(data, n);
    return true;
  });
  // httplib itself sets 413 when the Content-Length is over the limit.
  if (too_large || (!ok && res.status == 413)) {
    send_error(res, 413, "the body is larger than " + std::to_string(limit) + " bytes; send smaller batches");
    return false;
  }
  if (!ok) {
    send_error(res, 400, "the body could not be read (truncated, or corrupt gzip)");
    return false;
  }
  return true;
}

std::optional<Millis> time_param(const Request& req, const char* name, std::string& error) {
  if (!req.has_param(name)) return std::nullopt;
  const auto t = parse_iso8601(req.get_param_value(name));
  if (!t) error = std::string(name) + ": expected an ISO 8601 date or time such as 2026-11-23";
  return t;
}

}  // namespace

HubServer::HubServer(HubStorage& storage, Tokens tokens, const ServerOptions& options)
    : storage_(storage), tokens_(std::move(tokens)), options_(options) {
  if (!options_.cert_file.empty() || !options_.key_file.empty()) {
    auto tls = std::make_unique<httplib::SSLServer>(options_.cert_file.c_str(), options_.key_file.c_str());
    if (!tls->is_valid())
      throw std::runtime_error("cannot load the TLS certificate " + options_.cert_file + " and key " +
                               options_.key_file);
    server_ = std::move(tls);
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  // httplib refuses larger Content-Length values itself (413); read_body caps what gzip expands to.
  server_->set_payload_max_length(options_.max_body_bytes);
  server_->set_read_timeout(30, 0);
  server_->set_write_timeout(30, 0);
  server_->set_keep_alive_max_count(1000);
  // Replies go out as two writes (headers, body); without this, Nagle's algorithm meets the
  // client's delayed ACK and every request waits ~40 ms.
  server_->set_tcp_nodelay(true);
  server_->set_exception_handler([](const Request&, Response& res, std::exception_ptr ep) {
    std::string what = "unknown error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    log::error("hub: request failed: " + what);
    send_error(res, 500, "internal error; the request was not stored");
  });
  routes();
}

HubServer::~HubServer() = default;

int HubServer::bind(const std::string& host, int port) {
  const int bound = port == 0 ? server_->bind_to_any_port(host.c_str()) : (server_->bind_to_port(host.c_str(), port) ? port : -1);
  if (bound <= 0) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port));
  return bound;
}

void HubServer::serve() { server_->listen_after_bind(); }

void HubServer::stop() { server_->stop(); }

void HubServer::routes() {
  // Who is calling: the kiosk id of the bearer token, after checking it may act for `kiosk`.
  const auto authorise = [this](const Request& req, Response& res, const std::string& kiosk) {
    const auto owner = tokens_.owner(bearer_token(req.get_header_value("Authorization")));
    if (!owner) {
      send_error(res, 401, "missing or unknown bearer token");
      return false;
    }
    if (*owner != kiosk) {
      send_error(res, 403, "this token does not belong to kiosk '" + kiosk + "'");
      return false;
    }
    return true;
  };

  server_->Post(R"(/v1/kiosks/([^/]+)/(feedback|events))",
                [this, authorise](const Request& req, Response& res, const ContentReader& reader) {
                  const std::string kiosk = req.matches[1];
                  const bool feedback = req.matches[2] == "feedback";
                  if (!authorise(req, res, kiosk)) return;
                  std::string body;
                  if (!read_body(reader, options_.max_body_bytes, body, res)) return;
                  const UploadKey key{req.get_header_value("Idempotency-Key").substr(0, 200), body_digest(body)};
                  try {
                    const sync::BatchReply reply =
                        feedback ? storage_.store_feedback(kiosk, key, read_feedback_batch(body, kiosk))
                                 : storage_.store_events(kiosk, key, read_event_batch(body));
                    res.set_content(sync::to_json_text(reply), "application/json");
                  } catch (const BatchTooLarge& e) {
                    send_error(res, 413, e.what());
                  } catch (const UnreadableBatch& e) {
                    send_error(res, 400, e.what());
                  }
                });

  server_->Post(R"(/v1/kiosks/([^/]+)/heartbeat)",
                [this, authorise](const Request& req, Response& res, const ContentReader& reader) {
                  const std::string kiosk = req.matches[1];
                  if (!authorise(req, res, kiosk)) return;
                  std::string body;
                  if (!read_body(reader, options_.max_body_bytes, body, res)) return;
                  try {
                    storage_.store_heartbeat(read_heartbeat(body, kiosk));
                    res.status = 204;
                  } catch (const UnreadableBatch& e) {
                    send_error(res, 400, e.what());
                  }
                });

  server_->Get("/healthz", [this](const Request&, Response& res) {
    if (storage_.healthy()) res.set_content("ok\n", "text/plain");
    else send_error(res, 503, "storage unavailable");
  });

  const auto download = [this](store::ExportFormat format, const char* content_type) {
    return [this, format, content_type](const Request& req, Response& res) {
      const auto owner = tokens_.owner(bearer_token(req.get_header_value("Authorization")));
      if (!owner) return send_error(res, 401, "missing or unknown bearer token");
      if (*owner != admin_id) return send_error(res, 403, "downloads need the admin token");
      store::ExportFilter filter;
      std::string error;
      filter.since = time_param(req, "since", error);
      filter.until = time_param(req, "until", error);
      if (req.has_param("kind")) {
        filter.kind = kind_from_string(req.get_param_value("kind"));
        if (!filter.kind) error = "kind: expected complaint, compliment or suggestion";
      }
      if (req.has_param("max_rating")) {
        const auto text = req.get_param_value("max_rating");
        if (text.size() != 1 || text[0] < '1' || text[0] > '5') error = "max_rating: expected 1 to 5";
        else filter.max_rating = text[0] - '0';
      }
      filter.include_contact = req.has_param("include_contact") && req.get_param_value("include_contact") == "true";
      if (!error.empty()) return send_error(res, 400, error);
      // Streamed in constant memory, whatever the number of rows.
      res.set_chunked_content_provider(content_type, [this, filter, format](std::size_t, httplib::DataSink& sink) {
        try {
          storage_.export_feedback(filter, format, [&](std::string_view chunk) {
            if (!sink.write(chunk.data(), chunk.size())) throw std::runtime_error("client went away");
          });
          sink.done();
          return true;
        } catch (const std::exception& e) {
          log::warning(std::string("hub: download stopped: ") + e.what());
          return false;
        }
      });
    };
  };
  server_->Get("/v1/feedback.csv", download(store::ExportFormat::csv, "text/csv; charset=utf-8"));
  server_->Get("/v1/feedback.ndjson", download(store::ExportFormat::ndjson, "application/x-ndjson"));
}

}  // namespace heard::hub
