#include "ui/flow.hpp"

#include <algorithm>

#include "core/log.hpp"

namespace heard::ui {

namespace {

bool is_contact_error(const FieldError& e) { return e.field.starts_with("contact") || e.field.starts_with("consent"); }

bool only_contact_needed(const std::vector<FieldError>& errors) {
  return !errors.empty() &&
         std::all_of(errors.begin(), errors.end(), [](const FieldError& e) { return e.code == "contact_needed"; });
}

template <typename T>
void toggle(std::vector<T>& items, const T& item) {
  if (auto it = std::find(items.begin(), items.end(), item); it != items.end()) items.erase(it);
  else items.push_back(item);
}

}  // namespace

const char* screen_name(Screen screen) {
  switch (screen) {
    case Screen::welcome:
      return "welcome";
    case Screen::chips:
      return "chips";
    case Screen::comment:
      return "comment";
    case Screen::resolution:
      return "resolution";
    case Screen::staff:
      return "staff";
    case Screen::contact:
      return "contact";
    case Screen::review:
      return "review";
    case Screen::thank_you:
      return "thank_you";
    case Screen::unavailable:
      return "unavailable";
  }
  return "?";
}

Flow::Flow(const SurveyConfig& survey, store::ResponseStore& store, std::string kiosk_id, std::string app_version,
           Now now)
    : survey_(&survey),
      store_(store),
      kiosk_id_(std::move(kiosk_id)),
      app_version_(std::move(app_version)),
      burst_(survey.burst_max_same_ratings, survey.burst_seconds * 1000LL) {
  s_.language = survey_->languages.front();
  s_.screen_since = now.steady - tap_guard_ms;  // the first screen is ready for a tap at once
  s_.last_activity = now.steady;
  // A kiosk that starts on a full or read-only disk shows the notice before anyone taps.
  probe(now);
}

void Flow::storage_unavailable(const store::StorageUnavailableError& e, std::optional<Response> r, bool in_store,
                               Now now) {
  // Once when it starts; a full disk can last hours and the journal lives on a disk too.
  if (s_.screen != Screen::unavailable) log::error(std::string("storage unavailable, showing the notice: ") + e.what());
  else log::debug(std::string("storage still unavailable: ") + e.what());
  if (r) {
    held_ = std::move(r);
    held_in_store_ = in_store;
  }
  if (s_.screen != Screen::unavailable) s_.storage_problem_since = now.wall;
  s_.storage_problem = e.problem();
  s_.still_there = false;
  s_.save_failed = false;
  next_probe_ = now.steady + probe_unavailable_ms;
  if (s_.screen != Screen::unavailable) go(Screen::unavailable, now);
}

void Flow::probe(Now now) {
  try {
    store_.probe_write();
    if (held_) {
      if (held_in_store_) store_.update(*held_, store::Stage::complete, now.wall);
      else store_.save(*held_, store::Stage::complete);
      log::info("saved the response held while the storage was unavailable");
      if (on_complete_) on_complete_(*held_);
      held_.reset();
    }
  } catch (const store::StorageUnavailableError& e) {
    storage_unavailable(e, std::nullopt, false, now);
    return;
  } catch (const std::exception& e) {
    // Not the disk (a locked or damaged file): the next save reports it as before.
    log::error(std::string("storage probe failed: ") + e.what());
  }
  wrote(now);
  if (s_.screen == Screen::unavailable) {
    log::info("storage is writable again; back to Welcome");
    reset(now);
  }
}

std::vector<Screen> Flow::steps(Kind kind) const {
  std::vector<Screen> out;
  if (!survey_->chips_for(kind).empty()) out.push_back(Screen::chips);
  out.push_back(Screen::comment);
  if (kind == Kind::complaint) out.push_back(Screen::resolution);
  if (!survey_->staff.empty()) out.push_back(Screen::staff);
  if (kind == Kind::complaint) out.push_back(Screen::contact);
  return out;
}

std::optional<KeyboardMode> Flow::keyboard_mode() const {
  if (s_.screen == Screen::comment) return KeyboardMode::text;
  if (s_.screen != Screen::contact) return std::nullopt;
  switch (s_.editing) {
    case ContactField::name:
      return KeyboardMode::text;
    case ContactField::phone:
      return KeyboardMode::phone;
    case ContactField::email:
      return KeyboardMode::email;
    case ContactField::none:
      break;
  }
  return std::nullopt;
}

void Flow::go(Screen screen, Now now) {
  s_.screen = screen;
  s_.screen_since = now.steady;
  s_.last_activity = now.steady;
  ++s_.generation;
  s_.editing = ContactField::none;
  s_.keyboard = KeyboardState::opened(screen == Screen::comment && s_.draft.comment.empty());
  s_.errors.clear();
  if (screen == Screen::review) s_.back_to_review = false;
}

void Flow::reset(Now now) {
  if (s_.response_open()) {
    try {
      if (store_.mark_complete(s_.saved.id, now.wall) && on_complete_) on_complete_(s_.saved);
      wrote(now);
    } catch (const std::exception& e) {
      // Start-up completes whatever is left in progress, so the rating is still not lost.
      log::error(std::string("could not mark the response complete: ") + e.what());
    }
  }
  const std::uint64_t generation = s_.generation;
  s_ = FlowState{};
  s_.language = survey_->languages.front();
  s_.generation = generation;
  go(Screen::welcome, now);
}

bool Flow::between_customers() const { return s_.screen == Screen::welcome && !s_.response_open(); }

bool Flow::use_survey(const SurveyConfig& survey, Now now) {
  if (!between_customers()) return false;
  survey_ = &survey;
  reset(now);  // the new survey's default language, and a fresh Welcome screen
  return true;
}

Response Flow::candidate() const {
  Response r = s_.draft;
  r.language = s_.language;
  if (r.contact.empty()) r.consent = {};
  r.consent.text_version = r.consent.given ? survey_->consent_text_version : std::string();
  const Resolution* res = survey_->find_resolution(r.desired_resolution);
  const bool reachable = !r.contact.phone.empty() || !r.contact.email.empty();
  r.urgent = res && (res->urgent || (res->needs_contact && reachable));
  return r;
}

bool Flow::confirm(store::Stage stage, bool contact_may_follow, Now now) {
  Response r = candidate();
  if (stage == store::Stage::complete && staff_recent(now) &&
      std::find(r.flags.begin(), r.flags.end(), flags::staff_present) == r.flags.end())
    r.flags.emplace_back(flags::staff_present);
  auto errors = validate(r, *survey_);
  if (contact_may_follow && only_contact_needed(errors)) {
    // "Call me back" is kept on screen and saved once the contact step gives a way to call.
    r.desired_resolution = s_.saved.desired_resolution;
    r.urgent = s_.saved.urgent;
    errors = validate(r, *survey_);
  }
  if (!errors.empty()) {
    s_.errors = errors;
    if (s_.screen != Screen::contact && std::any_of(errors.begin(), errors.end(), is_contact_error)) {
      go(Screen::contact, now);
      s_.errors = errors;
    }
    return false;
  }
  try {
    store_.update(r, stage, now.wall);
  } catch (const store::StorageUnavailableError& e) {
    storage_unavailable(e, r, true, now);
    return false;
  } catch (const std::exception& e) {
    log::error(std::string("could not save the response: ") + e.what());
    s_.save_failed = true;
    return false;
  }
  wrote(now);
  s_.saved = r;
  s_.errors.clear();
  if (stage == store::Stage::complete && on_complete_) on_complete_(r);
  return true;
}

void Flow::rate(int rating, Now now) {
  if (rating < 1 || rating > 5) return;
  const Kind kind = kind_for_rating(rating, survey_->low_rating_threshold);
  if (!s_.response_open()) {
    Response r;
    r.id = ids_.next(now.wall);  // stays increasing when the wall clock steps back
    r.kiosk_id = kiosk_id_;
    r.created_at = now.wall;
    r.utc_offset_min = local_utc_offset_min(now.wall);
    r.rating = rating;
    r.kind = kind;
    r.language = s_.language;
    r.survey_version = survey_->survey_version;
    r.app_version = app_version_;
    if (burst_.rated(rating, now.steady)) r.flags.emplace_back(flags::burst);
    if (staff_recent(now)) r.flags.emplace_back(flags::staff_present);
    if (const auto errors = validate(r, *survey_); !errors.empty()) {
      log::error("the kiosk made an invalid response: " + describe(errors));
      s_.save_failed = true;
      return;
    }
    try {
      store_.save(r, store::Stage::in_progress);
    } catch (const store::StorageUnavailableError& e) {
      storage_unavailable(e, r, false, now);
      return;
    } catch (const std::exception& e) {
      log::error(std::string("could not save the rating: ") + e.what());
      s_.save_failed = true;
      return;
    }
    wrote(now);
    s_.saved = s_.draft = r;
  } else {
    // Back on the faces with a response open: the same customer changes their mind.
    if (kind != s_.draft.kind) {
      s_.draft.categories.clear();
      if (kind != Kind::complaint) {
        s_.draft.desired_resolution.clear();
        s_.draft.contact = {};
        s_.draft.consent = {};
      }
    }
    s_.draft.rating = rating;
    s_.draft.kind = kind;
    if (!confirm(store::Stage::in_progress, true, now)) return;
  }
  go(steps(kind).front(), now);
}

void Flow::forward(bool done, Now now) {
  const Kind kind = s_.draft.kind;
  const auto order = steps(kind);
  const auto at = std::find(order.begin(), order.end(), s_.screen);
  if (at == order.end()) return;
  const bool last = at + 1 == order.end();
  if (kind != Kind::complaint) {
    if (done || last) {
      if (confirm(store::Stage::complete, false, now)) go(Screen::thank_you, now);
    } else if (confirm(store::Stage::in_progress, false, now)) {
      go(*(at + 1), now);
    }
    return;
  }
  if (done || last || s_.back_to_review) {
    if (confirm(store::Stage::in_progress, false, now)) go(Screen::review, now);
    return;
  }
  if (confirm(store::Stage::in_progress, true, now)) go(*(at + 1), now);
}

void Flow::back(Now now) {
  if (s_.editing != ContactField::none) {
    s_.editing = ContactField::none;
    s_.screen_since = now.steady;
    ++s_.generation;
    return;
  }
  if (s_.back_to_review) {
    go(Screen::review, now);
    return;
  }
  const auto order = steps(s_.draft.kind);
  if (s_.screen == Screen::review) {
    go(order.back(), now);
    return;
  }
  const auto at = std::find(order.begin(), order.end(), s_.screen);
  if (at == order.end() || at == order.begin()) go(Screen::welcome, now);
  else go(*(at - 1), now);
}

std::string* Flow::typing_target() {
  if (s_.screen == Screen::comment) return &s_.draft.comment;
  if (s_.screen != Screen::contact) return nullptr;
  switch (s_.editing) {
    case ContactField::name:
      return &s_.draft.contact.name;
    case ContactField::phone:
      return &s_.draft.contact.phone;
    case ContactField::email:
      return &s_.draft.contact.email;
    case ContactField::none:
      break;
  }
  return nullptr;
}

std::size_t Flow::typing_limit() const {
  if (s_.screen == Screen::comment) return max_comment_code_points;
  if (s_.editing == ContactField::phone) return 20;
  if (s_.editing == ContactField::email) return 254;
  return max_short_text_code_points;
}

// Longer than 60 lines on purpose: after the guards, one case a line or two per intent, the
// flow's table of what each tap does; the steps themselves are functions of their own.
bool Flow::apply(const Intent& in, Now now) {
  if (in.generation != s_.generation) return false;
  // Nothing to do but wait, in the customer's language.
  if (s_.screen == Screen::unavailable && in.type != IntentType::language) return false;
  if (now.steady - s_.screen_since < tap_guard_ms) return false;
  if (s_.save_failed && in.type != IntentType::dismiss_error) return false;
  if (s_.still_there && in.type != IntentType::still_here) return false;
  s_.last_activity = now.steady;

  switch (in.type) {
    case IntentType::rate:
      if (s_.screen != Screen::welcome) return false;
      rate(in.number, now);
      break;
    case IntentType::toggle_chip:
      toggle(s_.draft.categories, in.value);
      break;
    case IntentType::choose_resolution:
      s_.draft.desired_resolution = s_.draft.desired_resolution == in.value ? std::string() : in.value;
      break;
    case IntentType::choose_staff:
      s_.draft.staff = s_.draft.staff == in.value ? std::string() : in.value;
      break;
    case IntentType::choose_channel:
      s_.draft.contact.channel = s_.draft.contact.channel == in.value ? std::string() : in.value;
      break;
    case IntentType::toggle_consent:
      s_.draft.consent.given = !s_.draft.consent.given;
      break;
    case IntentType::edit_field:
      s_.editing = static_cast<ContactField>(in.number);
      s_.screen_since = now.steady;
      ++s_.generation;
      s_.keyboard = KeyboardState::opened(s_.editing == ContactField::name && s_.draft.contact.name.empty());
      break;
    case IntentType::type_text:
    case IntentType::backspace:
    case IntentType::shift:
    case IntentType::symbols:
    case IntentType::keyboard_page:
      press_key(s_.keyboard, typing_target(), *key_of(keyboard_intents, in.type), in.value, typing_limit());
      break;
    case IntentType::next:
      forward(false, now);
      break;
    case IntentType::done:
      forward(true, now);
      break;
    case IntentType::back:
      back(now);
      break;
    case IntentType::send:
      if (s_.screen == Screen::review && confirm(store::Stage::complete, false, now)) go(Screen::thank_you, now);
      break;
    case IntentType::edit_step:
      if (s_.screen != Screen::review) return false;
      s_.back_to_review = true;
      go(static_cast<Screen>(in.number), now);
      s_.back_to_review = true;
      break;
    case IntentType::language:
      if (!survey_->has_language(in.value)) return false;
      s_.language = in.value;
      break;
    case IntentType::toggle_large_text:
      s_.large_text = !s_.large_text;
      break;
    case IntentType::toggle_high_contrast:
      s_.high_contrast = !s_.high_contrast;
      break;
    case IntentType::still_here:
      s_.still_there = false;
      s_.screen_since = now.steady;
      ++s_.generation;
      break;
    case IntentType::finish:
      if (s_.screen != Screen::thank_you) return false;
      reset(now);
      break;
    case IntentType::dismiss_error:
      s_.save_failed = false;
      break;
  }
  return true;
}

namespace {
bool idles(const FlowState& s) {
  if (s.screen == Screen::thank_you) return false;
  return s.screen != Screen::welcome || s.response_open();
}
}  // namespace

namespace {
// Quiet on Welcome: the moment to check the disk before the next customer taps a face.
bool probes_when_idle(const FlowState& s) {
  return s.screen == Screen::welcome && !s.response_open() && !s.save_failed && !s.still_there;
}
}  // namespace

void Flow::tick(Now now) {
  if (s_.screen == Screen::unavailable || probes_when_idle(s_)) {
    if (now.steady >= next_probe_) probe(now);
    return;
  }
  if (s_.screen == Screen::thank_you) {
    if (now.steady >= s_.screen_since + survey_->thank_you_seconds * 1000LL) reset(now);
    return;
  }
  if (!idles(s_) || s_.save_failed) return;
  const Millis idle_at = s_.last_activity + survey_->idle_timeout_seconds * 1000LL;
  if (!s_.still_there && now.steady >= idle_at) {
    s_.still_there = true;
    s_.screen_since = now.steady;  // the overlay is a new screen for the tap guard
    s_.still_there_left = survey_->still_there_seconds;
    ++s_.generation;
  }
  if (s_.still_there) {
    const Millis end = s_.screen_since + survey_->still_there_seconds * 1000LL;
    if (now.steady >= end) {
      reset(now);
      return;
    }
    s_.still_there_left = static_cast<int>((end - now.steady + 999) / 1000);
  }
}

std::optional<Millis> Flow::next_deadline() const {
  if (s_.screen == Screen::unavailable || probes_when_idle(s_)) return next_probe_;
  if (s_.screen == Screen::thank_you) return s_.screen_since + survey_->thank_you_seconds * 1000LL;
  if (!idles(s_) || s_.save_failed) return std::nullopt;
  if (!s_.still_there) return s_.last_activity + survey_->idle_timeout_seconds * 1000LL;
  // Next whole second of the countdown, so the number on screen stays right.
  const Millis end = s_.screen_since + survey_->still_there_seconds * 1000LL;
  return end - (s_.still_there_left - 1) * 1000LL;
}

}  // namespace heard::ui
