// The test-only script commands (disk, stage-survey, expect-survey, monkey) live in the tests'
// heard-kiosk-test, not in the shipped heard-kiosk: a script using one fails on the shipped
// kiosk before it runs anything, and heard-kiosk-test checks their arguments up front too.
#include <catch2/catch.hpp>

#if defined(HEARD_KIOSK_PATH) && defined(HEARD_KIOSK_TEST_PATH)

#include "support/child_process.hpp"

using namespace heard::test;

namespace {

Run run_script(const TempDir& dir, const char* kiosk, const std::string& script) {
  write_private_file(dir / "run.script", script);
  return run_program(dir, {"/usr/bin/env", "-u", "HEARD_TEST_DISK", "HEARD_ASSETS_DIR=" HEARD_ASSETS_DIR,
                           "HEARD_CONFIG=" HEARD_EMPTY_CONFIG, kiosk, "--headless", "--size", "800x480", "--script",
                           (dir / "run.script").string(), "--screenshots", dir.path().string()});
}

}  // namespace

TEST_CASE("the shipped kiosk knows no test-only script command; heard-kiosk-test does", "[kiosk][script]") {
  TempDir dir;
  for (const char* line : {"disk fill", "stage-survey survey.json", "expect-survey 3", "monkey 1 10"}) {
    INFO(line);
    const Run shipped = run_script(dir, HEARD_KIOSK_PATH, std::string("wait 10\n") + line + "\n");
    CHECK(shipped.exit_code == 1);
    CHECK(shipped.err.find("run.script:2: unknown command '" +
                           std::string(line).substr(0, std::string(line).find(' ')) + "'") != std::string::npos);
  }

  // heard-kiosk-test parses them, refuses a bad word before anything runs, and `disk` outside
  // ui_script_test's small disk says where it works.
  const Run typo = run_script(dir, HEARD_KIOSK_TEST_PATH, "wait 10\ndisk fil\n");
  CHECK(typo.exit_code == 1);
  CHECK(typo.err.find("run.script:2: disk expects one of fill, free, writable") != std::string::npos);
  const Run outside = run_script(dir, HEARD_KIOSK_TEST_PATH, "disk fill\n");
  CHECK(outside.exit_code == 1);
  CHECK(outside.err.find("run.script:1: disk works only under ui_script_test's #small-disk") != std::string::npos);
  const Run monkey = run_script(dir, HEARD_KIOSK_TEST_PATH, "monkey 7 20\n");
  INFO(monkey.err);
  CHECK(monkey.exit_code == 0);
}

#endif
