#pragma once
// The alerts at work, on two threads of their own so that ingest never waits for them:
//  - the rules thread wakes on a cheap "something arrived" signal from ingest (or every few
//    seconds), reads responses past its cursor and queues what the rules say;
//  - the delivery thread claims due deliveries one at a time, sends each through its
//    channel, marks it sent or schedules the next try (full-jitter backoff, never giving up
//    before the delivery expires).
// A channel's state (working, or failing with its last error) is kept for the console.
#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "alert_config.hpp"
#include "alert_store.hpp"
#include "channel.hpp"
#include "core/clock.hpp"
#include "render.hpp"

namespace heard::hub::alerts {

struct ChannelStatus {
  bool failing = false;
  std::string last_error;  // empty when it works
  Millis since = 0;        // wall time of the change
};

class AlertService {
 public:
  AlertService(AlertConfig config, AlertStore& store, const Clock& clock);
  ~AlertService();  // stops

  // Checks every channel once (connect, TLS, log in) on the delivery thread and reports each
  // failure on stderr and in channel_status(); then starts both threads.
  void start();
  void stop();
  void something_arrived();  // from ingest: cheap, never blocks for long

  // Queues a test message through `channel` ("webhook:NAME" or "email:NAME"); false: unknown.
  bool send_test(const std::string& channel);
  std::map<std::string, ChannelStatus> channel_status() const;
  // The rules as they apply now: hub.toml's, then what the console changed (kept in the
  // database). set_rules takes the same shape; false: a field it does not know.
  nlohmann::json rules() const;
  bool set_rules(const nlohmann::json& rules);
  const AlertConfig& config() const { return config_; }

  struct PersonLimits {
    QuietHours quiet;
    int max_per_hour = 0;
  };

 private:
  void rules_loop();
  void delivery_loop();
  void evaluate();
  void evaluate_spells();
  void evaluate_offline();
  void evaluate_sla();
  void evaluate_digests();
  void tell_case(const OverdueCase& c, bool escalated, int escalate_after_min, Millis now_wall,
                 std::vector<NewDelivery>& out);
  // One message per webhook and person hearing `rule` about the kiosks of `kiosks` each covers.
  void tell_kiosks(const std::vector<OfflineKiosk>& kiosks, bool back, Millis now_wall, std::vector<NewDelivery>& out);
  void coalesce(const std::vector<SiteWindow>& sites, const BadSpellRule& rule, bool over, Millis now_wall,
                std::vector<NewDelivery>& out);
  // One delivery of `text` to each webhook and person that hears `rule` for `site`.
  void fan_out(const AlertText& text, const std::string& rule, const std::string& site, std::vector<NewDelivery>& out);
  // Marks each e-mail in `out` whose person is in quiet hours, or beyond their hourly limit,
  // as held (hold.cpp); release_held sends what waited, several as one summary.
  void hold_for_people(std::vector<NewDelivery>& out, Millis now_wall);
  void commit(const OpenAlertChanges& changes, std::vector<NewDelivery>& out, Millis now_wall);
  void release_held(Millis now_wall);
  const Person* person_named(const std::string& name) const;
  nlohmann::json people_json() const;
  bool deliver_one();
  void probe_channels();
  void set_status(const std::string& channel, const SendResult& result);
  void queue(std::vector<NewDelivery> deliveries, const std::string& cursor, std::int64_t value);
  Millis next_try_in(int attempts);

  AlertConfig config_;
  AlertStore& store_;
  const Clock& clock_;
  std::string run_;  // this process's lease owner
  std::atomic<bool> stopping_{false};
  // The rules now (hub.toml's, changed by the console); under mutex_.
  bool urgent_rule_ = true;
  BadSpellRule bad_spell_;
  bool offline_rule_ = true;
  bool sla_rule_ = true;
  bool urgent_breaks_quiet_ = true;
  int unsynced_limit_min_ = 120;
  int sla_escalate_after_min_ = 240;
  std::map<std::string, PersonLimits> limits_;  // by person's name
  // Steady times of the last bad-spell pass (the rules thread's own) and of the last expiry
  // sweep (the delivery thread's own).
  Millis spells_checked_ = -1'000'000;
  Millis offline_checked_ = -1'000'000;
  Millis sla_checked_ = -1'000'000;
  Millis expired_checked_ = -1'000'000;
  Millis digests_checked_ = -1'000'000;
  std::set<std::string> digests_queued_;  // site:first day, this run's (the outbox dedups across runs)
  std::map<std::string, std::unique_ptr<Channel>> channels_;

  mutable std::mutex mutex_;
  std::condition_variable rules_wake_, delivery_wake_;
  bool arrived_ = false, queued_ = false;
  std::map<std::string, ChannelStatus> status_;
  std::mt19937_64 rng_;
  std::thread rules_, delivery_;
};

}  // namespace heard::hub::alerts
