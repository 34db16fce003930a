#include "core/clock.hpp"

#include <chrono>

namespace heard {

namespace {
template <typename C>
Millis read_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(C::now().time_since_epoch()).count();
}
}  // namespace

Now SystemClock::now() const { return {read_ms<std::chrono::system_clock>(), read_ms<std::chrono::steady_clock>()}; }

// The wall clock alone, for programs that only stamp instants (heardctl, the hub, the sync
// thread's status): see core/time.hpp.
Millis system_now_ms() { return read_ms<std::chrono::system_clock>(); }

}  // namespace heard
