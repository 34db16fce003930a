#include "export_stream.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/log.hpp"

namespace heard::hub {

namespace {

struct Channel {
  int reading = -1;
  std::atomic<bool> failed{false};
  ~Channel() {
    if (reading >= 0) ::close(reading);
  }
};

class ChannelBody : public BodyStream {
 public:
  explicit ChannelBody(std::shared_ptr<Channel> channel) : channel_(std::move(channel)) {}
  ssize_t read(char* into, std::size_t max) override {
    ssize_t n;
    // A signal handled on this thread (one without SA_RESTART) interrupts recv: that is no
    // failure of the export, and taking it for one cut a download short (found by hub_http).
    do n = ::recv(channel_->reading, into, max, 0);
    while (n < 0 && errno == EINTR);
    if (n == 0 && channel_->failed.load()) return -1;
    return n < 0 ? -1 : n;
  }

 private:
  std::shared_ptr<Channel> channel_;
};

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    // MSG_NOSIGNAL: a client that went away ends the export with an error, not SIGPIPE.
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;  // interrupted by a signal: not the client leaving
    if (n <= 0) throw std::runtime_error("the client went away");
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

ExportStreams::~ExportStreams() { wait_all(); }

std::shared_ptr<BodyStream> ExportStreams::start(Producer produce) {
  int ends[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
    throw std::runtime_error("cannot start a download: no socket pair");
  auto channel = std::make_shared<Channel>();
  channel->reading = ends[0];
  const int writing = ends[1];
  {
    std::lock_guard lock(mutex_);
    ++running_;
  }
  std::thread([this, channel, writing, produce = std::move(produce)] {
    try {
      produce([writing](std::string_view chunk) { write_all(writing, chunk); });
    } catch (const std::exception& e) {
      channel->failed = true;
      log::warning(std::string("hub: download stopped: ") + e.what());
    }
    ::close(writing);
    std::lock_guard lock(mutex_);
    --running_;
    ended_.notify_all();
  }).detach();
  return std::make_shared<ChannelBody>(channel);
}

void ExportStreams::wait_all() {
  std::unique_lock lock(mutex_);
  ended_.wait(lock, [this] { return running_ == 0; });
}

}  // namespace heard::hub
