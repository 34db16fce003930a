// The follow-up SLA rule judged at chosen wall-clock instants: level 1 once a case is past
// its due instant, level 2 once it is still open escalate_after_min later, each once, and
// the alert closed when the case is no longer open.
#include <catch2/catch.hpp>

#include "hub/alerts/sla_rule.hpp"

using namespace heard;
using namespace heard::hub::alerts;

namespace {

constexpr Millis minute = 60'000;
constexpr Millis due = 1'800'000'000'000;  // any instant; the rule only compares

OverdueCase a_case(const std::string& id = "case-1") {
  return {id, "k-1", "madrid-centro", "Madrid Centro", "new", false, due - 24 * 60 * minute, due};
}

const SlaRule rule{true, 24, 30, {"Regional"}};

}  // namespace

TEST_CASE("a case past its SLA is told once, and escalated once if still open", "[alerts][sla]") {
  CHECK(sla_changes({a_case()}, {}, rule, due - minute).overdue.empty());  // not due yet

  const auto late = sla_changes({a_case()}, {}, rule, due + minute);
  REQUIRE(late.overdue.size() == 1);
  CHECK(late.escalated.empty());

  const std::vector<OpenAlert> told = {{"case-1", due + minute, false}};
  const auto waiting = sla_changes({a_case()}, told, rule, due + 29 * minute);
  CHECK(waiting.overdue.empty());
  CHECK(waiting.escalated.empty());

  const auto up = sla_changes({a_case()}, told, rule, due + 30 * minute);
  CHECK(up.overdue.empty());
  REQUIRE(up.escalated.size() == 1);

  const std::vector<OpenAlert> escalated = {{"case-1", due + minute, true}};
  const auto later = sla_changes({a_case()}, escalated, rule, due + 600 * minute);
  CHECK(later.overdue.empty());
  CHECK(later.escalated.empty());
  CHECK(later.closed.empty());
}

TEST_CASE("a case first seen long past its due time gets both levels at once", "[alerts][sla]") {
  const auto both = sla_changes({a_case()}, {}, rule, due + 120 * minute);
  CHECK(both.overdue.size() == 1);
  CHECK(both.escalated.size() == 1);
}

TEST_CASE("without escalation people a case is told only once", "[alerts][sla]") {
  const SlaRule alone{true, 24, 30, {}};
  const auto found = sla_changes({a_case()}, {{"case-1", due, false}}, alone, due + 600 * minute);
  CHECK(found.overdue.empty());
  CHECK(found.escalated.empty());
}

TEST_CASE("a case no longer open closes its alert", "[alerts][sla]") {
  const auto found = sla_changes({a_case("case-2")}, {{"case-1", due, true}}, rule, due + minute);
  REQUIRE(found.closed == std::vector<std::string>{"case-1"});
  CHECK(found.overdue.size() == 1);  // case-2
}
