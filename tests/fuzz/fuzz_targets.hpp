#pragma once
// One entry function per fuzz harness. libFuzzer calls them through libfuzzer_main.cpp;
// the normal suite (tests/test_fuzz_inputs.cpp) feeds them every committed seed and every
// crash kept in tests/fuzz/regressions/NAME/, so a fixed crash stays fixed under g++ too.
//
// An entry function returns normally for any input the code under test handles as promised
// (including a clean refusal: the parser's own error type). A broken promise throws
// BrokenInvariant; under libFuzzer that is an uncaught exception, i.e. a crash.
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace heard::fuzz {

class BrokenInvariant : public std::logic_error {
  using std::logic_error::logic_error;
};

inline void require(bool ok, const std::string& what) {
  if (!ok) throw BrokenInvariant(what);
}

void hub_batch(std::string_view input);        // hub_batch.cpp (the hub's glue: tools/heard-hub)
void survey(std::string_view input);           // survey.cpp: survey.json and assets/i18n/*.json
void device_config(std::string_view input);    // device_config.cpp: heard.conf
void hub_reply(std::string_view input);        // hub_reply.cpp: the kiosk reading a hub's 200
void script(std::string_view input);           // script.cpp: headless kiosk scripts
void csv_round_trip(std::string_view input);   // csv_round_trip.cpp: export then RFC 4180 read
void hub_http(std::string_view input);         // hub_http.cpp: a whole HTTP request through the hub
void config_download(std::string_view input);  // config_download.cpp: the kiosk checking a published survey

using Entry = void (*)(std::string_view);
// Name (as in tests/fuzz/corpus/NAME) to entry function, for the regression test.
inline const std::vector<std::pair<std::string, Entry>>& entries() {
  static const std::vector<std::pair<std::string, Entry>> all = {
      {"hub_batch", hub_batch},
      {"survey", survey},
      {"device_config", device_config},
      {"hub_reply", hub_reply},
      {"script", script},
      {"csv_round_trip", csv_round_trip},
      {"hub_http", hub_http},
      {"config_download", config_download},
  };
  return all;
}

}  // namespace heard::fuzz
