#include "secrets.hpp"

#include <sodium.h>

#include <stdexcept>

namespace heard::hub {

namespace {

std::string hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

void start_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
}

// Interactive limits (64 MiB, 2 passes): a sign-in takes a fraction of a second on the hub.
constexpr auto ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr auto memory = crypto_pwhash_MEMLIMIT_INTERACTIVE;

}  // namespace

std::string random_token() {
  start_sodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return hex(bytes, sizeof bytes);
}

std::string token_digest(std::string_view token) {
  start_sodium();
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  return hex(out, sizeof out);
}

std::string hash_password(std::string_view password) {
  start_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), ops, memory) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool password_matches(const std::string& hash, std::string_view password) {
  start_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void waste_password_check(std::string_view password) {
  static const std::string dummy = hash_password("not anyone's password");
  password_matches(dummy, password);
}

}  // namespace heard::hub
