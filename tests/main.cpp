#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <stdlib.h>

int main(int argc, char* argv[]) {
  // Hermetic: the programs tests start (heardctl, heard-kiosk) and default_config_path() see
  // tests/empty.conf, not this machine's heard.conf nor a developer's $HEARD_CONFIG. Tests
  // that need a configuration pass --config or set HEARD_CONFIG themselves.
  ::setenv("HEARD_CONFIG", HEARD_EMPTY_CONFIG, 1);
  return Catch::Session().run(argc, argv);
}
