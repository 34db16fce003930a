// Issue 17's branding: a logo published with a survey. It is a real PNG checked with the same
// code at the hub (publish) and on the kiosk (download), within byte and pixel limits; a
// hostile one is refused with a clear error and the kiosk stays on its last good survey. A
// good one shows on the kiosk's next Welcome screen: a real heard-hub, `heardctl sync` and a
// headless heard-kiosk, whose screenshot is read back.
#include <catch2/catch.hpp>

#ifdef HEARD_TEST_PNG

#include <stb_image.h>

#include <memory>

#include "core/config_error.hpp"
#include "core/fleet_config.hpp"
#include "core/logo.hpp"
#include "support/console_fixture.hpp"
#include "support/fake_hub.hpp"
#include "support/fleet_surveys.hpp"
#include "support/png_files.hpp"
#include "support/sync_fixture.hpp"
#include "sync/config_folder.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

std::string refusal(const std::string& png) {
  try {
    decode_logo(png, "logo.png", "logo");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

Run run_hub(const TempDir& dir, const HubProcess& hub, std::vector<std::string> args) {
  std::vector<std::string> argv = {HEARD_HUB_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--db", hub.db().string()});
  return run_program(dir, argv);
}

Run run_kiosk(const TempDir& dir, const std::filesystem::path& db, const std::string& script) {
  write_private_file(dir / "kiosk.script", script);
  return run_program(dir, {"/usr/bin/env", "HEARD_ASSETS_DIR=" HEARD_ASSETS_DIR, "HEARD_CONFIG=" HEARD_EMPTY_CONFIG,
                           HEARD_KIOSK_TEST_PATH, "--headless", "--size", "800x480", "--db", db.string(), "--script",
                           (dir / "kiosk.script").string(), "--screenshots", dir.path().string()});
}

// Pixels of the shipped survey's text colour (#1d1d1f): solid glyph cores. The same words give
// about the same count; glyphs drawn without their font texture are solid blocks, many more.
int text_pixels(const std::filesystem::path& png) {
  int w = 0, h = 0, channels = 0;
  const std::unique_ptr<unsigned char, void (*)(void*)> rgba(stbi_load(png.c_str(), &w, &h, &channels, 4),
                                                             stbi_image_free);
  REQUIRE(rgba);
  int n = 0;
  for (int i = 0; i < w * h; ++i) {
    const unsigned char* p = rgba.get() + static_cast<std::size_t>(i) * 4;
    n += std::abs(p[0] - 0x1d) + std::abs(p[1] - 0x1d) + std::abs(p[2] - 0x1f) < 12;
  }
  return n;
}

// Where the screenshot has the logo's magenta: how many pixels, and their bounding box.
struct Found {
  int pixels = 0;
  int min_x = 1 << 30, min_y = 1 << 30, max_x = -1, max_y = -1;
};

Found magenta_in(const std::filesystem::path& png) {
  int w = 0, h = 0, channels = 0;
  const std::unique_ptr<unsigned char, void (*)(void*)> rgba(stbi_load(png.c_str(), &w, &h, &channels, 4),
                                                             stbi_image_free);
  REQUIRE(rgba);
  Found f;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const unsigned char* p = rgba.get() + (static_cast<std::size_t>(y) * w + x) * 4;
      if (p[0] < 235 || p[1] > 20 || p[2] < 235) continue;
      ++f.pixels;
      f.min_x = std::min(f.min_x, x), f.max_x = std::max(f.max_x, x);
      f.min_y = std::min(f.min_y, y), f.max_y = std::max(f.max_y, y);
    }
  return f;
}

}  // namespace

TEST_CASE("a logo must be a real PNG within the byte and pixel limits", "[fleet][logo]") {
  const LogoImage logo = decode_logo(magenta_disc_png(64), "logo.png", "logo");
  CHECK(logo.width == 64);
  CHECK(logo.height == 64);
  REQUIRE(logo.rgba.size() == 64u * 64u * 4u);
  const unsigned char* centre = &logo.rgba[(32u * 64u + 32u) * 4u];
  CHECK((centre[0] == 255 && centre[1] == 0 && centre[2] == 255 && centre[3] == 255));
  CHECK(logo.rgba[3] == 0);  // a transparent corner stays transparent

  CHECK(refusal("") == "logo.png: logo: the logo is empty; expected a PNG file");
  CHECK(refusal("GIF89a....") == "logo.png: logo: the logo is not a PNG image; expected a PNG file");
  CHECK(refusal(png_claiming(100000, 100000)) ==
        "logo.png: logo: the logo is 100000x100000 pixels; a logo may be at most 1024x1024");
  CHECK(refusal(png_claiming(1025, 10)).find("1025x10 pixels") != std::string::npos);
  const std::string big = noise_png(300);  // about 350 KiB
  REQUIRE(big.size() > max_logo_bytes);
  CHECK(refusal(big).find("a logo may be at most 256 KiB") != std::string::npos);
  const std::string whole = magenta_disc_png(64);
  CHECK(refusal(whole.substr(0, whole.size() / 2)) == "logo.png: logo: the logo's PNG data is damaged or truncated");

  CHECK(base64_decode(base64_encode(whole), max_logo_bytes) == std::optional<std::string>(whole));
  CHECK_FALSE(base64_decode("not base64!", max_logo_bytes));
  CHECK_FALSE(base64_decode(base64_encode(big), max_logo_bytes));
}

TEST_CASE("a hostile logo is refused at publish, naming the file", "[fleet][logo][hub]") {
  TempDir dir;
  HubProcess hub(dir);
  const auto survey = write_text(dir / "survey.json", shipped_survey().dump(2));
  const std::vector<std::pair<std::string, std::string>> hostile = {
      {"not-a-png.png", "the logo is not a PNG image"},
      {"bomb.png", "the logo is 60000x60000 pixels; a logo may be at most 1024x1024"},
      {"huge.png", "the logo is 352 KiB; a logo may be at most 256 KiB"},
  };
  write_text(dir / "not-a-png.png", "<svg xmlns='http://www.w3.org/2000/svg'/>");
  write_text(dir / "bomb.png", png_claiming(60000, 60000));
  write_text(dir / "huge.png", noise_png(300));
  for (const auto& [file, why] : hostile) {
    const Run r = run_hub(dir, hub, {"survey", "publish", survey.string(), "--logo", (dir / file).string()});
    INFO(file << ": " << r.err);
    CHECK(r.exit_code != 0);
    CHECK(r.err.find((dir / file).string() + ": logo: " + why) != std::string::npos);
  }
  const Run list = run_hub(dir, hub, {"survey", "list"});
  CHECK(list.out.find("hub-1") == std::string::npos);  // nothing was published
}

TEST_CASE("the console publishes a logo in base64 and refuses a hostile one", "[fleet][logo][hub]") {
  TempDir dir;
  ConsoleChain chain(dir);
  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);
  const std::string survey = shipped_survey().dump(2);
  const std::string bomb_png = base64_encode(png_claiming(9999, 9999));
  const auto bomb = ana.post("/api/fleet/publish", {{"survey", survey}, {"logo_png", bomb_png}});
  CHECK(bomb.status == 422);
  CHECK(bomb.body["error"] == "logo.png: logo: the logo is 9999x9999 pixels; a logo may be at most 1024x1024");
  const auto garbage = ana.post("/api/fleet/publish", {{"survey", survey}, {"logo_png", "<svg/>"}});
  CHECK(garbage.status == 422);
  CHECK(garbage.body["error"].get<std::string>().find("not base64") != std::string::npos);

  const std::string png = magenta_disc_png(32);
  const auto ok = ana.post("/api/fleet/publish", {{"survey", survey}, {"logo_png", base64_encode(png)}});
  REQUIRE(ok.status == 200);
  CHECK(ok.body["published"]["version"] == "hub-1");
  // What north-1 is served carries it, byte for byte.
  const auto reply = http("GET", chain.url() + "/v1/kiosks/north-1/config", chain.north_token, "", {});
  REQUIRE(reply.status == 200);
  CHECK(json::parse(reply.body)["branding"]["logo_png"] == base64_encode(png));
}

