#include "core/json_lines.hpp"

#include <vector>

namespace heard {

namespace {

struct Frame {
  bool is_array;
  std::string path;
  int index;  // next element index, arrays only
};

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

}  // namespace

std::map<std::string, int> json_key_lines(std::string_view text) {
  std::map<std::string, int> lines;
  std::vector<Frame> stack;
  std::string pending_key;  // last object key read, waiting for its value
  bool have_key = false;
  int line = 1;

  // Called where a value starts: records its path, returns it for containers.
  auto value_path = [&]() -> std::string {
    std::string path;
    if (stack.empty()) return path;
    Frame& top = stack.back();
    if (top.is_array) {
      path = top.path + "[" + std::to_string(top.index++) + "]";
    } else if (have_key) {
      path = child_path(top.path, pending_key);
      have_key = false;
    }
    if (!path.empty()) lines.emplace(path, line);
    return path;
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
    } else if (c == '"') {
      std::string s;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        if (text[i] == '\n') ++line;
        s.push_back(text[i]);
      }
      // A string followed by ':' is a key; otherwise it is a value.
      std::size_t j = i + 1;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
      if (!stack.empty() && !stack.back().is_array && j < text.size() && text[j] == ':') {
        pending_key = std::move(s);
        have_key = true;
      } else {
        value_path();
      }
    } else if (c == '{' || c == '[') {
      stack.push_back({c == '[', value_path(), 0});
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
    } else if (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n') {
      value_path();
      while (i + 1 < text.size() && text[i + 1] != ',' && text[i + 1] != '}' && text[i + 1] != ']' &&
             text[i + 1] != '\n')
        ++i;
    }
  }
  return lines;
}

}  // namespace heard
