#pragma once
// The hub behind the hub_http harness: the real HubServer (routing, kiosk API, console API)
// on a real SQLite file, made once per process in a temporary folder (on /dev/shm when there
// is one, so that every commit's fsync costs little), with what an attacker would need to
// get past authentication already in place under fixed, well-known secrets. The seeds of
// tests/fuzz/corpus/hub_http (tests/fuzz/make_corpus) carry them, so the fuzzer starts from
// requests that reach every authenticated path.
//
// Two sites as in tests/support/console_fixture.hpp: north (kiosk north-1) and south
// (kiosk south-1); ana (admin), maria (manager of north), victor (viewer of every site).
// South holds one urgent complaint whose comment and phone number are random canaries that
// no input can contain: a reply showing one proves who may see it.
#include <filesystem>
#include <memory>
#include <string>

#include "hub/hub_server.hpp"
#include "hub/sqlite_hub_storage.hpp"

namespace heard::fuzz {

struct HubHttpSecrets {
  // Each 64 characters, as a session id must be; tokens at least 16.
  static constexpr const char* north_kiosk_token = "north-1-kiosk-token-for-the-fuzzer";
  static constexpr const char* ana_session = "ana-session-0000000000000000000000000000000000000000000000000000";
  static constexpr const char* maria_session = "maria-session-00000000000000000000000000000000000000000000000000";
  static constexpr const char* victor_session = "victor-session-0000000000000000000000000000000000000000000000000";
  static constexpr const char* ana_csrf = "ana-csrf";
  static constexpr const char* maria_csrf = "maria-csrf";
  static constexpr const char* victor_csrf = "victor-csrf";
  static constexpr const char* ana_api_token = "ana-api-token-for-the-fuzzer";
  static constexpr const char* password = "correct horse battery";  // everyone's
  static constexpr const char* north_case = "0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f60";
  static constexpr const char* south_case = "0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f70";
};

class HubHttpChain {
 public:
  static HubHttpChain& get();  // made on first use, removed at exit
  ~HubHttpChain();

  hub::HubServer& server() { return *server_; }
  // Puts back the three sessions a request may have ended (POST /api/signout).
  void restore_sessions();

  std::string comment_canary;  // south's complaint's comment: for ana and victor only
  std::string contact_canary;  // its phone number: for ana only (reveal, downloads)

 private:
  HubHttpChain();
  void add_people();
  void add_cases();

  std::filesystem::path dir_;
  std::unique_ptr<hub::SqliteHubStorage> storage_;
  std::unique_ptr<hub::HubServer> server_;
};

}  // namespace heard::fuzz
