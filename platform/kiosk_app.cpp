#include "kiosk_app.hpp"

#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <vector>

#include "core/log.hpp"
#include "software_render.hpp"
#include "ui/closed_screen.hpp"
#include "ui/glyph_check.hpp"

namespace heard::kiosk {

void complete_left_in_progress(store::ResponseStore& store, Millis now) {
  try {
    if (const int finished = store.complete_all_in_progress(now); finished > 0)
      log::info("heard-kiosk: completed " + std::to_string(finished) + " response(s) left in progress");
  } catch (const store::StorageUnavailableError& e) {
    log::error(std::string("heard-kiosk: responses left in progress stay so for now: ") + e.what());
  }
}

namespace {

// The atlas as a texture: white, with each glyph's coverage as alpha. It is converted a band
// of rows at a time, so no full-size RGBA copy of the atlas is made (ImGui's RGBA32 data
// and the backend's upload would make two: megabytes of fresh pages at start-up).
SDL_Texture* make_font_texture(SDL_Renderer* renderer, ImFontAtlas& atlas) {
  unsigned char* alpha = nullptr;
  int width = 0, height = 0;
  atlas.GetTexDataAsAlpha8(&alpha, &width, &height);
  SDL_Texture* texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, width, height);
  if (!texture) throw std::runtime_error(std::string("cannot create the font texture: ") + SDL_GetError());
  constexpr int band = 32;
  std::vector<Uint32> pixels(static_cast<std::size_t>(width) * band);
  for (int y = 0; y < height; y += band) {
    const int rows = std::min(band, height - y);
    const unsigned char* from = alpha + static_cast<std::size_t>(y) * width;
    for (std::size_t i = 0; i < static_cast<std::size_t>(width) * rows; ++i)
      pixels[i] = 0x00ffffffu | static_cast<Uint32>(from[i]) << 24;
    const SDL_Rect rect{0, y, width, rows};
    if (SDL_UpdateTexture(texture, &rect, pixels.data(), width * 4) != 0) {
      const std::string why = SDL_GetError();
      SDL_DestroyTexture(texture);
      throw std::runtime_error("cannot fill the font texture: " + why);
    }
  }
  SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
  atlas.SetTexID(texture);
  atlas.ClearTexData();  // the texture has the pixels now
  return texture;
}

// The logo as a texture, RGBA as stb_image decoded it. Nothing (and a log line) when the
// renderer refuses it: the site bar then shows the name alone.
SDL_Texture* make_logo_texture(SDL_Renderer* renderer, const LogoImage& logo) {
  SDL_Texture* texture =
      SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, logo.width, logo.height);
  if (texture && SDL_UpdateTexture(texture, nullptr, logo.rgba.data(), logo.width * 4) == 0) {
    SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(texture, SDL_ScaleModeLinear);
    return texture;
  }
  log::warning(std::string("heard-kiosk: the logo is not shown: ") + SDL_GetError());
  if (texture) SDL_DestroyTexture(texture);
  return nullptr;
}

}  // namespace

Kiosk::Kiosk(const SurveyConfig& survey, const ui::Translations& translations, ui::KioskFonts& fonts,
             store::ResponseStore& store, std::string kiosk_id, SDL_Renderer* renderer, ui::Panel panel, float dpi,
             const Clock& clock)
    : survey_(&survey),
      translations_(&translations),
      fonts_(&fonts),
      renderer_(renderer),
      software_(is_software(renderer)),
      clock_(clock),
      flow_(survey, store, std::move(kiosk_id), HEARD_VERSION, clock.now()),
      staff_(store, survey),
      purge_(store, survey),
      dpi_(dpi),
      panel_(panel) {
  IMGUI_CHECKVERSION();
  metrics_ = metrics_now();
  last_frame_ = clock_.now().steady;
}

Kiosk::~Kiosk() {
  drop_imgui();
  if (logo_texture_) SDL_DestroyTexture(logo_texture_);
}

void Kiosk::survey_updates(FleetSurveys* fleet) {
  fleet_ = fleet;
  if (fleet_) logo_ = fleet_->running().logo;
}

void Kiosk::update_logo() {
  if (logo_.get() == logo_uploaded_) return;
  if (logo_texture_) SDL_DestroyTexture(logo_texture_);
  logo_texture_ = logo_ ? make_logo_texture(renderer_, *logo_) : nullptr;
  logo_uploaded_ = logo_.get();
}

void Kiosk::drop_imgui() {
  if (imgui_) {
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui::DestroyContext(imgui_);
    imgui_ = nullptr;
  }
  if (font_texture_) SDL_DestroyTexture(font_texture_);
  font_texture_ = nullptr;
}

