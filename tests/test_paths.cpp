#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "config/resolve.hpp"

namespace {

// Sets an environment variable for one test and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) setenv(name, value, 1);
    else unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) setenv(name_, old_->c_str(), 1);
    else unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

bool system_folder_usable() { return ::access("/var/lib/heard", W_OK) == 0; }

}  // namespace

TEST_CASE("The database path comes from HEARD_DB first", "[paths]") {
  ScopedEnv db("HEARD_DB", "/srv/kiosk/feedback.db");
  CHECK(heard::config::default_database_path() == "/srv/kiosk/feedback.db");
}

TEST_CASE("Without HEARD_DB or a writable /var/lib/heard, the database lives in the user's data folder", "[paths]") {
  if (system_folder_usable()) return;  // a packaged device: the system folder wins, by design
  ScopedEnv db("HEARD_DB", nullptr);
  SECTION("XDG_DATA_HOME when set") {
    ScopedEnv xdg("XDG_DATA_HOME", "/home/ana/.data");
    CHECK(heard::config::default_database_path() == "/home/ana/.data/heard/heard.db");
  }
  SECTION("else ~/.local/share") {
    ScopedEnv xdg("XDG_DATA_HOME", nullptr);
    ScopedEnv home("HOME", "/home/ana");
    CHECK(heard::config::default_database_path() == "/home/ana/.local/share/heard/heard.db");
  }
  SECTION("an empty HEARD_DB counts as unset") {
    ScopedEnv empty("HEARD_DB", "");
    ScopedEnv xdg("XDG_DATA_HOME", "/x");
    CHECK(heard::config::default_database_path() == "/x/heard/heard.db");
  }
}
