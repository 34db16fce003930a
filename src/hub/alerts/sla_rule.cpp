#include "sla_rule.hpp"

#include <map>
#include <set>

namespace heard::hub::alerts {

SlaChanges sla_changes(const std::vector<OverdueCase>& cases, const std::vector<OpenAlert>& open, const SlaRule& rule,
                       Millis now_wall) {
  std::map<std::string, bool> escalated;  // case id -> level 2 told
  for (const auto& a : open) escalated[a.subject] = a.told;
  SlaChanges out;
  std::set<std::string> still;
  for (const auto& c : cases) {
    if (c.due_at > now_wall) continue;
    still.insert(c.id);
    const auto was = escalated.find(c.id);
    if (was == escalated.end()) out.overdue.push_back(c);
    const bool escalation_due =
        !rule.escalate_to.empty() && now_wall >= c.due_at + Millis(rule.escalate_after_min) * 60'000;
    if (escalation_due && (was == escalated.end() || !was->second)) out.escalated.push_back(c);
  }
  for (const auto& a : open)
    if (!still.contains(a.subject)) out.closed.push_back(a.subject);
  return out;
}

}  // namespace heard::hub::alerts
