#pragma once
// heard-loadgen's work: many simulated kiosks, each with a backlog of responses (some
// urgent, sent first), heartbeats and event pulls, over real HTTP to one or more hubs. A
// kiosk whose hub fails sends the same batch, under the same Idempotency-Key, to the next.
#include <chrono>
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace heard::loadgen {

struct Options {
  std::vector<std::string> hubs;  // base URLs; kiosk i starts on hubs[i % size]
  int kiosks = 100;
  int backlog = 200;  // responses per kiosk
  int batch = 100;    // records per upload (the protocol allows 500)
  int threads = 16;
  int urgent_every = 20;  // one response in this many is urgent
  std::chrono::seconds deadline{300};
  std::string admin_token;    // for the count afterwards (an admin's API token or the admin token)
  std::string run_id = "lg";  // kiosk ids are RUN-kNNNN
  pid_t kill_pid = 0;         // SIGKILL this process once kill_after records were accepted
  std::int64_t kill_after = 0;
};

struct Report {
  std::int64_t sent = 0;          // distinct records made
  std::int64_t acknowledged = 0;  // accepted or duplicate in some reply
  std::int64_t batches = 0;
  std::int64_t errors = 0;  // failed requests (each retried)
  double seconds = 0;
  double p50_ms = 0, p99_ms = 0;  // batch latency
  std::int64_t found = 0;         // lines in the hub's export from these kiosks
  std::int64_t found_distinct = 0;
  bool finished = false;  // every kiosk's backlog acknowledged before the deadline
};

// The kiosks' token file for `heard-hub --tokens` ("KIOSK_ID TOKEN" lines).
std::string tokens_file(const Options& options);
Report run(const Options& options);
std::string to_text(const Report& report);

}  // namespace heard::loadgen
