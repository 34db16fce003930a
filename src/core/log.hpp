#pragma once
// Log lines go to stderr with a syslog priority prefix ("<3>"), which the systemd journal
// turns into levels. Never pass personal data (contact details, comments) to these.
#include <string_view>

namespace heard::log {

enum class Level { error = 3, warning = 4, info = 6, debug = 7 };

void write(Level level, std::string_view message);
inline void error(std::string_view m) { write(Level::error, m); }
inline void warning(std::string_view m) { write(Level::warning, m); }
inline void info(std::string_view m) { write(Level::info, m); }
inline void debug(std::string_view m) { write(Level::debug, m); }

// True when a line at `level` would be written: callers skip building costly messages.
bool enabled(Level level);

// Messages below this level are dropped (default: $HEARD_LOG_LEVEL, else info).
void set_threshold(Level level);

}  // namespace heard::log
