#include "script.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace heard::kiosk {

namespace {

std::vector<ScriptArg> tokens(const std::string& line, const std::string& where) {
  std::vector<ScriptArg> out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
      ++i;
      continue;
    }
    ScriptArg arg;
    if (line[i] == '"') {
      arg.quoted = true;
      ++i;
      bool closed = false;
      while (i < line.size()) {
        const char c = line[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < line.size()) arg.text += line[i++];
        else arg.text += c;
      }
      if (!closed) throw ScriptError(where + "a quote is not closed");
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') arg.text += line[i++];
    }
    out.push_back(std::move(arg));
  }
  return out;
}

bool is_number(const ScriptArg& a) {
  const std::string_view digits = a.text.starts_with('-') || a.text.starts_with('+')
                                      ? std::string_view(a.text).substr(1)
                                      : std::string_view(a.text);
  return !a.quoted && !digits.empty() && digits.find_first_not_of("0123456789.") == std::string::npos;
}

}  // namespace

std::vector<ScriptLine> parse_script(const std::filesystem::path& file, const ScriptCommands& extra) {
  std::ifstream in(file);
  if (!in) throw ScriptError(file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_script_text(text.str(), file.filename().string(), extra);
}

std::vector<ScriptLine> parse_script_text(const std::string& text, const std::string& name,
                                          const ScriptCommands& extra) {
  std::istringstream in(text);
  // How many arguments each built-in command takes, and whether they are numbers.
  std::map<std::string, std::pair<std::size_t, bool>> shapes = {
      {"type", {1, false}},   {"wait", {1, true}},        {"advance", {1, true}},     {"lang", {1, false}},
      {"expect", {1, false}}, {"expect-not", {1, false}}, {"screenshot", {1, false}}, {"drag", {4, true}},
      {"hold", {3, true}},    {"touch", {2, true}},       {"clock", {1, false}},      {"step-clock", {1, true}},
  };
  std::string known = "tap, double-tap";
  for (const auto& [command, shape] : shapes) known += ", " + command;
  for (const auto& [command, added] : extra) {
    shapes.emplace(command, std::pair(added.args, added.numbers));
    known += ", " + command;
  }
  std::vector<ScriptLine> out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const std::string where = name + ":" + std::to_string(number) + ": ";
    auto args = tokens(line, where);
    ScriptLine l{number, args.front().text, {args.begin() + 1, args.end()}};
    if (l.command == "tap" || l.command == "double-tap") {
      const bool one = l.args.size() == 1;
      const bool xy = l.args.size() == 2 && is_number(l.args[0]) && is_number(l.args[1]);
      if (!one && !xy) throw ScriptError(where + l.command + " expects \"Label\", #id or X Y");
    } else if (auto added = extra.find(l.command); added != extra.end() && !added->second.words.empty()) {
      const auto& words = added->second.words;
      std::string choices;
      for (const auto& w : words) choices += (choices.empty() ? "" : ", ") + w;
      if (l.args.size() != 1 || std::find(words.begin(), words.end(), l.args[0].text) == words.end())
        throw ScriptError(where + l.command + " expects one of " + choices);
    } else if (auto shape = shapes.find(l.command); shape != shapes.end()) {
      if (l.args.size() != shape->second.first)
        throw ScriptError(where + l.command + " expects " + std::to_string(shape->second.first) + " argument(s)");
      if (shape->second.second)
        for (const auto& a : l.args)
          if (!is_number(a)) throw ScriptError(where + l.command + " expects numbers, got '" + a.text + "'");
    } else {
      throw ScriptError(where + "unknown command '" + l.command + "' (" + known + ")");
    }
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace heard::kiosk
