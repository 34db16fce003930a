// The kiosk as the device's cage unit runs it, tried for real: Debian's cage on its headless
// backend (a 1280x720 output drawn by pixman, no GPU), heard-kiosk as its only Wayland client,
// and grim's screenshot of the output compared pixel by pixel with the headless driver's render
// of the same screen at the same size. Once full screen (the unit's way), once asking for a
// 1280x800 window, which cage sizes to its output.
//
// The output is turned 180 degrees (cage -r -r; grim turns the picture back). Upright, cage
// (wlroots 0.15) hands a full-screen client's buffer straight to the headless output (direct
// scan-out), and grim then reads back the never-painted composition buffer: black, whatever
// the client drew; a window smaller than the output shows in the same run. Turned, cage
// composites every frame and grim sees what the kiosk drew.
//
// cage refuses to run as root, so as root the test runs it as uid 65534 (nobody) with a
// private XDG_RUNTIME_DIR; without cage, grim or Xwayland, or when that uid cannot reach the
// build, it prints "SKIPPED: why" (CTest: skipped), never a pass.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "support/child_process.hpp"

#if defined(HEARD_KIOSK_PATH) && defined(HEARD_TEST_PNG)
#include <stb_image.h>
#endif

using namespace heard::test;

#if defined(HEARD_KIOSK_PATH) && defined(HEARD_TEST_PNG)

