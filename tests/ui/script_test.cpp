// Runs one headless kiosk script on a fresh database, then checks that database against the
// script's "#db" lines (comments to the kiosk):
//   #db count 1                     how many responses were saved
//   #db [0].rating = 1              a field of the first response (oldest first), as JSON;
//   #db [0].contact.phone = "..."   dots walk into objects, "stage" is in_progress/complete
//   #size 480x800                   the screen size (default 800x480)
//   #dpi 133                        the screen's DPI, passed as --dpi (default: the kiosk's, 96)
//   #rotation 90                    the picture turned onto that screen (--rotation)
//   #config rotation = 90           a line of the device config (heard.conf, TOML) the kiosk
//                                   runs with; several lines make the file (none: an empty
//                                   one, never the machine's /etc/heard/heard.conf)
//   #pin Marta 4821                 before the run: a staff-mode PIN for Marta
//   #sql SELECT COUNT(*) FROM audit_log WHERE action = 'login' = 1
//                                   after the run: the query's first value, as text
//   #usb                            a folder standing in for a USB stick ([paths] usb_export)
//   #usb-lines 3                    after the run: the one file in it has 3 lines
//   #small-disk 2M                  the database on a tmpfs of that size, mounted in a private
//                                   mount namespace (needs root); the script's `disk` commands
//                                   act on it. Without the rights the test is SKIPPED (exit 77).
//   #disk-full-at-start             before the run, fill that tmpfs to the last byte
//   #read-only-disk                 before the run, remount it read-only
// usage: ui_script_test HEARD_KIOSK SCRIPT
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/response_json.hpp"
#include "store/response_store.hpp"
#include "store/staff_store.hpp"
#include "support/store_inspector.hpp"

using heard::test::connection_of;

