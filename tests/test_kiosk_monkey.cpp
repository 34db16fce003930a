// The monkey (tests/support/kiosk_test/monkey.hpp, a command of heard-kiosk-test): the real kiosk,
// headless, takes 10,000 random actions from a fixed seed (taps anywhere and on what is on screen, drags, holds and the
// staff gesture, hostile Unicode text, language changes, jumps in time) on a database with responses and a staff PIN
// the monkey can guess ("1111"). After every step the kiosk checks the invariants of
// support/kiosk_test/monkey_invariants.hpp (the database passes heardctl verify's checks, a "thank you" stands for a
// committed response, stored responses are valid, no text outside its box) and stops at the first broken one; the
// database must also pass `heardctl verify` itself afterwards. HEARD_MONKEY_SEED and HEARD_MONKEY_ACTIONS run other or
// longer ones (tools/dev monkey).
#include <catch2/catch.hpp>

#include <cstdlib>

#include "support/child_process.hpp"

#if defined(HEARD_KIOSK_TEST_PATH) && defined(HEARDCTL_PATH)

using namespace heard::test;

namespace {

std::string from_env(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

}  // namespace

TEST_CASE("The monkey: 10,000 random actions on the headless kiosk, then heardctl verify passes", "[kiosk][monkey]") {
  const std::string seed = from_env("HEARD_MONKEY_SEED", "20261206");
  const std::string actions = from_env("HEARD_MONKEY_ACTIONS", "10000");
  INFO("replay: HEARD_MONKEY_SEED=" << seed << " HEARD_MONKEY_ACTIONS=" << actions
                                    << " build/tests/heard_tests '[monkey]'");
  TempDir dir;
  const std::string db = (dir / "heard.db").string();
  const std::string env_config = "HEARD_CONFIG=" HEARD_EMPTY_CONFIG;
  const Run seeded = run_program(dir, {"/usr/bin/env", env_config, HEARDCTL_PATH, "--db", db, "seed", "--count", "40"});
  REQUIRE(seeded.exit_code == 0);
  const Run pin = run_program(
      dir,
      {"/bin/sh", "-c", "echo 1111 | env " + env_config + " " HEARDCTL_PATH " --db " + db + " set-pin --name Monkey"});
  INFO(pin.err);
  REQUIRE(pin.exit_code == 0);

  write_private_file(dir / "monkey.script", "monkey " + seed + " " + actions + "\n");
  const Run run =
      run_program(dir, {"/usr/bin/env", "HEARD_ASSETS_DIR=" HEARD_ASSETS_DIR, env_config, HEARD_KIOSK_TEST_PATH,
                        "--headless", "--size", "800x480", "--db", db, "--script", (dir / "monkey.script").string()});
  INFO(run.err.substr(run.err.size() > 6000 ? run.err.size() - 6000 : 0));
  REQUIRE(run.exit_code == 0);

  const Run verify = run_program(dir, {"/usr/bin/env", env_config, HEARDCTL_PATH, "--db", db, "verify"});
  INFO(verify.out << verify.err);
  REQUIRE(verify.exit_code == 0);
}

#endif
