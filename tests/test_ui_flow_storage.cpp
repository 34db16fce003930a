// The customer flow when the storage refuses writes, on real SQLite files: full (SQLite's
// page limit, the same SQLITE_FULL a full disk gives) and read-only (a tmpfs remounted
// read-only in a private mount namespace; root may write through chmod, not through that).
#include <catch2/catch.hpp>

#include <sched.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "store/response_store.hpp"
#include "support/full_store.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"
#include "ui/flow.hpp"

using heard::test::connection_of;

using namespace heard;
using namespace heard::ui;
using store::Stage;
using test::fill;
using test::make_room;

namespace {

constexpr Millis start = 1'795'961'109'000;

struct Kiosk {
  store::ResponseStore& store;
  Millis now = start;
  Flow flow;
  std::vector<std::string> completed;

  explicit Kiosk(store::ResponseStore& s) : store(s), flow(test::survey(), s, "store-12-exit", "0.1.0", start) {
    flow.on_complete([this](const Response& r) { completed.push_back(r.id); });
  }
  bool act(IntentType type, std::string value = {}, int number = 0) {
    now += 500;
    return flow.apply({type, std::move(value), number, flow.state().generation}, now);
  }
  void wait(Millis ms) {
    now += ms;
    flow.tick(now);
  }
  const FlowState& s() const { return flow.state(); }
};

// A 200 kB tmpfs of this test process's own; empty when this machine does not allow it.
std::string mount_tmpfs(const std::filesystem::path& at) {
  std::filesystem::create_directory(at);
  if (::unshare(CLONE_NEWNS) != 0) return std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return std::strerror(errno);
  if (::mount("tmpfs", at.c_str(), "tmpfs", 0, "size=2m") != 0) return std::string("mount: ") + std::strerror(errno);
  return {};
}
bool remount(const std::filesystem::path& at, bool read_only) {
  return ::mount(nullptr, at.c_str(), nullptr, MS_REMOUNT | (read_only ? MS_RDONLY : 0), nullptr) == 0;
}

}  // namespace

TEST_CASE("A step the full disk refuses shows the notice, never thank you, and is saved once space returns",
          "[ui][flow][disk-full]") {
  test::TempDir dir;
  store::ResponseStore store(dir / "heard.db");
  Kiosk k(store);
  REQUIRE(k.act(IntentType::rate, {}, 4));
  const std::string id = k.s().saved.id;
  k.act(IntentType::next);
  REQUIRE(k.s().screen == Screen::comment);
  // 1,500 euro signs are 4,500 bytes: more than fits in a page, so the row needs a new one.
  std::string words;
  for (int i = 0; i < 1500; ++i) words += "€";
  k.act(IntentType::type_text, words);
  fill(store);
  k.act(IntentType::done);

  CHECK(k.s().screen == Screen::unavailable);
  REQUIRE(k.s().storage_problem == store::StorageProblem::full);
  CHECK(store.find(id)->comment.empty());  // refused whole
  CHECK(k.completed.empty());
  // Nothing on the notice can be tapped; it waits, trying every 10 s (not in between).
  CHECK_FALSE(k.act(IntentType::rate, {}, 5));
  CHECK(k.flow.next_deadline() == k.now - 500 + Flow::probe_unavailable_ms);
  k.wait(Flow::probe_unavailable_ms * 6);
  CHECK(k.s().screen == Screen::unavailable);
  CHECK(store.find(id)->comment.empty());

  make_room(store);
  k.wait(Flow::probe_unavailable_ms);
  CHECK(k.s().screen == Screen::welcome);
  CHECK_FALSE(k.s().storage_problem);
  CHECK(store.find(id)->comment == words);
  CHECK(store.stage_of(id) == Stage::complete);
  CHECK(k.completed == std::vector<std::string>{id});
  CHECK(store.stats().total == 1);
}

TEST_CASE("A disk that fills while the kiosk is idle shows the notice within a minute", "[ui][flow][disk-full]") {
  test::TempDir dir;
  store::ResponseStore store(dir / "heard.db");
  Kiosk k(store);
  REQUIRE(k.s().screen == Screen::welcome);
  fill(store);
  k.wait(Flow::probe_idle_ms - 1000);
  CHECK(k.s().screen == Screen::welcome);  // no probe before the minute is up
  k.wait(1000);
  CHECK(k.s().screen == Screen::unavailable);
  CHECK(k.s().storage_problem == store::StorageProblem::full);
  make_room(store);
  k.wait(Flow::probe_unavailable_ms);
  CHECK(k.s().screen == Screen::welcome);
  CHECK(store.stats().total == 0);  // the probe leaves nothing behind
  CHECK(connection_of(store).query_int("SELECT COUNT(*) FROM write_probe") == 0);
}

TEST_CASE("A kiosk on a full disk starts on the notice", "[ui][flow][disk-full]") {
  test::TempDir dir;
  store::ResponseStore store(dir / "heard.db");
  fill(store);
  Kiosk k(store);
  CHECK(k.s().screen == Screen::unavailable);
  CHECK(k.s().storage_problem_since == start);
}

TEST_CASE("A read-only file system: the store waits, the flow shows the notice and recovers", "[ui][flow][read-only]") {
  test::TempDir dir;
  const auto disk = dir / "disk";
  if (const std::string why = mount_tmpfs(disk); !why.empty()) {
    std::cout << "SKIPPED: a read-only file system needs a tmpfs in a private mount namespace (root): " << why
              << std::endl;
    return;
  }
  const auto file = disk / "heard.db";
  { store::ResponseStore(file).save(test::sample_response(5)); }
  REQUIRE(remount(disk, true));

  try {
    store::ResponseStore refused(file);
    FAIL("a read-only database opened for writing");
  } catch (const store::StorageUnavailableError& e) {
    CHECK(e.problem() == store::StorageProblem::read_only);
  }
  store::ResponseStore store(file, store::WhenUnavailable::wait);
  // Readable for staff mode, never writable by mistake.
  CHECK(store.is_read_only());
  CHECK(store.stats().total == 1);
  CHECK_THROWS_AS(store.save(test::sample_response(3)), store::StorageUnavailableError);
  Kiosk k(store);
  CHECK(k.s().screen == Screen::unavailable);
  CHECK(k.s().storage_problem == store::StorageProblem::read_only);
  CHECK_FALSE(k.act(IntentType::rate, {}, 2));
  CHECK(k.act(IntentType::language, "es"));  // the notice in the customer's language

  REQUIRE(remount(disk, false));
  k.wait(Flow::probe_unavailable_ms);
  CHECK(k.s().screen == Screen::welcome);
  REQUIRE(k.act(IntentType::rate, {}, 2));
  CHECK_FALSE(store.is_read_only());
  CHECK(store.stats().total == 2);
  ::umount2(disk.c_str(), MNT_DETACH);
}
