#include "store/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace heard::store {

namespace {

// strerror names the cause; the hint says what a person at a kiosk or a shell can do about it.
std::string cause(int error_number) {
  std::string text = std::strerror(error_number);
  switch (error_number) {
    case ENOSPC:
    case EDQUOT:
      return text + " (the disk is full)";
    case EROFS:
      return text + " (the medium is read-only)";
    case EACCES:
    case EPERM:
      return text + " (no permission to write there)";
    case ENOENT:
      return text + " (the folder does not exist)";
    case ENOTDIR:
      return text + " (a part of the path is a file, not a folder)";
    case EISDIR:
      return text + " (the target is a folder)";
    case EIO:
      return text + " (the medium failed or was removed)";
    default:
      return text;
  }
}

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path, int error_number) {
  throw FileWriteError("cannot " + what + " " + path.string() + ": " + cause(error_number), error_number);
}

std::filesystem::path folder_of(const std::filesystem::path& target) {
  auto parent = target.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  // Same folder as the target, so the final rename never crosses a file system; the leading
  // dot keeps the half-written file out of casual listings.
  std::string pattern = (folder_of(target_) / ("." + target_.filename().string() + ".tmp-XXXXXX")).string();
  fd_ = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd_ < 0) fail("create a temporary file for", target_, errno);
  temp_ = pattern;

  // mkstemp makes the file private (0600), which suits exports holding personal data; when
  // replacing an existing file, keep the permissions its owner chose.
  struct stat existing {};
  if (::stat(target_.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) ::fchmod(fd_, existing.st_mode & 07777);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::write(std::string_view data) {
  if (fd_ < 0) throw FileWriteError("cannot write " + target_.string() + ": the file is already committed", EBADF);
  while (!data.empty()) {
    const ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write", target_, errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void AtomicFile::commit() {
  if (fd_ < 0) throw FileWriteError("cannot commit " + target_.string() + ": the file is already committed", EBADF);
  // Data first, then the name: after a power cut the target is either the old file or the
  // complete new one. Errors from delayed writes (full disk, pulled stick) surface here.
  if (::fsync(fd_) != 0) fail("write", target_, errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("write", target_, errno);
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail("replace", target_, errno);
  temp_.clear();

  const auto folder = folder_of(target_);
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) fail("sync the folder of", target_, errno);
  // Some file systems cannot fsync a folder (EINVAL); the rename is then as durable as they allow.
  const int rc = ::fsync(dir);
  const int error_number = errno;
  ::close(dir);
  if (rc != 0 && error_number != EINVAL) fail("sync the folder of", target_, error_number);
}

}  // namespace heard::store
