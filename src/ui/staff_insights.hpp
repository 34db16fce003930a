#pragma once
// Staff mode's dashboard: the numbers for today, 7 or 30 days, counted on their own thread
// (ui/insights_loader.hpp) so the screen stays responsive. Its own state machine.
#include <filesystem>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/words.hpp"
#include "store/insights.hpp"
#include "store/staff_store.hpp"
#include "ui/insights_loader.hpp"

namespace heard::ui {

struct InsightsState {
  int days = 7;  // 1 = today
  std::optional<store::Insights> insights;
  bool loading = false;  // the queries run on their own thread
  std::string error;
};

class InsightsPanel {
 public:
  InsightsPanel(store::ResponseStore& store, store::StaffStore& staff) : store_(store), staff_(staff) {}

  const InsightsState& state() const { return s_; }
  // A new session: what was loading for the last one is dropped when it arrives.
  void reset() { s_ = {}; }

  // Starts counting for `days` ("1", "7", "30"; empty: the last choice). The stop-words
  // come from `assets_dir`/stopwords.json (empty: store::default_assets_dir()), read once.
  void show(const std::string& member, const std::string& days, const std::filesystem::path& assets_dir, Now now);
  // Takes the numbers once counted; true when that changed what the dashboard shows.
  bool poll();
  bool busy() const { return loader_.busy(); }

 private:
  store::ResponseStore& store_;
  store::StaffStore& staff_;
  InsightsState s_;
  std::optional<StopWords> stop_words_;  // read on first use of the dashboard
  InsightsLoader loader_;
};

}  // namespace heard::ui
