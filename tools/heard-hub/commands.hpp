#pragma once
// heard-hub's commands besides serving: kiosks and their tokens, people, the configuration
// check, and the demo chain for `tools/dev hub` and the browser tests.
#include <string>

#include "hub/hub_config.hpp"
#include "hub/hub_storage.hpp"
#include "hub/tokens.hpp"

namespace heard::hub {

// `--config FILE`, else $HEARD_HUB_CONFIG, else /etc/heard/hub.toml when it exists, else no
// sites at all. Throws ConfigError.
HubConfig load_config(const std::string& given);
// Prints "configuration OK" or the first mistake; returns 0 or 78.
int check_config(const std::string& given);
// The old --tokens file: its kiosks and their token digests go into the database.
void import_tokens(HubStorage& storage, const Tokens& tokens);
// argv[0] is "kiosk", "user" or "demo". Exit codes: 0 done, 1 not found, 2 usage, 3 failure, 78 config.
int run_command(int argc, char** argv);

}  // namespace heard::hub
