#include "core/contact_match.hpp"

#include <cctype>

namespace heard {

std::string normalise_phone(std::string_view phone) {
  std::string digits;
  for (char c : phone)
    if (c >= '0' && c <= '9') digits += c;
  const auto first = phone.find_first_not_of(" \t");
  const bool plus = first != std::string_view::npos && phone[first] == '+';
  if (!plus && digits.starts_with("00")) digits.erase(0, 2);
  return digits.size() < 6 ? std::string() : digits;
}

std::string normalise_email(std::string_view email) {
  const auto first = email.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  email = email.substr(first, email.find_last_not_of(" \t\r\n") - first + 1);
  std::string out;
  for (char c : email) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto at = out.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == out.size()) return {};
  return out;
}

}  // namespace heard
