#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "store/atomic_file.hpp"
#include "support/temp_dir.hpp"

using namespace heard::store;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_plain(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

std::size_t entries_in(const fs::path& folder) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("An atomic file appears only when committed, complete", "[atomic_file]") {
  heard::test::TempDir dir;
  const fs::path target = dir / "export.csv";

  SECTION("a new file") {
    AtomicFile f(target);
    f.write("first half,");
    CHECK_FALSE(fs::exists(target));
    f.write("second half\r\n");
    f.commit();
    CHECK(read_file(target) == "first half,second half\r\n");
    CHECK(entries_in(dir.path()) == 1);  // no temporary file left behind
  }

  SECTION("replacing a file shows the old content until the commit") {
    write_plain(target, "old complete export");
    AtomicFile f(target);
    f.write("new ");
    CHECK(read_file(target) == "old complete export");
    f.write("complete export");
    f.commit();
    CHECK(read_file(target) == "new complete export");
    CHECK(entries_in(dir.path()) == 1);
  }

  SECTION("abandoned without commit: the target is untouched and the temporary file gone") {
    write_plain(target, "old");
    {
      AtomicFile f(target);
      f.write("half-written");
    }
    CHECK(read_file(target) == "old");
    CHECK(entries_in(dir.path()) == 1);
  }

  SECTION("the owner's permissions survive a replacement") {
    write_plain(target, "old");
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    AtomicFile f(target);
    f.write("new");
    f.commit();
    CHECK(fs::status(target).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  }

  SECTION("an empty file is still a committed file") {
    AtomicFile f(target);
    f.commit();
    CHECK(fs::exists(target));
    CHECK(fs::file_size(target) == 0);
  }
}

TEST_CASE("A process killed mid-write never leaves a partial target", "[atomic_file]") {
  heard::test::TempDir dir;
  const fs::path target = dir / "export.ndjson";
  const std::string line(1000, 'x');
  constexpr int lines = 2000;
  const std::string complete = [&] {
    std::string s;
    for (int i = 0; i < lines; ++i) s += line + "\n";
    return s;
  }();
  std::mt19937 rng(42);
  for (int attempt = 0; attempt < 10; ++attempt) {
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      AtomicFile f(target);
      for (int i = 0; i < lines; ++i) f.write(line + "\n");
      f.commit();
      _exit(0);
    }
    usleep(std::uniform_int_distribution<useconds_t>(0, 20'000)(rng));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    if (fs::exists(target)) CHECK(read_file(target) == complete);  // all or nothing
  }
}

TEST_CASE("Atomic file errors name the path and the cause, and leave nothing behind", "[atomic_file]") {
  heard::test::TempDir dir;

  SECTION("a folder that does not exist") {
    const fs::path target = dir / "no-such-folder" / "export.csv";
    try {
      AtomicFile f(target);
      FAIL("expected FileWriteError");
    } catch (const FileWriteError& e) {
      CHECK(e.error_number() == ENOENT);
      CHECK_THAT(e.what(), Catch::Contains(target.string()) && Catch::Contains("does not exist"));
    }
  }

  SECTION("a file where a folder is expected") {
    write_plain(dir / "usb", "not a folder");
    const fs::path target = dir / "usb" / "export.csv";
    try {
      AtomicFile f(target);
      FAIL("expected FileWriteError");
    } catch (const FileWriteError& e) {
      CHECK(e.error_number() == ENOTDIR);
      CHECK_THAT(e.what(), Catch::Contains(target.string()) && Catch::Contains("not a folder"));
    }
  }

  SECTION("a folder nobody may write, even root (sysfs)") {
    const fs::path target = "/sys/heard-export.csv";
    try {
      AtomicFile f(target);
      FAIL("expected FileWriteError");
    } catch (const FileWriteError& e) {
      CHECK((e.error_number() == EACCES || e.error_number() == EROFS || e.error_number() == EPERM));
      CHECK_THAT(e.what(), Catch::Contains(target.string()));
    }
    CHECK_FALSE(fs::exists(target));
  }

  SECTION("a write that fails part-way (file size limit) removes the temporary file") {
    const fs::path target = dir / "big.csv";
    // RLIMIT_FSIZE makes write() fail with EFBIG like a full disk fails with ENOSPC;
    // SIGXFSZ would otherwise kill the test process.
    struct rlimit old {};
    getrlimit(RLIMIT_FSIZE, &old);
    const auto old_handler = signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = old;
    small.rlim_cur = 64 * 1024;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    std::string message;
    int error_number = 0;
    try {
      AtomicFile f(target);
      const std::string chunk(16 * 1024, 'x');
      for (int i = 0; i < 10; ++i) f.write(chunk);
      f.commit();
    } catch (const FileWriteError& e) {
      message = e.what();
      error_number = e.error_number();
    }
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, old_handler);
    CHECK(error_number == EFBIG);
    CHECK_THAT(message, Catch::Contains(target.string()));
    CHECK_FALSE(fs::exists(target));
    CHECK(entries_in(dir.path()) == 0);
  }
}
