#include "monkey_invariants.hpp"

#include <stdexcept>

#include "core/validation.hpp"
#include "store/verify.hpp"
#include "ui/flow.hpp"
#include "ui/widgets.hpp"

namespace heard::kiosk {

namespace {

void fail(const std::string& what) { throw std::runtime_error("invariant broken: " + what); }

std::string clipped(const std::string& text) { return text.size() > 60 ? text.substr(0, 60) + "..." : text; }

std::string box_text(const ImRect& r) {
  return "(" + std::to_string(static_cast<int>(r.Min.x)) + "," + std::to_string(static_cast<int>(r.Min.y)) + ")-(" +
         std::to_string(static_cast<int>(r.Max.x)) + "," + std::to_string(static_cast<int>(r.Max.y)) + ")";
}

}  // namespace

MonkeyInvariants::MonkeyInvariants(const std::filesystem::path& db, store::ResponseStore& store,
                                   const SurveyConfig& survey)
    : reader_(db, store::Database::Mode::read_only), store_(store), survey_(survey) {}

void MonkeyInvariants::check(const ui::FlowState& state, const ui::FrameRecord& record) {
  try {
    check_database();
    check_thank_you(state);
    check_texts(record);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string(e.what()) + " (on screen " + ui::screen_name(state.screen) + ")");
  }
}

void MonkeyInvariants::check_database() {
  // data_version changes when another connection (the kiosk's) commits: nothing new, nothing to check.
  const auto version = reader_.query_int("PRAGMA data_version");
  if (version == data_version_) return;
  data_version_ = version;
  if (const auto outcome = store::verify_database(reader_); !outcome.ok())
    fail("heardctl verify's checks: " + outcome.problems());
  store::Statement complete(reader_, "SELECT id FROM responses WHERE complete = 1");
  while (complete.step()) {
    const std::string id = complete.column_text(0);
    if (valid_.contains(id)) continue;
    const auto r = store_.find(id);
    if (!r) fail("complete response " + id + " cannot be read back");
    if (const auto errors = validate(*r, survey_); !errors.empty())
      fail("stored response " + id + " is not valid: " + describe(errors));
    valid_.insert(id);
  }
}

void MonkeyInvariants::check_thank_you(const ui::FlowState& state) {
  if (state.screen != ui::Screen::thank_you) return;
  const std::string& id = state.saved.id;
  if (id.empty()) fail("\"thank you\" shown with no saved response");
  store::Statement row(reader_, "SELECT complete FROM responses WHERE id = ?");
  if (!row.bind(1, id).step()) fail("\"thank you\" shown for " + id + ", which is not committed");
  if (row.column_int64(0) != 1) fail("\"thank you\" shown for " + id + ", which is committed as in progress");
  const auto stored = store_.find(id);
  if (!stored || !(*stored == state.saved))
    fail("\"thank you\" shown for " + id + ", stored otherwise than the kiosk holds it");
}

void MonkeyInvariants::check_texts(const ui::FrameRecord& record) {
  for (const auto& t : record.texts)
    if (t.overflows)
      fail("text \"" + clipped(t.text) + "\" drawn at " + box_text(t.rect) + ", outside its box " + box_text(t.box));
}

}  // namespace heard::kiosk
