#pragma once
// Words for staff, decided by staff mode's parts and said by the staff screens in the staff
// language: a translation key (assets/i18n) and its values. Whole sentences with
// placeholders, never pieces, so each language can order them its own way.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/database.hpp"

namespace heard::ui {

struct StaffText {
  std::string key;                                              // empty: nothing to say
  std::vector<std::pair<std::string, std::string>> values;      // placeholder -> text as is
  std::vector<std::pair<std::string, std::string>> translated;  // placeholder -> a key of its own
  std::optional<std::int64_t> count;                            // set: `key` has plural forms (Translations::plural)

  bool empty() const { return key.empty(); }
};

// "staffmode.storage.full", …: the key of a storage problem's words for staff.
std::string storage_problem_key(store::StorageProblem problem);

// `key` says what cannot be done; the problem (full, read_only, …) is translated with it.
StaffText storage_message(const store::StorageUnavailableError& e, const char* key);

}  // namespace heard::ui
