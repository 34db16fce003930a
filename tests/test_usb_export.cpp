// Export to a USB stick: finding sticks in the mount table, writing atomically into the
// folder, and the problems a stick brings, said in words.
#include <catch2/catch.hpp>

#include <cerrno>
#include <fstream>

#include "store/response_store.hpp"
#include "store/usb_export.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"

using heard::test::connection_of;

using namespace heard;
using namespace heard::store;

TEST_CASE("Sticks are the mounts under /media, /run/media and /mnt, after the configured folder", "[usb]") {
  test::TempDir dir;
  {
    std::ofstream mounts(dir / "mounts");
    mounts << "/dev/sda1 / ext4 rw 0 0\n"
              "proc /proc proc rw 0 0\n"
              "/dev/sdb1 /media/heard/KINGSTON vfat rw 0 0\n"
              "/dev/sdc1 /run/media/staff/MY\\040STICK vfat ro 0 0\n"
              "/dev/sdd1 /mnt/usb exfat rw 0 0\n"
              "tmpfs /run tmpfs rw 0 0\n";
  }
  const auto found = find_export_folders(dir / "mounts", dir.path());
  REQUIRE(found.size() == 4);
  CHECK(found[0] == dir.path());
  CHECK(found[1] == "/media/heard/KINGSTON");
  CHECK(found[2] == "/run/media/staff/MY STICK");
  CHECK(found[3] == "/mnt/usb");
  CHECK(find_export_folders(dir / "no-such-file", dir / "missing").empty());
}

TEST_CASE("An export lands whole in the folder, named by time and format", "[usb]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  store.save(test::filled_response(1'790'000'000'000));
  std::filesystem::create_directory(dir / "stick");
  const auto done =
      export_to_folder(connection_of(store), dir / "stick", "store-12", ExportFormat::json, {}, 1'790'000'100'000);
  CHECK(done.count == 1);
  CHECK(done.file.filename().string().starts_with("heard-store-12-"));
  CHECK(done.file.extension() == ".json");
  std::ifstream in(done.file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("\"contact\":null") != std::string::npos);                          // not without the explicit choice
  CHECK(std::distance(std::filesystem::directory_iterator(dir / "stick"), {}) == 1);  // no temp file left

  SECTION("a stick pulled out before the export says so") {
    try {
      export_to_folder(connection_of(store), dir / "gone", "k", ExportFormat::csv, {}, 0);
      FAIL("no error");
    } catch (const FileWriteError& e) {
      CHECK(describe_export_failure(e) == "The USB stick is no longer there. Insert it again and retry.");
    }
  }
}

TEST_CASE("A full or read-only stick is explained to staff in words", "[usb]") {
  CHECK(describe_export_failure(FileWriteError("write: No space left on device", ENOSPC))
            .starts_with("The USB stick is full"));
  CHECK(describe_export_failure(FileWriteError("open: Read-only file system", EROFS))
            .starts_with("The USB stick is read-only"));
  CHECK(describe_export_failure(FileWriteError("odd", EINVAL)) == "The export could not be written: odd");
}
