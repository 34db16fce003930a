#pragma once
// Surveys to publish in the fleet tests: the shipped assets/survey.json, changed a little.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace heard::test {

inline nlohmann::json shipped_survey() {
  std::ifstream in(std::filesystem::path(HEARD_ASSETS_DIR) / "survey.json");
  std::ostringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

// The shipped survey with one more complaint category, labelled `label` in every language.
inline std::string survey_with_category(const std::string& id, const std::string& label) {
  auto s = shipped_survey();
  s["categories"].push_back({{"id", id}, {"label", {{"en", label}, {"es", label}, {"fr", label}, {"de", label}}}});
  return s.dump(2);
}

// The shipped survey without category `id`; `retired` lists it as retired.
inline std::string survey_without_category(const std::string& id, bool retired) {
  auto s = shipped_survey();
  auto& list = s["categories"];
  for (auto it = list.begin(); it != list.end(); ++it)
    if ((*it)["id"] == id) {
      list.erase(it);
      break;
    }
  if (retired) s["retired"] = {id};
  return s.dump(2);
}

inline std::filesystem::path write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

}  // namespace heard::test
