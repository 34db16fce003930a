#pragma once
// People who sign in to the console, their sessions, and the audit log's entries.
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace heard::hub {

enum class Role { admin, manager, viewer };
std::optional<Role> role_from_string(std::string_view text);
const char* to_string(Role role);

struct User {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::viewer;
  bool disabled = false;
  std::string password_hash;
  std::vector<std::string> sites;  // a manager's or viewer's; empty for a viewer: every site

  bool sees_every_site() const { return role == Role::admin || (role == Role::viewer && sites.empty()); }
  bool may_follow_up() const { return role != Role::viewer; }
};

struct Session {
  User user;
  std::string csrf;
  Millis expires_at = 0;
};

struct AuditEntry {
  Millis at = 0;
  std::string who;     // a person's name, a kiosk id, or "heard-hub" for the command line
  std::string action;  // sign_in, sign_in_failed, reveal_contact, followup, user_add, kiosk_add, ...
  std::string target;  // what it was about: a response id, a person, a kiosk
  std::string detail;
};

}  // namespace heard::hub
