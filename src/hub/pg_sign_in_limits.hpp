#pragma once
// SignInLimiter's rule (5 failures per name, 20 per address, in 15 minutes) counted in
// PostgreSQL, so every hub process behind the load balancer refuses alike. Windows run on
// the database's clock: the one clock all processes share (their steady clocks are not).
#include "pg_connection.hpp"
#include "sign_in_limiter.hpp"

namespace heard::hub {

class PgSignInLimits : public SignInLimits {
 public:
  explicit PgSignInLimits(PgPool& pool) : pool_(pool) {}
  bool allowed(const std::string& name, const std::string& address, Clock::time_point now,
               std::chrono::seconds& retry_after) override;
  void failed(const std::string& name, const std::string& address, Clock::time_point now) override;
  void succeeded(const std::string& name) override;

 private:
  PgPool& pool_;
};

}  // namespace heard::hub
