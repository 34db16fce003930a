#pragma once
// The tests' look inside a ResponseStore: its own connection, for checking rows and for
// per-connection settings (max_page_count, query_only) that only that connection obeys.
// Product code never reaches the connection (store/response_store.hpp).
#include "store/response_store.hpp"

namespace heard::store {

struct StoreInspector {
  static Database& connection(ResponseStore& store) { return store.database(); }
};

}  // namespace heard::store

namespace heard::test {

inline store::Database& connection_of(store::ResponseStore& store) { return store::StoreInspector::connection(store); }

}  // namespace heard::test

namespace heard::test {

// The responses waiting for the hub, whole, in sending order (the outbox gives wire lines).
inline std::vector<Response> waiting_responses(store::ResponseStore& store, std::size_t limit) {
  std::vector<Response> out;
  for (const auto& w : store.outbox().pending(store::Stream::responses, limit)) out.push_back(*store.find(w.id));
  return out;
}

// The wire lines of events waiting for the hub, in sending order.
inline std::vector<std::string> waiting_event_lines(store::ResponseStore& store, std::size_t limit) {
  std::vector<std::string> out;
  for (const auto& w : store.outbox().pending(store::Stream::events, limit)) out.push_back(w.line);
  return out;
}

}  // namespace heard::test