// How often the Welcome screen looks for a survey the sync worker staged: one stat() of a file.
constexpr Millis staged_check_ms = 2000;

void Kiosk::take_staged_survey(Now now) {
  if (!fleet_ || !flow_.between_customers() || staff_.active()) return;
  if (staged_checked_at_ != 0 && now.steady - staged_checked_at_ < staged_check_ms) return;
  staged_checked_at_ = now.steady;
  auto next = fleet_->take_staged();
  if (!next) return;
  // Everything that can fail on this kiosk happens before the switch: every character of the
  // new words in the font files (ImGui would draw a missing one as "?"), then their glyphs
  // rasterised at the current sizes (no ImGui context is touched meanwhile).
  std::unique_ptr<ui::KioskFonts> fonts;
  try {
    fonts = std::make_unique<ui::KioskFonts>(next->translations, next->survey);
    if (const std::string missing = ui::missing_glyphs(fonts->files(), next->translations, next->survey);
        !missing.empty()) {
      fleet_->failed(*next, missing);
      return;
    }
    fonts->ensure(metrics_now());
  } catch (const std::exception& e) {
    fleet_->failed(*next, e.what());
    return;
  }
  if (!flow_.use_survey(next->survey, now)) return;
  staff_.use_survey(next->survey);
  purge_.use_survey(next->survey);
  survey_ = &next->survey;
  translations_ = &next->translations;
  drop_imgui();
  own_fonts_ = std::move(fonts);  // the old atlas goes only after the context that used it
  fonts_ = own_fonts_.get();
  logo_ = next->logo;
  fleet_->applied(std::move(next));
  settle_frames_ = 2;
}

ui::Metrics Kiosk::metrics_now() const { return ui::metrics_for(panel_, dpi_, flow_.state().large_text); }

void Kiosk::start_imgui() {
  imgui_ = ImGui::CreateContext(&fonts_->atlas());
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
  // Only for drawing: the font texture is ours (make_font_texture), so the backend's
  // NewFrame, which would make its own, is never called.
  ImGui_ImplSDLRenderer_Init(renderer_);
}

void Kiosk::update_fonts() {
  metrics_ = metrics_now();
  // New pixel sizes mean a new atlas and a new texture; glyphs are never scaled. Before the
  // first frame this waits for the fonts rasterised during start-up.
  const bool new_atlas = fonts_->ensure(metrics_);
  if (!imgui_) start_imgui();  // only now: see ui::KioskFonts
  // A survey from the hub brings fonts rasterised before the switch (take_staged_survey): the
  // atlas is not new to them, but it has no texture yet, and without one every glyph would
  // be drawn as a solid block.
  if (!new_atlas && font_texture_) return;
  const auto started = std::chrono::steady_clock::now();
  if (font_texture_) SDL_DestroyTexture(font_texture_);
  font_texture_ = make_font_texture(renderer_, fonts_->atlas());
  if (log::enabled(log::Level::debug)) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    log::debug("heard-kiosk: font texture made in " + std::to_string(ms.count()) + " ms");
  }
}

void Kiosk::pointer_move(float x, float y) {
  pointer_events_.push_back({ImVec2(x, y), pointer_events_.empty() ? down_ : pointer_events_.back().down});
}
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
  const Now now = clock_.now();
  flow_.tick(now);
  take_staged_survey(now);
  staff_.tick(now);
  if (!staff_.active()) purge_.tick(now);
  const auto& s = flow_.state();
  const auto sleep_before = sleep_.state();
  const bool slept_or_woke = sleep_.update(now, s.screen != ui::Screen::welcome || staff_.active()) != sleep_before;
  if (slept_or_woke) settle_frames_ = 2;
  return slept_or_woke || s.generation != drawn_generation_ || staff_.state().generation != drawn_staff_generation_ ||
         (s.still_there && s.still_there_left != drawn_countdown_);
}

std::optional<Millis> Kiosk::next_frame_at() const {
  const Now now = clock_.now();
  if (!pointer_events_.empty() || !typed_.empty() || settle_frames_ > 0) return now.steady;
  if (record_.animating) return last_frame_ + 16;
  std::optional<Millis> due = sleep_.next_deadline(now);
  const auto purge = staff_.active() ? std::nullopt : std::optional(purge_.next_deadline());
  for (const auto& d : {flow_.next_deadline(), staff_.next_deadline(), purge})
    if (d) due = due ? std::min(*due, *d) : d;
  return due;
}

