#pragma once
// Random tokens and what the hub keeps of them. Kiosk tokens, session ids and CSRF tokens are
// 32 random bytes, so a fast keyed-free BLAKE2b digest is enough to store them: nobody can
// guess a preimage. People's passwords are not random, so they get argon2id (crypto_pwhash_str),
// slow and memory-hard on purpose.
#include <string>
#include <string_view>

namespace heard::hub {

std::string random_token();                            // 32 random bytes, 64 hex digits
std::string token_digest(std::string_view token);      // BLAKE2b-256, hex
std::string hash_password(std::string_view password);  // argon2id string with its own salt
bool password_matches(const std::string& hash, std::string_view password);
// Spends the time of a real check, so an unknown name answers as slowly as a wrong password.
void waste_password_check(std::string_view password);

}  // namespace heard::hub
