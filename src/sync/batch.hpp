#pragma once
// The body of one upload: NDJSON, one record per line, at most N records and M bytes
// (protocol: 500 records or 1 MiB), gzip-compressed when that pays (above 1 KiB).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/outbox.hpp"

namespace heard::sync {

// One record ready to send: its id (the deduplication key) and its JSON line (no newline).
using OutgoingRecord = store::WaitingRecord;

struct Batch {
  std::vector<std::string> ids;  // in body order
  std::string ndjson;            // "line\nline\n"
};

// Takes records from the front while the batch stays within both limits; always takes at
// least one, so a record larger than max_bytes still travels (alone).
Batch make_batch(std::span<const OutgoingRecord> records, std::size_t max_records, std::size_t max_bytes);

inline constexpr std::size_t gzip_threshold = 1024;

struct Body {
  std::string data;
  bool gzip = false;  // send "Content-Encoding: gzip"
};
Body encode_body(std::string_view ndjson);

std::string gzip(std::string_view data);
// Throws std::runtime_error on corrupt input or when the output would exceed max_size.
std::string gunzip(std::string_view data, std::size_t max_size);

}  // namespace heard::sync