std::optional<Millis> Kiosk::next_wake_at() const {
  auto due = next_frame_at();
  if (!fleet_ || !flow_.between_customers() || staff_.active()) return due;
  const Millis check = std::max(staged_checked_at_ + staged_check_ms, clock_.now().steady);
  return due ? std::min(*due, check) : check;
}

// One frame in five steps: the clocks and fonts, the pointer (waking a sleeping screen), the
// staff gesture, the screens (ImGui), then what the customer did and the paint.
void Kiosk::frame(bool paint) {
  const Now now = clock_.now();
  begin_frame(now);
  const bool pointer_changed = take_pointer(now);
  const auto sleep = sleep_.state();
  watch_staff_gesture(sleep, now);
  const auto staff_before = staff_.state().generation;
  ImGui::GetIO().MouseWheel = wheel_;
  wheel_ = 0;

  std::vector<ui::Intent> intents = draw_screens(sleep, now);
  const auto before = flow_.state().generation;
  intents.insert(intents.end(), typed_.begin(), typed_.end());
  typed_.clear();
  bool acted = false;
  for (const auto& intent : intents) acted |= flow_.apply(intent, now);
  if (paint) paint_frame();

  if (acted || flow_.state().generation != before || pointer_changed || staff_.state().generation != staff_before)
    settle_frames_ = 2;
  else if (settle_frames_ > 0) --settle_frames_;
}

void Kiosk::begin_frame(Now now) {
  flow_.tick(now);
  update_fonts();
  update_logo();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(panel_.logical_width()), static_cast<float>(panel_.logical_height()));
  io.DeltaTime = std::clamp(static_cast<float>(now.steady - last_frame_) / 1000.0f, 0.001f, 0.1f);
  last_frame_ = now.steady;
}

bool Kiosk::take_pointer(Now now) {
  // Closed: a finger only wakes the screen (the notice), and restarts its time.
  for (const PointerEvent& e : pointer_events_)
    if (e.down && sleep_.touched(now)) {
      pointer_events_.clear();  // the touch that woke the screen taps nothing
      settle_frames_ = 2;
      break;
    }
  sleep_.update(now, flow_.state().screen != ui::Screen::welcome || staff_.active());
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
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = pointer_;
  io.MouseDown[0] = down_;
  return changed;
}

void Kiosk::watch_staff_gesture(ui::ScreenSleep::State sleep, Now now) {
  // The hidden way into staff mode: hold the top-left corner of the Welcome screen (or of
  // the "temporarily unavailable" notice, where staff are the ones asked to come).
  const ui::Screen screen = flow_.state().screen;
  staff_.watch_gesture(
      down_, pointer_.x, pointer_.y, metrics_.target * 1.5f,
      (screen == ui::Screen::welcome || screen == ui::Screen::unavailable) && sleep != ui::ScreenSleep::State::asleep,
      now);
  staff_.tick(now);
  if (staff_.active()) flow_.staff_seen(now);
}

std::vector<ui::Intent> Kiosk::draw_screens(ui::ScreenSleep::State sleep, Now now) {
  const ui::Palette palette = ui::palette_for(survey_->branding, flow_.state().high_contrast);
  const ui::Logo logo{logo_texture_,
                      logo_ ? ImVec2(static_cast<float>(logo_->width), static_cast<float>(logo_->height)) : ImVec2()};
  const ui::View view{metrics_, palette, fonts_->fonts(), *translations_, logo};
  ImGui::NewFrame();
  std::vector<ui::Intent> intents;
  if (staff_.active()) {
    for (const auto& intent : ui::draw_staff(view, staff_, flow_, now, record_)) staff_.apply(intent, now);
  } else if (sleep == ui::ScreenSleep::State::asleep) {
    record_.clear();  // nothing drawn: a black screen (and the backlight off, where there is one)
    record_.background = IM_COL32(0, 0, 0, 255);
  } else if (sleep == ui::ScreenSleep::State::woken) {
    intents = ui::draw_closed(view, flow_, now.wall, sleep_.opens_at(now), record_);
  } else {
    intents = ui::draw_kiosk(view, flow_, record_);
  }
  ImGui::Render();
  drawn_generation_ = flow_.state().generation;
  drawn_staff_generation_ = staff_.state().generation;
  drawn_countdown_ = flow_.state().still_there_left;
  return intents;
}

void Kiosk::paint_frame() {
  const ImU32 bg = record_.background;
  SDL_SetRenderDrawColor(renderer_, bg & 0xff, (bg >> 8) & 0xff, (bg >> 16) & 0xff, 255);
  SDL_RenderClear(renderer_);
  panel_.turn(*ImGui::GetDrawData());
  if (software_) render_software(renderer_, *ImGui::GetDrawData());
  else ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace heard::kiosk