namespace {

int run(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r"));
  s.erase(s.find_last_not_of(" \t\r") + 1);
  return s;
}

constexpr int skip_code = 77;  // ctest's SKIP_RETURN_CODE for these tests

// A real small file system for the database: a tmpfs in a mount namespace of this process
// (and the kiosk it starts), so nothing outside the test sees it. Empty on failure.
std::string mount_small_disk(const std::filesystem::path& at, const std::string& size) {
  std::filesystem::create_directory(at);
  if (::unshare(CLONE_NEWNS) != 0) return std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return std::string("making mounts private: ") + std::strerror(errno);
  if (::mount("tmpfs", at.c_str(), "tmpfs", 0, ("size=" + size).c_str()) != 0)
    return std::string("mount -t tmpfs: ") + std::strerror(errno);
  return {};
}

// Takes every free byte of the small disk, as a full disk would.
bool fill_disk(const std::filesystem::path& disk) {
  struct statvfs fs {};
  if (::statvfs(disk.c_str(), &fs) != 0) return false;
  const int fd = ::open((disk / "filler").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const bool ok = fd >= 0 && ::posix_fallocate(fd, 0, static_cast<off_t>(fs.f_bavail * fs.f_frsize)) == 0;
  if (fd >= 0) ::close(fd);
  return ok;
}

// The script's own lines about how to run it (see the top of this file).
struct Setup {
  std::string size = "800x480", rotation, config, small_disk;
  std::vector<std::string> dpi;
  bool full_at_start = false, read_only = false, usb = false;
  std::vector<std::pair<std::string, std::string>> pins;  // name, PIN
};

Setup read_setup(const std::filesystem::path& script) {
  Setup s;
  std::ifstream in(script);
  for (std::string line; std::getline(in, line);) {
    line = trim(line);
    if (line.starts_with("#size ")) s.size = trim(line.substr(6));
    if (line.starts_with("#rotation ")) s.rotation = trim(line.substr(10));
    if (line.starts_with("#config ")) s.config += line.substr(8) + "\n";
    if (line.starts_with("#dpi ")) s.dpi = {"--dpi", trim(line.substr(5))};
    if (line.starts_with("#small-disk ")) s.small_disk = trim(line.substr(12));
    s.full_at_start |= line == "#disk-full-at-start";
    s.read_only |= line == "#read-only-disk";
    s.usb |= line == "#usb";
    if (line.starts_with("#pin ")) {
      const auto space = line.rfind(' ');
      s.pins.emplace_back(trim(line.substr(5, space - 5)), line.substr(space + 1));
    }
  }
  return s;
}

// Every stored response as JSON, oldest first, with its stage.
std::vector<nlohmann::json> stored_responses(heard::store::ResponseStore& store) {
  std::vector<nlohmann::json> responses;
  heard::store::Statement ids(connection_of(store), "SELECT id FROM responses ORDER BY created_at, seq");
  while (ids.step()) {
    const auto id = ids.column_text(0);
    auto j = heard::to_json(*store.find(id));
    j["stage"] = store.stage_of(id) == heard::store::Stage::complete ? "complete" : "in_progress";
    responses.push_back(std::move(j));
  }
  return responses;
}

// "#usb-lines N": the one file in the USB folder has N lines. Returns the problem, or "".
std::string check_usb_lines(const std::filesystem::path& usb, const std::string& want) {
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::directory_iterator(usb)) files.push_back(f.path());
  std::size_t lines = 0;
  if (files.size() == 1) {
    std::ifstream file(files.front());
    for (std::string l; std::getline(file, l);) ++lines;
  }
  if (files.size() == 1 && lines == std::stoul(want)) return {};
  return "expected one file of " + want + " lines in the USB folder, found " + std::to_string(files.size()) +
         " file(s), " + std::to_string(lines) + " lines";
}

// "#db count N" or "#db [i].a.b = JSON". Returns the problem, or "".
std::string check_db(const std::string& check, const std::vector<nlohmann::json>& responses) {
  if (check.starts_with("count ")) {
    const auto want = std::stoul(check.substr(6));
    if (responses.size() == want) return {};
    return "expected " + std::to_string(want) + " response(s), found " + std::to_string(responses.size());
  }
  const auto eq = check.find(" = ");
  const auto close = check.find(']');
  if (!check.starts_with('[') || eq == std::string::npos || close == std::string::npos) return "cannot read this check";
  const auto index = std::stoul(check.substr(1, close - 1));
  std::string pointer = check.substr(close + 1, eq - close - 1);
  for (auto& c : pointer)
    if (c == '.') c = '/';
  const auto want = nlohmann::json::parse(check.substr(eq + 3));
  if (index >= responses.size()) return "there is no response [" + std::to_string(index) + "]";
  const nlohmann::json::json_pointer ptr(pointer);
  const auto got = responses[index].contains(ptr) ? responses[index].at(ptr) : nlohmann::json();
  return got == want ? std::string() : "expected " + want.dump() + ", found " + got.dump();
}

// The script's "#sql", "#usb-lines" and "#db" lines against what the kiosk left; returns
// how many failed, each told on stderr with its line.
int check_results(const std::filesystem::path& script, const std::filesystem::path& dir,
                  const std::filesystem::path& db) {
  heard::store::ResponseStore store(db);
  const std::vector<nlohmann::json> responses = stored_responses(store);
  int failures = 0;
  std::ifstream in(script);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line = trim(line);
    std::string problem;
    if (line.starts_with("#sql ")) {
      const auto eq = line.rfind(" = ");
      const std::string query = line.substr(5, eq - 5), want = line.substr(eq + 3);
      const std::string got = connection_of(store).query_text(query).value_or("(no row)");
      if (eq == std::string::npos || got != want) problem = query + ": expected " + want + ", found " + got;
    } else if (line.starts_with("#usb-lines ")) {
      problem = check_usb_lines(dir / "usb", line.substr(11));
    } else if (line.starts_with("#db ")) {
      problem = check_db(trim(line.substr(4)), responses);
    }
    if (problem.empty()) continue;
    std::cerr << script.filename().string() << ":" << number << ": " << problem << "\n";
    ++failures;
  }
  if (failures)
    for (const auto& r : responses) std::cerr << "saved: " << r.dump() << "\n";
  return failures;
}

