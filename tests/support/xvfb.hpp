#pragma once
// A private X server for the windowed kiosk's tests: -displayfd makes Xvfb pick a free
// display number and print it, so tests running side by side never share one.
#include <csignal>
#include <string>

#include "support/child_process.hpp"

namespace heard::test {

class Xvfb {
 public:
  // `screen` as Xvfb takes it: "800x480x24".
  Xvfb(const TempDir& dir, const std::string& screen)
      : server_({"/usr/bin/Xvfb", "-displayfd", "1", "-screen", "0", screen, "-nolisten", "tcp"}, dir / "xvfb.out",
                dir / "xvfb.err", true),
        number_(server_.read_line(std::chrono::seconds(20))) {}
  ~Xvfb() {
    server_.signal(SIGTERM);
    server_.wait();
  }
  Xvfb(const Xvfb&) = delete;
  Xvfb& operator=(const Xvfb&) = delete;

  bool started() const { return !number_.empty(); }
  // "DISPLAY=:N", for a child's environment.
  std::string display_env() const { return "DISPLAY=:" + number_; }
  const std::string& number() const { return number_; }

 private:
  Child server_;
  std::string number_;
};

}  // namespace heard::test
