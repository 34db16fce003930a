#pragma once
// Recognises a repeat complainant without keeping contact details in clear for matching:
// each response's normalised phone and e-mail are stored only as a keyed hash (libsodium's
// generic hash, BLAKE2b, under a random per-device key), so the hashes mean nothing on
// another device or without the key, and they go when the contact details are purged.
#include <array>
#include <cstdint>

#include "core/response.hpp"
#include "store/database.hpp"

namespace heard::store {

class ContactIndex {
 public:
  static constexpr Millis repeat_window_ms = 90LL * 24 * 3'600'000;

  // Reads the device key, creating it on first use (in the caller's transaction, if any).
  explicit ContactIndex(Database& db);

  // Replaces the hashes kept for the response stored at `seq` with those of `r`'s contact.
  void replace(std::int64_t seq, const Response& r);

 private:
  Database& db_;
  std::array<unsigned char, 32> key_{};
};

// How many complaints (this one included) came from the same phone or e-mail in the 90 days
// up to this response; 0 for a response without matchable contact details.
int complaints_in_window(Database& db, std::string_view response_id);

}  // namespace heard::store
