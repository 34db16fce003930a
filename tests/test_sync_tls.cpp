// HTTPS with certificate verification always on: a hub with a self-signed certificate made
// here with openssl is refused, unless its CA file is configured or its key is pinned.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "support/sync_fixture.hpp"

using namespace heard;
using namespace heard::test;

namespace {

// A self-signed certificate for 127.0.0.1, and the curl pin ("sha256//...") of its key.
struct SelfSigned {
  std::filesystem::path cert, key;
  std::string pin;
};

SelfSigned make_certificate(const TempDir& dir) {
  SelfSigned s{dir / "cert.pem", dir / "key.pem", ""};
  const std::string make =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
      "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
      s.key.string() + " -out " + s.cert.string() + " 2>/dev/null";
  REQUIRE(std::system(make.c_str()) == 0);
  const auto pin_file = dir / "pin.txt";
  const std::string pin = "openssl x509 -in " + s.cert.string() +
                          " -pubkey -noout | openssl pkey -pubin -outform der"
                          " | openssl dgst -sha256 -binary | base64 > " +
                          pin_file.string();
  REQUIRE(std::system(pin.c_str()) == 0);
  s.pin = "sha256//" + read_text(pin_file);
  s.pin.erase(s.pin.find_last_not_of("\n") + 1);
  return s;
}

}  // namespace

TEST_CASE("The kiosk refuses a hub whose certificate it cannot verify", "[sync][tls]") {
  TempDir dir;
  const SelfSigned tls = make_certificate(dir);
  HubProcess hub(dir, {"--cert", tls.cert.string(), "--key", tls.key.string()});
  const std::string url = "https://127.0.0.1:" + std::to_string(hub.port());
  const auto db = dir / "kiosk.db";
  make_kiosk(db, 5);
  const auto sync = [&](const std::string& pinned_key, std::vector<std::string> extra_args = {}) {
    // Generous timeouts: a TLS handshake with a hub under ThreadSanitizer on a loaded machine
    // can take seconds, and the failures this test expects come from the handshake's result.
    std::map<std::string, std::string> settings = {{"connect_timeout_s", "30"}, {"low_speed_time_s", "30"}};
    if (!pinned_key.empty()) settings["pinned_public_key"] = "\"" + pinned_key + "\"";
    const auto config = write_sync_config(dir, url, settings);
    std::vector<std::string> args = {"--config", config.string(), "--db",       db.string(),
                                     "sync",     "--once",        "--max-time", "30"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    return run_heardctl(dir, args);
  };

  const Run untrusted = sync("");
  CHECK(untrusted.exit_code == 1);
  CHECK_THAT(untrusted.err, Catch::Contains("certificate"));
  // Given up at the first refusal, not retried until --max-time: waiting cannot fix a certificate.
  CHECK_THAT(untrusted.out, Catch::Contains("failed and retried: 1."));
  CHECK(count_rows(hub.db(), "responses") == 0);

  SECTION("a wrong pinned key is refused even with the right CA") {
    const Run pinned_wrong =
        sync("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", {"--ca-file", tls.cert.string()});
    CHECK(pinned_wrong.exit_code == 1);
    CHECK_THAT(pinned_wrong.err, Catch::Contains("public key"));
    CHECK_THAT(pinned_wrong.out, Catch::Contains("failed and retried: 1."));
    CHECK(count_rows(hub.db(), "responses") == 0);
  }
  SECTION("the hub's CA file makes it trusted") {
    const Run trusted = sync("", {"--ca-file", tls.cert.string()});
    INFO(trusted.err);
    CHECK(trusted.exit_code == 0);
    CHECK(count_rows(hub.db(), "responses") == 5);
  }
  SECTION("the right pinned key together with the CA file works") {
    const Run pinned = sync(tls.pin, {"--ca-file", tls.cert.string()});
    INFO(pinned.err);
    CHECK(pinned.exit_code == 0);
    CHECK(count_rows(hub.db(), "responses") == 5);
  }
}