// The database's small disk, full or read-only as the script asks; "" when all went well.
std::string prepare_disk(const Setup& setup, const std::filesystem::path& disk) {
  if (const std::string why = mount_small_disk(disk, setup.small_disk); !why.empty())
    return "SKIPPED: this test needs a tmpfs in a private mount namespace (root or CAP_SYS_ADMIN): " + why;
  ::setenv("HEARD_TEST_DISK", disk.c_str(), 1);
  return {};
}

std::vector<std::string> kiosk_command(const std::string& kiosk, const Setup& setup,
                                       const std::filesystem::path& script, const std::filesystem::path& db,
                                       const std::filesystem::path& dir) {
  std::vector<std::string> command{kiosk,  "--headless", "--size",        setup.size,   "--script",   script.string(),
                                   "--db", db.string(),  "--screenshots", dir.string(), "--kiosk-id", "test-kiosk"};
  command.insert(command.end(), setup.dpi.begin(), setup.dpi.end());
  if (!setup.rotation.empty()) command.insert(command.end(), {"--rotation", setup.rotation});
  // Always a config of the script's own (empty without #config lines), so a machine's
  // /etc/heard/heard.conf or $HEARD_CONFIG never changes what a script sees.
  const auto config_file = dir / "heard.conf";
  std::ofstream(config_file) << setup.config;
  command.insert(command.end(), {"--config", config_file.string()});
  return command;
}

// Runs the kiosk on the prepared folder and checks what it left; the exit code for ctest.
int run_and_check(const std::string& kiosk, Setup setup, const std::filesystem::path& script,
                  const std::filesystem::path& dir) {
  const auto disk = dir / "disk";
  const auto db = (setup.small_disk.empty() ? dir : disk) / "heard.db";
  if (setup.usb) {
    std::filesystem::create_directory(dir / "usb");
    setup.config += "\n[paths]\nusb_export = \"" + (dir / "usb").string() + "\"\n";
  }
  for (const auto& [name, pin] : setup.pins) {
    heard::store::ResponseStore store(db);
    heard::store::StaffStore(store).set_pin(name, pin, heard::system_now_ms());
  }
  if (setup.full_at_start && !fill_disk(disk)) {
    std::cerr << "cannot fill " << disk << "\n";
    return 2;
  }
  if (setup.read_only && ::mount(nullptr, disk.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0) {
    std::cerr << "cannot remount " << disk << " read-only: " << std::strerror(errno) << "\n";
    return 2;
  }
  const int code = run(kiosk_command(kiosk, setup, script, db, dir));
  if (!setup.small_disk.empty()) {
    // Room and write access again, so the checks below can open the database.
    ::mount(nullptr, disk.c_str(), nullptr, MS_REMOUNT, nullptr);
    std::error_code none_left;
    std::filesystem::remove(disk / "filler", none_left);
  }
  if (code != 0) {
    std::cerr << "heard-kiosk exited with " << code << "\n";
    return 1;
  }
  return check_results(script, dir, db) ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: ui_script_test HEARD_KIOSK SCRIPT\n";
    return 2;
  }
  const std::filesystem::path script = argv[2];
  const Setup setup = read_setup(script);
  std::string dir = (std::filesystem::temp_directory_path() / "heard-ui-test-XXXXXX").string();
  if (!mkdtemp(dir.data())) {
    std::cerr << "cannot create a temporary folder\n";
    return 2;
  }
  const auto disk = std::filesystem::path(dir) / "disk";
  if (!setup.small_disk.empty()) {
    if (const std::string why = prepare_disk(setup, disk); !why.empty()) {
      std::cerr << why << "\n";
      std::filesystem::remove_all(dir);
      return skip_code;
    }
  }
  const int code = run_and_check(argv[1], setup, script, dir);
  std::error_code ignored;
  if (!setup.small_disk.empty()) ::umount2(disk.c_str(), MNT_DETACH);
  std::filesystem::remove_all(dir, ignored);
  return code;
}
