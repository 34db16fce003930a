#include "hub_http_chain.hpp"

#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include "core/response_json.hpp"
#include "hub/ingest.hpp"
#include "hub/secrets.hpp"

namespace heard::fuzz {

namespace {

using S = HubHttpSecrets;

std::filesystem::path make_temp_dir() {
  // tmpfs when there is one: the hub commits with synchronous=FULL, and a disk's fsync per
  // request would make the fuzzer a hundred times slower without finding anything more.
  const std::filesystem::path shm = "/dev/shm";
  const auto base = ::access(shm.c_str(), W_OK) == 0 ? shm : std::filesystem::temp_directory_path();
  std::string pattern = (base / "heard-fuzz-hub-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("hub_http: cannot create " + pattern);
  return pattern;
}

hub::HubConfig two_sites() {
  hub::HubConfig config;
  config.sites = {{"north", "North Street", "Europe/Madrid", {"north-1"}},
                  {"south", "South Square", "Europe/Lisbon", {"south-1"}}};
  return config;
}

// A small console folder, so that file serving is on the paths too.
std::filesystem::path console_files(const std::filesystem::path& dir) {
  const auto assets = dir / "console";
  std::filesystem::create_directories(assets / "console");
  std::ofstream(assets / "index.html") << "<!doctype html><script type=\"module\" src=\"/console/app.js\"></script>\n";
  std::ofstream(assets / "console" / "app.js") << "export const heard = 'console';\n";
  return assets;
}

Response urgent_complaint(const std::string& id, const std::string& kiosk, const std::string& comment,
                          const std::string& phone) {
  Response r;
  r.id = id;
  r.kiosk_id = kiosk;
  r.created_at = system_now_ms() - 3'600'000;
  r.utc_offset_min = 60;
  r.rating = 1;
  r.kind = Kind::complaint;
  r.categories = {"wait_time"};
  r.comment = comment;
  r.desired_resolution = "call_back";
  r.contact = {"Ana", phone, "", "phone"};
  r.consent = {true, "2026-11"};
  r.language = "en";
  r.urgent = true;
  r.survey_version = "1";
  r.app_version = "1.0.0";
  return r;
}

void upload(hub::HubStorage& storage, const Response& r) {
  const auto entries = hub::read_feedback_batch(to_json_line(r) + "\n", r.kiosk_id);
  if (entries.size() != 1 || !entries[0].record)
    throw std::runtime_error("hub_http: the chain's own complaint is refused: " + entries.at(0).reason);
  storage.store_feedback(r.kiosk_id, {"", r.id}, entries);
}

}  // namespace

HubHttpChain& HubHttpChain::get() {
  static HubHttpChain chain;
  return chain;
}

HubHttpChain::HubHttpChain() : dir_(make_temp_dir()) {
  storage_ = std::make_unique<hub::SqliteHubStorage>(dir_ / "hub.db");
  storage_->apply_config(two_sites());
  storage_->set_kiosk_token("north-1", "north", hub::token_digest(S::north_kiosk_token));
  storage_->set_kiosk_token("south-1", "south", hub::token_digest(hub::random_token()));
  add_people();
  add_cases();
  hub::ServerOptions options;
  options.console = {false, 12, console_files(dir_)};
  server_ = std::make_unique<hub::HubServer>(*storage_, options);
  restore_sessions();
}

HubHttpChain::~HubHttpChain() {
  server_.reset();
  storage_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void HubHttpChain::add_people() {
  const std::string hash = hub::hash_password(S::password);  // argon2id once: a fraction of a second
  storage_->add_user({0, "ana", hub::Role::admin, false, hash, {}});
  storage_->add_user({0, "maria", hub::Role::manager, false, hash, {"north"}});
  storage_->add_user({0, "victor", hub::Role::viewer, false, hash, {}});
  storage_->add_api_token("ana", hub::token_digest(S::ana_api_token));
}

void HubHttpChain::add_cases() {
  comment_canary = "canary-comment-" + hub::random_token();
  contact_canary = "+34" + hub::random_token().substr(0, 9);
  for (auto& c : contact_canary)
    if (c > '9') c = static_cast<char>('0' + (c - 'a'));  // a phone number is digits
  upload(*storage_, urgent_complaint(S::north_case, "north-1", "Waited 25 minutes at the counter", "+34 600 000 000"));
  upload(*storage_, urgent_complaint(S::south_case, "south-1", comment_canary, contact_canary));
}

void HubHttpChain::restore_sessions() {
  const struct {
    const char* name;
    const char* token;
    const char* csrf;
  } sessions[] = {{"ana", S::ana_session, S::ana_csrf},
                  {"maria", S::maria_session, S::maria_csrf},
                  {"victor", S::victor_session, S::victor_csrf}};
  const Millis now = system_now_ms();
  for (const auto& s : sessions) {
    const auto digest = hub::token_digest(s.token);
    if (storage_->find_session(digest, now)) continue;
    const auto user = storage_->find_user(s.name);
    if (!user) throw std::runtime_error(std::string("hub_http: no person ") + s.name);
    storage_->add_session(digest, user->id, s.csrf, now + 24 * 3'600'000LL);
  }
}

}  // namespace heard::fuzz
