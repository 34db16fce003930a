#pragma once
// Slows password guessing: after 5 failed sign-ins for one name, or 20 from one address,
// within 15 minutes, further attempts for it are refused until the window passes. Counted
// in memory on steady time: a restart forgets, which costs an attacker a restart per 20
// guesses at most, and keeps the database out of a hot, attacker-driven write path.
#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace heard::hub {

// What the console asks; a backend shared by several hub processes (PostgreSQL) answers
// from the database instead, so a guesser gains nothing by spreading over the processes.
class SignInLimits {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int per_name = 5;
  static constexpr int per_address = 20;
  static constexpr std::chrono::minutes window{15};

  virtual ~SignInLimits() = default;
  // Whether an attempt may be checked now; if not, `retry_after` is how long to wait.
  virtual bool allowed(const std::string& name, const std::string& address, Clock::time_point now,
                       std::chrono::seconds& retry_after) = 0;
  virtual void failed(const std::string& name, const std::string& address, Clock::time_point now) = 0;
  virtual void succeeded(const std::string& name) = 0;
};

class SignInLimiter : public SignInLimits {
 public:
  bool allowed(const std::string& name, const std::string& address, Clock::time_point now,
               std::chrono::seconds& retry_after) override;
  void failed(const std::string& name, const std::string& address, Clock::time_point now) override;
  void succeeded(const std::string& name) override;

 private:
  struct Count {
    int failures = 0;
    Clock::time_point since;
  };
  bool blocked(std::map<std::string, Count>& counts, const std::string& key, int limit, Clock::time_point now,
               std::chrono::seconds& retry_after);
  void count(std::map<std::string, Count>& counts, const std::string& key, Clock::time_point now);

  std::mutex mutex_;
  std::map<std::string, Count> names_;
  std::map<std::string, Count> addresses_;
};

}  // namespace heard::hub
