#pragma once
// Real child processes for tests (heardctl, heard-kiosk, heard-hub): fork + exec, output to
// files, exit codes as the shell reports them.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.hpp"

namespace heard::test {

inline void write_private_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
  ::chmod(file.c_str(), 0600);
}

inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A child process started with fork + exec; killed (SIGKILL) if still running at the end.
class Child {
 public:
  // stdout and stderr go to the given files; with `stdout_pipe`, stdout is readable instead.
  Child(const std::vector<std::string>& argv, const std::filesystem::path& out, const std::filesystem::path& err,
        bool stdout_pipe = false) {
    int fds[2] = {-1, -1};
    if (stdout_pipe && ::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      const int o = stdout_pipe ? fds[1] : ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(o, 1);
      ::dup2(e, 2);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    if (stdout_pipe) {
      ::close(fds[1]);
      out_fd_ = fds[0];
    }
  }
  ~Child() {
    if (out_fd_ >= 0) ::close(out_fd_);
    if (pid_ > 0 && status_ < 0) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // One line of the child's stdout (pipe mode), or empty after `timeout`.
  std::string read_line(std::chrono::milliseconds timeout) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char c;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      if (::read(out_fd_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line += c;
    }
    return line;
  }

  void signal(int sig) { ::kill(pid_, sig); }
  pid_t pid() const { return pid_; }
  bool running() {
    if (status_ >= 0) return false;
    int st = 0;
    if (::waitpid(pid_, &st, WNOHANG) == pid_) {
      status_ = st;
      return false;
    }
    return true;
  }
  // Exit code, or 128 + signal number.
  int wait() {
    if (status_ < 0) {
      int st = 0;
      ::waitpid(pid_, &st, 0);
      status_ = st;
    }
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int status_ = -1;
};

// Waits until `text` shows up in the file (a child's log), or `timeout` passes.
inline bool wait_for_text(const std::filesystem::path& file, const std::string& text, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (read_text(file).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs argv[0] with the rest as arguments to the end; its output is kept in `dir`.
inline Run run_program(const TempDir& dir, const std::vector<std::string>& argv) {
  const auto out = dir / "program.out", err = dir / "program.err";
  Run r;
  {
    Child child(argv, out, err);
    r.exit_code = child.wait();
  }
  r.out = read_text(out);
  r.err = read_text(err);
  return r;
}

}  // namespace heard::test
