#include "kiosk_app.hpp"

#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <chrono>

#include "core/log.hpp"
#include "software_render.hpp"
#include "ui/closed_screen.hpp"

namespace heard::kiosk {

void complete_left_in_progress(store::ResponseStore& store) {
  try {
    if (const int finished = store.complete_all_in_progress(); finished > 0)
      log::info("heard-kiosk: completed " + std::to_string(finished) + " response(s) left in progress");
  } catch (const store::StorageUnavailableError& e) {
    log::error(std::string("heard-kiosk: responses left in progress stay so for now: ") + e.what());
  }
}

Kiosk::Kiosk(const SurveyConfig& survey, const ui::Translations& translations, store::ResponseStore& store,
             std::string kiosk_id, SDL_Renderer* renderer, ui::Panel panel, float dpi, KioskClock& clock)
    : survey_(survey),
      translations_(translations),
      renderer_(renderer),
      software_(is_software(renderer)),
      clock_(clock),
      flow_(survey, store, std::move(kiosk_id), HEARD_VERSION, clock.now()),
      staff_(store, survey),
      dpi_(dpi),
      panel_(panel) {
  IMGUI_CHECKVERSION();
  imgui_ = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // a kiosk has no window positions to remember
  io.LogFilename = nullptr;
  io.MouseDragThreshold = 12.0f;
  if (software_) {
    // Anti-aliased edges are thin translucent triangles that SDL's software renderer blends
    // one by one through a scratch surface; without them a frame costs a fraction.
    ImGuiStyle& style = ImGui::GetStyle();
    style.AntiAliasedFill = false;
    style.AntiAliasedLines = false;
    style.AntiAliasedLinesUseTex = false;
    // Hard edges show no finer curves than this; fewer segments mean fewer triangles.
    style.CircleTessellationMaxError = 1.0f;
  }
  ImGui_ImplSDLRenderer_Init(renderer_);
  glyph_ranges_ = ui::glyph_ranges_for_screens(translations_, survey_);
  rebuild_fonts_if_needed();
  last_frame_ = clock_.now();
}

Kiosk::~Kiosk() {
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui::DestroyContext(imgui_);
}

void Kiosk::rebuild_fonts_if_needed() {
  const bool large = flow_.state().large_text;
  const ui::Metrics m = ui::metrics_for(static_cast<float>(panel_.logical_width()),
                                        static_cast<float>(panel_.logical_height()), dpi_, large);
  const bool same_fonts = fonts_.body && large == fonts_large_ && m.small_px == metrics_.small_px &&
                          m.body_px == metrics_.body_px && m.title_px == metrics_.title_px;
  metrics_ = m;
  if (same_fonts) return;
  // New pixel sizes mean a new atlas and a new texture; glyphs are never scaled.
  const auto started = std::chrono::steady_clock::now();
  ImGui_ImplSDLRenderer_DestroyFontsTexture();
  fonts_ = ui::build_fonts(*ImGui::GetIO().Fonts, metrics_, glyph_ranges_);
  fonts_large_ = large;
  ImGui_ImplSDLRenderer_CreateFontsTexture();
  ImGui::GetIO().Fonts->ClearTexData();  // the texture has the pixels now
  // Start-up time on a slow board is mostly this; worth seeing when tuning a device.
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  log::debug("heard-kiosk: fonts built at " + std::to_string(static_cast<int>(m.body_px)) + " px in " +
             std::to_string(ms.count()) + " ms");
}

void Kiosk::pointer_move(float x, float y) { pointer_events_.push_back({ImVec2(x, y), pointer_events_.empty() ? down_ : pointer_events_.back().down}); }
void Kiosk::pointer_down(float x, float y) { pointer_events_.push_back({ImVec2(x, y), true}); }
void Kiosk::pointer_up(float x, float y) { pointer_events_.push_back({ImVec2(x, y), false}); }
void Kiosk::wheel(float dy) { wheel_ += dy; }

void Kiosk::type_text(const std::string& text) {
  typed_.push_back({ui::IntentType::type_text, text, 0, flow_.state().generation});
}

void Kiosk::backspace() { typed_.push_back({ui::IntentType::backspace, {}, 0, flow_.state().generation}); }

void Kiosk::resize(int width, int height) {
  panel_ = ui::Panel(width, height, panel_.rotation(), panel_.calibration());
  settle_frames_ = 2;
}

bool Kiosk::tick() {
  flow_.tick(clock_.now());
  staff_.tick(clock_.now());
  const auto& s = flow_.state();
  const auto sleep_before = sleep_.state();
  const bool slept_or_woke = sleep_.update(clock_.now(), s.screen != ui::Screen::welcome || staff_.active()) != sleep_before;
  if (slept_or_woke) settle_frames_ = 2;
  return slept_or_woke || s.generation != drawn_generation_ || staff_.state().generation != drawn_staff_generation_ || (s.still_there && s.still_there_left != drawn_countdown_);
}

std::optional<Millis> Kiosk::next_frame_at() const {
  const Millis now = clock_.now();
  if (!pointer_events_.empty() || !typed_.empty() || settle_frames_ > 0) return now;
  if (record_.animating) return last_frame_ + 16;
  std::optional<Millis> due = sleep_.next_deadline(now);
  for (const auto& d : {flow_.next_deadline(), staff_.next_deadline()})
    if (d) due = due ? std::min(*due, *d) : d;
  return due;
}

void Kiosk::frame(bool paint) {
  const Millis now = clock_.now();
  flow_.tick(now);
  rebuild_fonts_if_needed();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(panel_.logical_width()), static_cast<float>(panel_.logical_height()));
  io.DeltaTime = std::clamp(static_cast<float>(now - last_frame_) / 1000.0f, 0.001f, 0.1f);
  last_frame_ = now;

