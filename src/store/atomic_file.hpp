#pragma once
// Writes a file so that it either appears complete or not at all: a temporary file in the
// same folder, fsync, rename over the target, fsync of the folder. A crash or a pulled USB
// stick never leaves a truncated file that looks finished.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace heard::store {

// Full disk, read-only medium, missing folder...: the message says which, and the path.
class FileWriteError : public std::runtime_error {
 public:
  FileWriteError(const std::string& what, int error_number) : std::runtime_error(what), errno_(error_number) {}
  int error_number() const { return errno_; }

 private:
  int errno_;
};

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();  // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view data);
  void commit();  // fsync, rename, fsync folder

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  int fd_ = -1;
};

}  // namespace heard::store