namespace {

constexpr uid_t cage_uid = 65534;  // nobody, when the test runs as root
const char* const welcome_script = "expect \"How was your visit today?\"\nscreenshot welcome\n";

struct Image {
  int width = 0, height = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> rgba{nullptr, stbi_image_free};
};

Image load_png(const std::filesystem::path& file) {
  Image image;
  int channels = 0;
  image.rgba.reset(stbi_load(file.c_str(), &image.width, &image.height, &channels, 4));
  return image;
}

struct Difference {
  double mean = 0;   // mean absolute difference per channel, 0..255
  double share = 1;  // share of pixels with a channel more than 24 apart
};

Difference compare(const Image& a, const Image& b) {
  Difference d;
  if (!a.rgba || !b.rgba || a.width != b.width || a.height != b.height) return {255, 1};
  const long pixels = static_cast<long>(a.width) * a.height;
  long total = 0, off = 0;
  for (long i = 0; i < pixels; ++i) {
    int worst = 0;
    for (int c = 0; c < 3; ++c) {
      const int diff = std::abs(a.rgba.get()[4 * i + c] - b.rgba.get()[4 * i + c]);
      total += diff;
      worst = std::max(worst, diff);
    }
    if (worst > 24) ++off;
  }
  d.mean = static_cast<double>(total) / (3.0 * pixels);
  d.share = static_cast<double>(off) / pixels;
  return d;
}

// The command as the cage user: as root, through setpriv to uid 65534; otherwise as is.
std::vector<std::string> as_cage_user(std::vector<std::string> argv) {
  if (::geteuid() != 0) return argv;
  std::vector<std::string> out{"/usr/bin/setpriv", "--reuid=" + std::to_string(cage_uid),
                               "--regid=" + std::to_string(cage_uid), "--clear-groups"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

// Why this machine cannot run the test, or "" when it can.
std::string cannot_run(const TempDir& dir) {
  for (const char* program : {"/usr/bin/cage", "/usr/bin/grim", "/usr/bin/Xwayland"})
    if (::access(program, X_OK) != 0)
      return std::string(program) + " is missing (Debian packages cage, grim, xwayland; tools/dev installs them)";
  if (::geteuid() != 0) return "";
  if (::access("/usr/bin/setpriv", X_OK) != 0) return "cage refuses root and setpriv is missing";
  const Run reach = run_program(
      dir, as_cage_user({"/usr/bin/test", "-x", HEARD_KIOSK_PATH, "-a", "-r", HEARD_ASSETS_DIR "/survey.json"}));
  if (reach.exit_code != 0)
    return "uid " + std::to_string(cage_uid) + " cannot reach " HEARD_KIOSK_PATH " or " HEARD_ASSETS_DIR;
  return "";
}

// The headless driver's Welcome at 1280x720: what the output must show.
Image headless_welcome(const TempDir& dir) {
  write_private_file(dir / "welcome.script", welcome_script);
  const Run run = run_program(
      dir, {"/usr/bin/env", "HEARD_ASSETS_DIR=" HEARD_ASSETS_DIR, "HEARD_CONFIG=" HEARD_EMPTY_CONFIG, HEARD_KIOSK_PATH,
            "--headless", "--size", "1280x720", "--script", (dir / "welcome.script").string(), "--screenshots",
            dir.path().string(), "--db", (dir / "headless.db").string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  return load_png(dir / "welcome.png");
}

struct CageRun {
  std::string log;
  Difference difference;
  std::filesystem::path screenshot;
};

// heard-kiosk (with `extra` arguments) as cage's client; grim's screenshot once it is up,
// again for a few seconds while it does not match yet (the compositor may still be settling).
CageRun run_in_cage(const TempDir& dir, const std::string& name, const std::vector<std::string>& extra,
                    const Image& expected) {
  const auto home = dir / name;
  const auto runtime = home / "run";
  std::filesystem::create_directories(runtime);
  write_private_file(home / "empty.conf", "");
  if (::geteuid() == 0)
    for (const auto& p : {home, runtime, home / "empty.conf"}) REQUIRE(::chown(p.c_str(), cage_uid, cage_uid) == 0);
  std::filesystem::permissions(runtime, std::filesystem::perms::owner_all);
  const std::vector<std::string> env{"/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "HOME=" + home.string(),
                                     "XDG_RUNTIME_DIR=" + runtime.string()};
  std::vector<std::string> cage = env;
  cage.insert(cage.end(),
              {"WLR_BACKENDS=headless", "WLR_RENDERER=pixman", "WLR_LIBINPUT_NO_DEVICES=1",
               "HEARD_ASSETS_DIR=" HEARD_ASSETS_DIR, "HEARD_CONFIG=" + (home / "empty.conf").string(), "/usr/bin/cage",
               "-r", "-r", "--", HEARD_KIOSK_PATH, "--kiosk-id", "cage-test", "--db", (home / "heard.db").string()});
  cage.insert(cage.end(), extra.begin(), extra.end());
  Child compositor(as_cage_user(cage), home / "cage.out", home / "cage.err");

  CageRun result;
  result.screenshot = home / "screen.png";
  const bool started = wait_for_text(home / "cage.err", "first frame", std::chrono::seconds(60));
  result.log = read_text(home / "cage.err");
  if (!started) return result;
  std::vector<std::string> grim = env;
  grim.insert(grim.end(), {"WAYLAND_DISPLAY=wayland-0", "/usr/bin/grim", result.screenshot.string()});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    if (run_program(dir, as_cage_user(grim)).exit_code != 0) continue;
    result.difference = compare(load_png(result.screenshot), expected);
  } while (result.difference.share > 0.002 && std::chrono::steady_clock::now() < deadline);
  compositor.signal(SIGTERM);
  compositor.wait();
  result.log = read_text(home / "cage.err");
  // Kept for a look when it fails: ctest's output names it.
  if (result.difference.share > 0.002)
    std::filesystem::copy_file(result.screenshot,
                               std::filesystem::temp_directory_path() / ("heard-cage-" + name + ".png"),
                               std::filesystem::copy_options::overwrite_existing);
  return result;
}

}  // namespace

TEST_CASE("under headless cage the kiosk shows what the headless driver renders at the output's 1280x720",
          "[kiosk][display][cage]") {
  TempDir dir;
  std::filesystem::permissions(dir.path(), std::filesystem::perms::others_exec, std::filesystem::perm_options::add);
  if (const std::string why = cannot_run(dir); !why.empty()) {
    std::printf("SKIPPED: %s\n", why.c_str());
    return;
  }
  const Image expected = headless_welcome(dir);
  REQUIRE(expected.rgba);
  REQUIRE(expected.width == 1280);
  REQUIRE(expected.height == 720);

  // Full screen, as heard-kiosk-cage.service starts it; then a window asked for at 1280x800,
  // which the compositor only sizes to its output after the kiosk has drawn its first frame.
  for (const auto& [name, extra] : {std::pair<std::string, std::vector<std::string>>{"fullscreen", {}},
                                    {"late-configure", {"--windowed", "1280x800"}}}) {
    const CageRun run = run_in_cage(dir, name, extra, expected);
    INFO(name << ":\n" << run.log);
    REQUIRE(run.log.find("first frame") != std::string::npos);
    // Native Wayland; no GPU here: llvmpipe is found, and the software renderer draws.
    CHECK(run.log.find("heard-kiosk: video driver wayland") != std::string::npos);
    CHECK(run.log.find("software rasteriser (llvmpipe") != std::string::npos);
    CHECK(run.log.find("heard-kiosk: renderer software") != std::string::npos);
    INFO("mean difference " << run.difference.mean << " per channel, " << run.difference.share * 100
                            << " % of pixels more than 24 apart; screenshot kept as /tmp/heard-cage-" << name
                            << ".png");
    // The same picture: a few pixels may differ, not a black screen, a row of buttons cut off
    // or an 800-line layout.
    CHECK(run.difference.share <= 0.002);
    CHECK(run.difference.mean < 1.0);
  }
}

#endif
