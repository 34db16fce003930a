#pragma once
// The follow-up SLA rule as a pure function of the open cases and the wall clock passed in.
// A case (urgent, or a complaint with contact details) still new or contacted past its due
// instant (created_at + the hub's sla_hours, as the console computes "overdue") is told to
// the site's people at level 1; still open escalate_after_min later, to the escalation
// people at level 2. Each level once per case: the open alert remembers what was told.
#include <string>
#include <vector>

#include "alert_config.hpp"
#include "alert_store.hpp"

namespace heard::hub::alerts {

struct SlaChanges {
  std::vector<OverdueCase> overdue;    // level 1 now (not open before)
  std::vector<OverdueCase> escalated;  // level 2 now (not escalated before)
  std::vector<std::string> closed;     // open alerts whose case is no longer overdue and open
};

// `cases`: every open case due before now_wall (OpenAlert::told: already escalated).
SlaChanges sla_changes(const std::vector<OverdueCase>& cases, const std::vector<OpenAlert>& open, const SlaRule& rule,
                       Millis now_wall);

}  // namespace heard::hub::alerts
