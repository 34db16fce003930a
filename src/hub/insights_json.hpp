#pragma once
// The console's insights as JSON, and the stop-words they use: one shape for both backends
// (sqlite_hub_insights.cpp, pg_hub_insights.cpp), which both compute with store/insights.
#include <nlohmann/json.hpp>

#include "core/words.hpp"
#include "store/insights.hpp"

namespace heard::hub {

const StopWords& insights_stop_words();
nlohmann::json insights_to_json(const store::Insights& in, bool weekly);

}  // namespace heard::hub
