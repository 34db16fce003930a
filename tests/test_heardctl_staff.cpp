// heardctl set-pin and purge, run as the real binary on real database files.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "store/staff_store.hpp"
#include "support/sample.hpp"
#include "support/temp_dir.hpp"

namespace {

// Runs `heardctl --db DB ARGS` with `input` on standard input; returns the exit code.
int heardctl(const heard::test::TempDir& dir, const std::string& args, const std::string& input = "") {
  const std::string command = "printf '%s' '" + input + "' | '" + HEARDCTL_PATH + "' --db '" +
                              (dir / "heard.db").string() + "' " + args + " >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace

TEST_CASE("heardctl set-pin reads the PIN from standard input, never the command line", "[heardctl][staff]") {
  heard::test::TempDir dir;
  CHECK(heardctl(dir, "set-pin --name Marta", "4821\n") == 0);
  CHECK(heardctl(dir, "set-pin --name Jo", "4821\n") == 2);  // Marta's already
  CHECK(heardctl(dir, "set-pin --name Jo", "12\n") == 2);    // too short
  CHECK(heardctl(dir, "set-pin --name Jo", "") == 2);        // nothing on stdin
  CHECK(heardctl(dir, "set-pin", "5555\n") == 2);            // no name
  CHECK(heardctl(dir, "set-pin --name Jo --pin 5555", "") == 2);

  heard::store::ResponseStore store(dir / "heard.db");
  heard::store::StaffStore staff(store);
  CHECK(staff.staff_names() == std::vector<std::string>{"Marta"});
  CHECK(staff.login("4821", heard::system_now_ms()).name == "Marta");
}

TEST_CASE("heardctl purge removes contact details past the hard limit", "[heardctl][purge]") {
  heard::test::TempDir dir;
  const heard::Millis long_ago = *heard::parse_iso8601("2025-01-10T10:00:00Z");
  const auto old = heard::test::filled_response(long_ago);
  {
    heard::store::ResponseStore store(dir / "heard.db");
    store.save(old);
  }
  CHECK(heardctl(dir, "purge --hard-limit-days 400 --now 2026-01-10") == 0);  // 365 days: kept
  {
    heard::store::ResponseStore store(dir / "heard.db");
    CHECK_FALSE(store.find(old.id)->contact.empty());
  }
  CHECK(heardctl(dir, "purge --hard-limit-days 300 --now 2026-01-10") == 0);
  heard::store::ResponseStore store(dir / "heard.db");
  CHECK(store.find(old.id)->contact.empty());
  CHECK(store.find(old.id)->comment == old.comment);
  CHECK(heardctl(dir, "purge --retention-days -1") == 2);
}

TEST_CASE("heardctl purge keeps to the survey's retention by default, as the kiosk's daily purge does",
          "[heardctl][purge]") {
  heard::test::TempDir dir;
  const heard::Millis long_ago = *heard::parse_iso8601("2025-01-10T10:00:00Z");
  const auto old = heard::test::filled_response(long_ago);
  {
    heard::store::ResponseStore store(dir / "heard.db");
    store.save(old);
  }
  // A survey that keeps contact details at most 200 days, named by the device configuration.
  std::ifstream shipped(HEARD_ASSETS_DIR "/survey.json");
  auto survey = nlohmann::json::parse(shipped);
  survey["contact_hard_limit_days"] = 200;
  std::ofstream(dir / "survey.json") << survey.dump();
  std::ofstream(dir / "heard.conf") << "[paths]\nsurvey = \"survey.json\"\n";  // relative to the file
  const std::string config = "--config '" + (dir / "heard.conf").string() + "' ";

  CHECK(heardctl(dir, config + "purge --now 2025-06-01") == 0);  // 142 days: kept
  {
    heard::store::ResponseStore store(dir / "heard.db");
    CHECK_FALSE(store.find(old.id)->contact.empty());
  }
  CHECK(heardctl(dir, config + "purge --hard-limit-days 400 --now 2025-09-01") == 0);  // a flag wins
  {
    heard::store::ResponseStore store(dir / "heard.db");
    CHECK_FALSE(store.find(old.id)->contact.empty());
  }
  CHECK(heardctl(dir, config + "purge --now 2025-09-01") == 0);  // 234 days
  heard::store::ResponseStore store(dir / "heard.db");
  CHECK(store.find(old.id)->contact.empty());
}