  // Closed: a finger only wakes the screen (the notice), and restarts its time.
  for (const PointerEvent& e : pointer_events_)
    if (e.down && sleep_.touched(now)) {
      pointer_events_.clear();  // the touch that woke the screen taps nothing
      settle_frames_ = 2;
      break;
    }
  const auto sleep = sleep_.update(now, flow_.state().screen != ui::Screen::welcome || staff_.active());
  // A finger has no hover: after a release the pointer leaves the screen.
  if (release_seen_ && pointer_events_.empty()) pointer_ = ImVec2(-FLT_MAX, -FLT_MAX);
  release_seen_ = false;
  // At most one press or release per frame, so ImGui sees every tap.
  bool changed = false;
  while (!pointer_events_.empty()) {
    const PointerEvent e = pointer_events_.front();
    if (e.down != down_) {
      if (changed) break;
      changed = true;
      release_seen_ = !e.down;
    }
    pointer_ = e.pos;
    down_ = e.down;
    pointer_events_.pop_front();
  }
  io.MousePos = pointer_;
  io.MouseDown[0] = down_;
  // The hidden way into staff mode: hold the top-left corner of the Welcome screen (or of
  // the "temporarily unavailable" notice, where staff are the ones asked to come).
  const ui::Screen screen = flow_.state().screen;
  staff_.watch_gesture(down_, pointer_.x, pointer_.y, metrics_.target * 1.5f,
                       (screen == ui::Screen::welcome || screen == ui::Screen::unavailable) &&
                           sleep != ui::ScreenSleep::State::asleep,
                       now);
  staff_.tick(now);
  const auto staff_before = staff_.state().generation;
  io.MouseWheel = wheel_;
  wheel_ = 0;

  const ui::Palette palette = ui::palette_for(survey_.branding, flow_.state().high_contrast);
  const ui::View view{metrics_, palette, fonts_, translations_};
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui::NewFrame();
  std::vector<ui::Intent> intents;
  if (staff_.active()) {
    for (const auto& intent : ui::draw_staff(view, staff_, flow_, now, record_)) staff_.apply(intent, now);
  } else if (sleep == ui::ScreenSleep::State::asleep) {
    record_.clear();  // nothing drawn: a black screen (and the backlight off, where there is one)
    record_.background = IM_COL32(0, 0, 0, 255);
  } else if (sleep == ui::ScreenSleep::State::woken) {
    intents = ui::draw_closed(view, flow_, now, sleep_.opens_at(now), record_);
  } else {
    intents = ui::draw_kiosk(view, flow_, record_);
  }
  ImGui::Render();
  drawn_generation_ = flow_.state().generation;
  drawn_staff_generation_ = staff_.state().generation;
  drawn_countdown_ = flow_.state().still_there_left;

  const auto before = flow_.state().generation;
  intents.insert(intents.end(), typed_.begin(), typed_.end());
  typed_.clear();
  bool acted = false;
  for (const auto& intent : intents) acted |= flow_.apply(intent, now);

  if (paint) {
    const ImU32 bg = record_.background;
    SDL_SetRenderDrawColor(renderer_, bg & 0xff, (bg >> 8) & 0xff, (bg >> 16) & 0xff, 255);
    SDL_RenderClear(renderer_);
    panel_.turn(*ImGui::GetDrawData());
    if (software_) render_software(renderer_, *ImGui::GetDrawData());
    else ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  }

  if (acted || flow_.state().generation != before || changed || staff_.state().generation != staff_before)
    settle_frames_ = 2;
  else if (settle_frames_ > 0) --settle_frames_;
}

}  // namespace heard::kiosk
