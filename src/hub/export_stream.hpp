#pragma once
// Downloads of any size in constant memory: the export runs on a thread of its own and writes
// into one end of a socket pair; the HTTP layer reads the other end as the client takes the
// bytes. The socket buffer is the only queue, so a slow client slows the export down.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

#include "http_types.hpp"
#include "store/export.hpp"

namespace heard::hub {

class ExportStreams {
 public:
  using Producer = std::function<void(const store::ExportSink&)>;

  ~ExportStreams();  // wait_all()

  // Starts `produce` on its own thread and returns the body it writes.
  std::shared_ptr<BodyStream> start(Producer produce);
  // Waits for every export started to end. Call once the HTTP layer has stopped: its
  // dropped connections close the reading ends, which ends the exports still writing.
  void wait_all();

 private:
  std::mutex mutex_;
  std::condition_variable ended_;
  int running_ = 0;
};

}  // namespace heard::hub
