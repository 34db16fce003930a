// heard-kiosk --check-config as an installer runs it: the real binary, a real file, the
// exit code systemd sees. It must never open a window (there is no display here).
#include <catch2/catch.hpp>

#ifdef HEARD_KIOSK_PATH

#include <fstream>

#include "support/child_process.hpp"

using namespace heard::test;

namespace {

Run check_config(const TempDir& dir, const std::filesystem::path& config) {
  return run_program(dir,
                     {HEARD_KIOSK_PATH, "--config", config.string(), "--check-config", "--assets", HEARD_ASSETS_DIR});
}

}  // namespace

TEST_CASE("heard-kiosk --check-config says OK for a good file and exits 78 for a bad one", "[config][kiosk]") {
  TempDir dir;
  const auto config = dir / "heard.conf";
  std::ofstream(config)
      << "kiosk_id = \"lobby-1\"\n\n[paths]\ndatabase = \"data/heard.db\"\n\n[display]\nrotation = 90\n";
  const Run ok = check_config(dir, config);
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(ok.out == "heard-kiosk: configuration OK (" + config.string() + ")\n");

  SECTION("a bad value") {
    std::ofstream(config) << "kiosk_id = \"lobby-1\"\n\n[display]\nrotation = 45\n";
    const Run bad = check_config(dir, config);
    CHECK(bad.exit_code == 78);
    CHECK(bad.out.empty());
    CHECK(bad.err == "heard-kiosk: " + config.string() + ":4: display.rotation: must be 0, 90, 180 or 270 (got 45)\n");
  }
  SECTION("a database folder the kiosk could not create") {
    std::ofstream(dir / "data") << "a file where the folder should be";
    const Run bad = check_config(dir, config);
    CHECK(bad.exit_code == 78);
    CHECK(bad.err ==
          "heard-kiosk: " + config.string() + ":4: paths.database: " + (dir / "data").string() + " is not a folder\n");
  }
  SECTION("a file named on purpose must exist") {
    const Run missing = check_config(dir, dir / "nowhere.conf");
    CHECK(missing.exit_code == 78);
    CHECK(missing.err == "heard-kiosk: " + (dir / "nowhere.conf").string() +
                             ": cannot read the device configuration: No such file or directory\n");
  }
  SECTION("a bad file stops a normal start before any window, with the same message") {
    std::ofstream(config) << "[display]\nrotation = 45\n";
    const Run start = run_program(dir, {HEARD_KIOSK_PATH, "--config", config.string(), "--assets", HEARD_ASSETS_DIR});
    CHECK(start.exit_code == 78);
    CHECK(start.err ==
          "heard-kiosk: " + config.string() + ":2: display.rotation: must be 0, 90, 180 or 270 (got 45)\n");
  }
}

#endif
