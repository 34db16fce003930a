#pragma once
// What the hub's HTTP layer hands to the application and takes back: the head of a request
// (method, path, headers, query) and a reply. No libmicrohttpd types leak out of http_server.cpp.
#include <sys/types.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace heard::hub {

struct RequestHead {
  std::string method;
  std::string path;     // without the query string
  std::string address;  // the client's IP address, numeric (sign-in limits per address)
  std::function<std::optional<std::string>(std::string_view)> header;  // case-insensitive name
  std::function<std::optional<std::string>(std::string_view)> query;   // decoded ?name=value

  std::string header_or_empty(std::string_view name) const { return header(name).value_or(""); }
};

// A body produced while it is sent (downloads of any size in constant memory).
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // Up to `max` bytes into `into`: the count, 0 at the proper end, -1 when the body failed
  // part-way (the connection is then cut, so a client never takes a truncated file for a whole one).
  virtual ssize_t read(char* into, std::size_t max) = 0;
};

struct HttpReply {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::shared_ptr<BodyStream> stream;  // set: the body comes from here instead (chunked)
};

// Every failure is a status with a JSON {"error": ...} body.
HttpReply error_reply(int status, const std::string& message);

// The application behind the HTTP layer, in two steps so that refusals cost nothing.
class HttpApp {
 public:
  virtual ~HttpApp() = default;
  // Called as soon as the head is in, before any body byte is read: a reply here (401, 403,
  // 404, or a GET's answer) is sent at once and the body is never read.
  virtual std::optional<HttpReply> on_head(const RequestHead& head) = 0;
  // Called with the whole body, decoded and within the size limit.
  virtual HttpReply on_body(const RequestHead& head, std::string body) = 0;
};

}  // namespace heard::hub
