#pragma once
// Maps every key path of a JSON text ("categories[2].label.fr") to the line it starts on.
// nlohmann-json reports positions only for syntax errors; this lets config errors about
// valid JSON with wrong content name the line too.
#include <map>
#include <string>
#include <string_view>

namespace heard {

std::map<std::string, int> json_key_lines(std::string_view text);

}  // namespace heard
