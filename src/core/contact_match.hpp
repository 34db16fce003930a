#pragma once
// Normal forms of contact details for recognising a repeat complainant: the same phone
// typed with spaces or dashes, or the same e-mail in other capitals, must match. Only a
// keyed hash of these forms is stored for matching (store/contact_index.hpp).
#include <string>
#include <string_view>

namespace heard {

// Digits only, with an international "00" prefix read as "+": "+34 600-000 000" and
// "0034600000000" both give "34600000000". Fewer than 6 digits gives "" (nothing to match).
std::string normalise_phone(std::string_view phone);

// Trimmed and lower-case ASCII; "" unless it has a local part, an "@" and a domain.
std::string normalise_email(std::string_view email);

}  // namespace heard