TEST_CASE("a hostile logo from a hub is refused by the kiosk, which keeps its survey and says why",
          "[fleet][logo][sync]") {
  TempDir dir;
  const auto db = dir / "heard.db";
  make_kiosk(db, 2);
  auto folder = sync::ConfigFolder::beside(db);
  folder.keep_as_good({"\"hub-1\"", fleet_config_json("hub-1", kiosk_id, shipped_survey().dump(2), {})});
  folder.set_running({"hub-1", "\"hub-1\"", "", ""});
  // A hub that does not check (not ours): its publication carries a decompression bomb.
  const std::string body =
      fleet_config_json("hub-2", kiosk_id, shipped_survey().dump(2), {}, png_claiming(70000, 70000));
  FakeHub hub([&](const FakeRequest& r) {
    if (r.method == "GET" && r.path.ends_with("/config"))
      return FakeReply{200, body, {"ETag: \"hub-2\"", "Content-Type: application/json"}};
    return accept_all(r);
  });
  const auto config = write_sync_config(dir, hub.url());
  const Run sync = run_heardctl(dir, {"--config", config.string(), "--db", db.string(), "sync", "--once"});
  INFO(sync.err);
  CHECK(sync.exit_code == 0);
  CHECK(sync.err.find("branding.logo_png: the logo is 70000x70000 pixels") != std::string::npos);
  CHECK_FALSE(folder.staged());
  REQUIRE(folder.good());
  CHECK(folder.good()->etag == "\"hub-1\"");
  CHECK(folder.refused().error.find("70000x70000") != std::string::npos);
  // The heartbeat after the refusal carries it to head office.
  REQUIRE(run_heardctl(dir, {"--config", config.string(), "--db", db.string(), "sync", "--once"}).exit_code == 0);
  CHECK(hub.count("/config") == 2);
  std::string beat;
  for (const auto& r : hub.requests())
    if (r.path.ends_with("/heartbeat")) beat = r.body;
  REQUIRE_FALSE(beat.empty());
  CHECK(json::parse(beat)["config_error"].get<std::string>().find("70000x70000") != std::string::npos);
}

