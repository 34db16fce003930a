#include "core/uuid.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace heard {

namespace {

std::uint64_t random_u64() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not initialise its random source");
  std::uint64_t v = 0;
  randombytes_buf(&v, sizeof v);
  return v;
}

}  // namespace

std::string UuidV7Generator::next(Millis now) {
  std::uint64_t ms = 0;
  std::uint16_t counter = 0;
  {
    std::lock_guard lock(mutex_);
    if (now > last_ms_) {
      last_ms_ = now;
      // Start each millisecond at a random point in the lower half so a burst has room.
      counter_ = static_cast<std::uint16_t>(random_u64() & 0x7ff);
    } else if (++counter_ > 0xfff) {
      // Counter exhausted (or the clock went back): borrow the next millisecond.
      ++last_ms_;
      counter_ = 0;
    }
    ms = static_cast<std::uint64_t>(last_ms_);
    counter = counter_;
  }
  std::array<std::uint8_t, 16> b{};
  for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  b[6] = static_cast<std::uint8_t>(0x70 | (counter >> 8));
  b[7] = static_cast<std::uint8_t>(counter & 0xff);
  const std::uint64_t r = random_u64();
  for (int i = 0; i < 8; ++i) b[8 + i] = static_cast<std::uint8_t>(r >> (56 - 8 * i));
  b[8] = static_cast<std::uint8_t>(0x80 | (b[8] & 0x3f));  // RFC 9562 variant

  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(hex[b[i] >> 4]);
    out.push_back(hex[b[i] & 0xf]);
  }
  return out;
}

std::string make_uuid_v7() {
  static UuidV7Generator generator;
  return generator.next(system_now_ms());
}

bool is_uuid(std::string_view t) {
  if (t.size() != 36) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace heard
