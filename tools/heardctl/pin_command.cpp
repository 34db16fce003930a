// heardctl set-pin: gives a staff member a PIN for staff mode on the kiosk. The PIN is read
// from standard input (never the command line, which other users can see in `ps` and the
// shell keeps in its history) and stored only as an argon2id hash.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "cli.hpp"
#include "store/response_store.hpp"
#include "store/staff_store.hpp"

namespace heard::ctl {

namespace {

constexpr const char* help_text = R"(Usage: heardctl [--db FILE] set-pin --name NAME

Sets (or replaces) the staff-mode PIN of the staff member NAME. The PIN, 4 to 12 digits,
is read from standard input: typed twice without echo at a terminal, or as the first line
of piped input (echo 4821 | heardctl set-pin --name "Marta"). Each member needs their own
PIN: the kiosk knows who is working a follow-up from the PIN alone.

Staff mode is opened by pressing and holding the top-left corner of the Welcome screen
for 3 seconds, then entering a PIN.

Options:
  --name NAME  the staff member, as the audit log and follow-ups will show them
  -h, --help   this text
)";

// One line from stdin; at a terminal the PIN is not echoed.
std::string read_pin(const char* prompt) {
  const bool tty = ::isatty(STDIN_FILENO);
  termios saved{};
  if (tty) {
    std::fputs(prompt, stderr);
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::fputs("\n", stderr);
  }
  if (!got) throw UsageError("no PIN on standard input");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

int run_set_pin(const Context& ctx, Args& args) {
  std::string name;
  while (!args.done()) {
    if (args.help()) {
      std::fputs(help_text, stdout);
      return exit_ok;
    }
    if (!args.option("--name", name)) args.unexpected();
  }
  if (name.empty()) throw UsageError("--name NAME is required (the staff member the PIN belongs to)");
  const std::string pin = read_pin(("PIN for " + name + ": ").c_str());
  if (::isatty(STDIN_FILENO) && read_pin("The same PIN again: ") != pin) throw UsageError("the two PINs differ");
  store::ResponseStore responses(ctx.db);
  store::StaffStore staff(responses);
  try {
    staff.set_pin(name, pin, system_now_ms());
  } catch (const store::PinRejected& e) {
    throw UsageError(e.what());
  }
  std::printf("Staff-mode PIN set for %s.\n", name.c_str());
  return exit_ok;
}

}  // namespace heard::ctl
