// The follow-up SLA rule against a real hub and SMTP conversation: with a one-hour SLA and
// escalation 30 minutes later, a case left two hours ago goes to the site's manager and to
// the regional manager; one left 70 minutes ago only to the site's manager; a resolved case
// to nobody; and no case is told twice at the same level.
#include <catch2/catch.hpp>

#include <set>

#include "support/alert_fixture.hpp"
#include "support/smtp_sink.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

Response complaint_left(Millis ago_ms) {
  Response r = sample_complaint(system_now_ms() - ago_ms);
  r.kiosk_id = kiosk_id;
  r.urgent = false;  // a complaint with contact details: a follow-up case
  return r;
}

std::string sla_alerts(const std::string& smtp_url, bool sla_on) {
  return "[hub]\nsla_hours = 1\n\n" + email_alerts(smtp_url) +
         "\n[[alerts.people]]\nname = \"Regional\"\nemail = \"regional@example.com\"\n"
         "\n[alerts.rules]\nurgent = false\nbad_spell = false\nsla = " +
         (sla_on ? "true" : "false") + "\nsla_escalate_after_min = 30\nsla_escalate_to = [\"Regional\"]\n";
}

std::string resolved_event(const std::string& response_id) {
  return "{\"id\":\"" + make_uuid_v7() + "\",\"response_id\":\"" + response_id + "\",\"at\":\"" +
         format_iso8601(system_now_ms()) + "\",\"status\":\"resolved\",\"by\":\"Marta\",\"note\":null}";
}

}  // namespace

TEST_CASE("a follow-up past its SLA goes to the site's manager, then escalates once", "[alerts][sla]") {
  TempDir dir;
  SmtpSink sink;
  const Response old_case = complaint_left(2 * 3600'000);  // due an hour ago: both levels
  const Response late_case = complaint_left(70 * 60'000);  // due 10 minutes ago: level 1 only
  Response resolved = complaint_left(2 * 3600'000);
  // The cases arrive while the SLA rule is off, so no pass of the rules can see the resolved
  // one before its resolution does; the rule's cursor is fixed here, before them.
  HubProcess quiet(dir, {"--config", write_hub_config(dir, sla_alerts(sink.url(), false)).string()});
  REQUIRE(upload(quiet, {resolved}) == 200);
  REQUIRE(http("POST", quiet.url() + "/v1/kiosks/" + kiosk_id + "/events", kiosk_token, resolved_event(resolved.id))
              .status == 200);
  REQUIRE(upload(quiet, {old_case, late_case}) == 200);
  quiet.child().signal(SIGTERM);
  REQUIRE(quiet.child().wait() == 0);
  // The same database again (a PostgreSQL one lives as long as either process object).
  HubProcess hub(dir, quiet, {"--config", write_hub_config(dir, sla_alerts(sink.url(), true)).string()}, "hub");
  INFO(hub.log());
  REQUIRE(sink.wait_for(3, 30s));

  // One more case later: once it is told, the rules have passed over the others again.
  REQUIRE(upload(hub, {complaint_left(75 * 60'000)}) == 200);  // 15 min late: far from escalating
  REQUIRE(sink.wait_for(4, 30s));
  const auto all = sink.messages();
  REQUIRE(all.size() == 4);  // old (2), late (1), the last one (1); the resolved case: none
  std::multiset<std::string> to_marta, to_regional;
  for (const auto& m : all) {
    const std::string to = m.header("To");
    (to.find("regional@") != std::string::npos ? to_regional : to_marta).insert(m.part("text/plain"));
  }
  CHECK(to_marta.size() == 3);
  REQUIRE(to_regional.size() == 1);
  const std::string escalation = *to_regional.begin();
  CHECK_THAT(escalation, Catch::Contains("https://hub.example.com/#case/" + old_case.id));
  CHECK_THAT(escalation, Catch::Contains("still open 30 minutes past its due time"));
  CHECK_THAT(escalation, !Catch::Contains("+34 600"));  // no contact details
  bool late_told = false;
  for (const auto& text : to_marta) late_told |= text.find("#case/" + late_case.id) != std::string::npos;
  CHECK(late_told);
}
