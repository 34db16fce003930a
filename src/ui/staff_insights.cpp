#include "ui/staff_insights.hpp"

#include "core/log.hpp"
#include "store/paths.hpp"
#include "ui/staff_export.hpp"

namespace heard::ui {

void InsightsPanel::show(const std::string& member, const std::string& days, const std::filesystem::path& assets_dir,
                         Now now) {
  if (!days.empty()) s_.days = std::stoi(days);
  if (!stop_words_) {
    try {
      stop_words_ = load_stop_words((assets_dir.empty() ? store::default_assets_dir() : assets_dir) / "stopwords.json");
    } catch (const std::exception& e) {
      log::warning(std::string("staff mode: no stop-words for the dashboard's word list: ") + e.what());
      stop_words_ = StopWords{};
    }
  }
  s_.loading = true;
  s_.error.clear();
  loader_.start({store_.file(), period_start(s_.days, now.wall), now.wall, *stop_words_});
  staff_.audit(member, "insights", {}, std::to_string(s_.days) + " days", now.wall);
}

bool InsightsPanel::poll() {
  auto done = loader_.take();
  if (!done || !s_.loading) return false;  // dropped when staff logged out meanwhile
  s_.loading = false;
  s_.insights = std::move(done->insights);
  s_.error = done->error;
  if (!done->error.empty()) log::error("staff mode: the dashboard's queries failed: " + done->error);
  return true;
}

}  // namespace heard::ui
