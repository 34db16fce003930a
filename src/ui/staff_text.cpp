#include "ui/staff_text.hpp"

namespace heard::ui {

std::string storage_problem_key(store::StorageProblem problem) {
  switch (problem) {
    case store::StorageProblem::full:
      return "staffmode.storage.full";
    case store::StorageProblem::read_only:
      return "staffmode.storage.read_only";
    case store::StorageProblem::permission:
      return "staffmode.storage.permission";
    case store::StorageProblem::io:
      return "staffmode.storage.io";
  }
  return "staffmode.storage.io";
}

StaffText storage_message(const store::StorageUnavailableError& e, const char* key) {
  return {key, {}, {{"problem", storage_problem_key(e.problem())}}, std::nullopt};
}

}  // namespace heard::ui
