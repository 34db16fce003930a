#include "store/contact_index.hpp"

#include <sodium.h>

#include <stdexcept>
#include <string>

#include "core/contact_match.hpp"

namespace heard::store {

namespace {

constexpr const char* key_name = "contact_match";

// Keys and hashes are kept as hex text: readable with the sqlite3 shell, no blob binding.
std::string hex(const unsigned char* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

std::array<unsigned char, 32> device_key(Database& db) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
  std::array<unsigned char, 32> key{};
  Statement read(db, "SELECT key FROM device_keys WHERE name = ?");
  read.bind(1, key_name);
  if (!read.step()) {
    randombytes_buf(key.data(), key.size());
    // OR IGNORE: another connection (heardctl beside the kiosk) may have made it first.
    Statement add(db, "INSERT OR IGNORE INTO device_keys (name, key) VALUES (?, ?)");
    add.bind(1, key_name).bind(2, hex(key.data(), key.size())).run();
    read.reset();
    read.bind(1, key_name);
    if (!read.step()) throw std::runtime_error("the device key for contact matching cannot be stored");
  }
  const std::string_view stored = read.column_view(0);
  std::size_t length = 0;
  if (sodium_hex2bin(key.data(), key.size(), stored.data(), stored.size(), nullptr, &length, nullptr) != 0 ||
      length != key.size())
    throw std::runtime_error("the device key for contact matching is damaged");
  return key;
}

}  // namespace

ContactIndex::ContactIndex(Database& db) : db_(db), key_(device_key(db)) {}

void ContactIndex::replace(std::int64_t seq, const Response& r) {
  Statement clear(db_, "DELETE FROM contact_hashes WHERE response_seq = ?");
  clear.bind(1, seq).run();
  Statement add(db_,
                "INSERT OR IGNORE INTO contact_hashes (hash, response_seq, created_at, complaint) VALUES (?, ?, ?, ?)");
  // A prefix per kind, so a phone number can never collide with an e-mail address.
  for (const std::string& value :
       {"phone:" + normalise_phone(r.contact.phone), "email:" + normalise_email(r.contact.email)}) {
    if (value.back() == ':') continue;  // nothing matchable
    unsigned char hash[32];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(value.data()), value.size(),
                       key_.data(), key_.size());
    add.bind(1, hex(hash, sizeof hash));
    add.bind(2, seq).bind(3, r.created_at).bind(4, r.kind == Kind::complaint ? 1 : 0).run();
    add.reset();
  }
}

int complaints_in_window(Database& db, std::string_view response_id) {
  Statement s(db,
              "SELECT COUNT(DISTINCT other.response_seq) FROM responses r "
              "JOIN contact_hashes mine ON mine.response_seq = r.seq "
              "JOIN contact_hashes other ON other.hash = mine.hash "
              "WHERE r.id = ? AND other.complaint = 1 AND other.created_at BETWEEN r.created_at - ? AND r.created_at");
  s.bind(1, response_id).bind(2, ContactIndex::repeat_window_ms);
  return s.step() ? s.column_int(0) : 0;
}

}  // namespace heard::store
