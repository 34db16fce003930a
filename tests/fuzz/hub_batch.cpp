// The hub's batch reader (src/hub/ingest.*) on what a kiosk, or anyone holding a kiosk's
// token, can POST.
//
// The first byte chooses the door, so one corpus covers all of them:
//   bits 0-1  0: /feedback   1: /events   2 and 3: /heartbeat
//   bit 2     the rest is a gzip body (the hub's body decoder undoes Content-Encoding as it
//             arrives; here heard's own gunzip, with the hub's limit on the expanded size)
#include <cstdint>

#include "fuzz_targets.hpp"
#include "hub/ingest.hpp"
#include "sync/batch.hpp"

namespace heard::fuzz {

namespace {
constexpr std::size_t hub_body_limit = 2u << 20;  // HubOptions::max_body_bytes
constexpr std::string_view kiosk = "lobby-1";
}  // namespace

void hub_batch(std::string_view input) {
  if (input.empty()) return;
  const auto door = static_cast<std::uint8_t>(input.front());
  input.remove_prefix(1);
  std::string expanded;
  if (door & 4) {
    try {
      expanded = sync::gunzip(input, hub_body_limit);
    } catch (const std::runtime_error&) {
      return;  // the hub answers 400 or 413
    }
    input = expanded;
  }
  try {
    switch (door & 3) {
      case 0: {
        const auto entries = hub::read_feedback_batch(input, kiosk);
        require(!entries.empty() && entries.size() <= hub::max_records_per_batch,
                "feedback: record count out of bounds");
        for (const auto& e : entries) {
          require(e.record.has_value() != !e.reason.empty(), "feedback: an entry must be stored xor have a reason");
          if (e.record) require(e.record->id == e.id, "feedback: stored record's id differs from its line's id");
        }
        break;
      }
      case 1: {
        const auto entries = hub::read_event_batch(input);
        require(!entries.empty() && entries.size() <= hub::max_records_per_batch, "events: record count out of bounds");
        for (const auto& e : entries) require(e.event.has_value() != !e.reason.empty(), "events: stored xor reason");
        break;
      }
      default: {
        const auto beat = hub::read_heartbeat(input, kiosk);
        require(beat.kiosk_id == kiosk, "heartbeat: kiosk id must be the sender's");
        break;
      }
    }
  } catch (const hub::UnreadableBatch&) {
  } catch (const hub::BatchTooLarge&) {}
}

}  // namespace heard::fuzz
