// Every seed of tests/fuzz/corpus/NAME/ and every crash kept in tests/fuzz/regressions/NAME/
// through the same entry function libFuzzer calls (tests/fuzz/fuzz_targets.hpp). A crash
// found by `tools/dev fuzz` goes into regressions/NAME/ and so stays fixed in every build,
// the ASan one included.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fuzz/fuzz_targets.hpp"

namespace fs = std::filesystem;

namespace {

std::size_t feed_every_file(const fs::path& dir, heard::fuzz::Entry entry) {
  std::size_t fed = 0;
  if (!fs::is_directory(dir)) return 0;
  for (const auto& file : fs::directory_iterator(dir)) {
    if (!file.is_regular_file() || file.path().filename().string().starts_with('.')) continue;
    std::ifstream in(file.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    INFO(file.path().string());
    CHECK_NOTHROW(entry(bytes.str()));
    ++fed;
  }
  return fed;
}

}  // namespace

TEST_CASE("Every fuzz seed and every kept fuzz crash goes through its harness unharmed", "[fuzz]") {
  for (const auto& [name, entry] : heard::fuzz::entries()) {
    SECTION(name) {
      CHECK(feed_every_file(fs::path(HEARD_FUZZ_DIR) / "corpus" / name, entry) > 0);
      feed_every_file(fs::path(HEARD_FUZZ_DIR) / "regressions" / name, entry);
    }
  }
}