TEST_CASE("a logo published at the hub shows on the kiosk's next Welcome screen", "[fleet][logo][kiosk][hub]") {
  TempDir dir;
  HubProcess hub(dir);
  const auto db = dir / "heard.db";
  make_kiosk(db, 1);
  // Before: the shipped survey, no logo, no magenta anywhere.
  const Run before = run_kiosk(dir, db, "expect-survey 1\nscreenshot before\n");
  INFO(before.err);
  REQUIRE(before.exit_code == 0);
  CHECK(magenta_in(dir / "before.png").pixels == 0);

  const auto survey = write_text(dir / "survey.json", shipped_survey().dump(2));
  const auto logo = write_text(dir / "logo.png", magenta_disc_png(128));
  const Run publish = run_hub(dir, hub, {"survey", "publish", survey.string(), "--logo", logo.string()});
  INFO(publish.err);
  REQUIRE(publish.exit_code == 0);
  const auto config = write_sync_config(dir, hub.url());
  const Run sync = run_heardctl(dir, {"--config", config.string(), "--db", db.string(), "sync", "--once"});
  INFO(sync.err);
  REQUIRE(sync.exit_code == 0);

  const Run after = run_kiosk(dir, db, "expect-survey hub-1\nscreenshot welcome\n");
  INFO(after.err);
  REQUIRE(after.exit_code == 0);
  const Found f = magenta_in(dir / "welcome.png");
  INFO("magenta pixels " << f.pixels << " in x " << f.min_x << ".." << f.max_x << ", y " << f.min_y << ".." << f.max_y);
  // A disc in the site bar: top left, about as wide as high, and round (pi/4 of its box).
  REQUIRE(f.pixels > 400);
  CHECK(f.max_y < 480 / 4);
  CHECK(f.max_x < 800 / 3);
  const int w = f.max_x - f.min_x + 1, h = f.max_y - f.min_y + 1;
  CHECK(std::abs(w - h) <= 2);
  CHECK(f.pixels < w * h * 0.9);  // the transparent corners show the background
  // The same words as before the switch, drawn from the new survey's font texture.
  const int text_before = text_pixels(dir / "before.png"), text_after = text_pixels(dir / "welcome.png");
  INFO("text pixels before " << text_before << ", after " << text_after);
  CHECK(text_after > text_before * 8 / 10);
  CHECK(text_after < text_before * 12 / 10);

  SECTION("and again after a restart, from the kept publication") {
    const Run again = run_kiosk(dir, db, "expect-survey hub-1\nscreenshot again\n");
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    CHECK(magenta_in(dir / "again.png").pixels == f.pixels);
  }
}

#endif
