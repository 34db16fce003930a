#include "ui/insights_loader.hpp"

#include <chrono>
#include <utility>

#include "store/database.hpp"

namespace heard::ui {

void InsightsLoader::start(Request request) {
  if (running_.valid()) waiting_ = std::move(request);
  else launch(std::move(request));
}

void InsightsLoader::launch(Request request) {
  running_ = std::async(std::launch::async, [r = std::move(request)] {
    store::Database db(r.database, store::Database::Mode::read_only);
    return store::compute_insights(db, r.from, r.to, r.stop_words);
  });
}

std::optional<InsightsLoader::Done> InsightsLoader::take() {
  if (!running_.valid() || running_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
  Done done;
  try {
    done.insights = running_.get();
  } catch (const std::exception& e) {
    done.error = e.what();
  }
  if (waiting_) {  // the customer of this result has moved on: answer the newer question
    launch(std::move(*waiting_));
    waiting_.reset();
    return std::nullopt;
  }
  return done;
}

}  // namespace heard::ui
