#pragma once
// Runs the staff dashboard's queries off the UI thread. Thirty days on a million responses
// took 109 ms (p50) on the UI thread: a visible stall of the whole kiosk. Here they run on a
// thread of their own with their own read-only connection, and the dashboard shows a calm
// "Loading…" until the numbers are ready.
#include <filesystem>
#include <future>
#include <optional>
#include <string>

#include "core/time.hpp"
#include "core/words.hpp"
#include "store/insights.hpp"

namespace heard::ui {

class InsightsLoader {
 public:
  struct Request {
    std::filesystem::path database;
    Millis from = 0;
    Millis to = 0;
    StopWords stop_words;
  };
  struct Done {
    std::optional<store::Insights> insights;
    std::string error;  // why the queries failed, when they did
  };

  // Asks for the insights of [from, to). While another request runs, this one waits for it
  // and replaces any other waiting one: a quick Today -> 30 days never queues stale work.
  void start(Request request);
  bool busy() const { return running_.valid(); }
  // The result of the latest request once it is ready; nothing while still busy.
  std::optional<Done> take();

 private:
  void launch(Request request);

  std::future<store::Insights> running_;
  std::optional<Request> waiting_;
};

}  // namespace heard::ui
