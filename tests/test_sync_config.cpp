// The sync settings (heard.conf's [sync]; file, line and key in test_device_config.cpp): every mistake gets a clear
// message; plain HTTP only to loopback; the token file must be private and its content never appears in messages.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

#include "support/temp_dir.hpp"
#include "sync/config.hpp"

using namespace heard;
using namespace heard::sync;

namespace {

SyncConfig good_config() {
  SyncConfig c;
  c.hub_url = "https://hub.example.com/heard";
  c.kiosk_id = "store-12-exit";
  c.token_file = "/etc/heard/token";
  return c;
}

std::string validation_error(const SyncConfig& c) {
  try {
    validate(c);
  } catch (const SyncConfigError& e) {
    return e.key() + ": " + e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("Plain http:// is accepted only for a hub on this machine", "[sync][config]") {
  SyncConfig c = good_config();
  CHECK(validation_error(c).empty());
  for (const char* url : {"http://127.0.0.1:8750", "http://localhost:8750/", "http://[::1]:8750", "http://127.1.2.3"}) {
    c.hub_url = url;
    CHECK(validation_error(c).empty());
  }
  for (const char* url : {"http://hub.example.com", "http://10.0.0.5:8750", "http://127.0.0.1.example.com",
                          "http://localhost.evil.com"}) {
    c.hub_url = url;
    CHECK_THAT(validation_error(c), Catch::Contains("hub_url") && Catch::Contains("https://"));
  }
}

TEST_CASE("Hub URLs that are not plain http(s) bases are refused", "[sync][config]") {
  SyncConfig c = good_config();
  for (const char* url : {"ftp://hub.example.com", "hub.example.com", "https://", "https://user:pw@hub.example.com",
                          "https://hub.example.com/?x=1", "https://hub example.com"}) {
    c.hub_url = url;
    CHECK_THAT(validation_error(c), Catch::StartsWith("hub_url: "));
  }
}

TEST_CASE("Kiosk ids must be safe in URLs and file names", "[sync][config]") {
  SyncConfig c = good_config();
  for (const char* id : {"", "../etc", "a/b", "kiosk one", ".hidden", "ü"}) {
    c.kiosk_id = id;
    CHECK_THAT(validation_error(c), Catch::StartsWith("kiosk_id: "));
  }
  c.kiosk_id = std::string(65, 'a');
  CHECK_THAT(validation_error(c), Catch::StartsWith("kiosk_id: "));
}

TEST_CASE("The token file must be readable by its owner only", "[sync][config]") {
  heard::test::TempDir dir;
  const auto file = dir / "token";
  std::ofstream(file) << "  s3cret-token-value-123 \n";
  ::chmod(file.c_str(), 0600);
  CHECK(read_token_file(file) == "s3cret-token-value-123");

  for (mode_t mode : {0644, 0640, 0604, 0620}) {
    ::chmod(file.c_str(), mode);
    try {
      read_token_file(file);
      FAIL("accepted a token file with mode " << std::oct << mode);
    } catch (const std::runtime_error& e) {
      CHECK_THAT(e.what(), Catch::Contains("chmod 600"));
      CHECK_THAT(e.what(), !Catch::Contains("s3cret"));
    }
  }
}

TEST_CASE("Empty, missing or odd token files are refused without echoing them", "[sync][config]") {
  heard::test::TempDir dir;
  const auto file = dir / "token";
  CHECK_THROWS_WITH(read_token_file(file), Catch::Contains("cannot read"));
  std::ofstream(file) << "\n";
  ::chmod(file.c_str(), 0600);
  CHECK_THROWS_WITH(read_token_file(file), Catch::Contains("empty"));
  std::ofstream(file) << "two words-secret\n";
  CHECK_THROWS_WITH(read_token_file(file), Catch::Contains("spaces") && !Catch::Contains("words-secret"));
}
