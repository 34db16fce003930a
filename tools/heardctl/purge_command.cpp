// heardctl purge: removes contact details past their retention period, as the kiosk does
// daily. Ratings, categories and comments stay; the hub is told through "purged" events.
#include <cstdio>
#include <optional>
#include <string>

#include "cli.hpp"
#include "core/survey.hpp"
#include "store/response_store.hpp"
#include "store/staff_store.hpp"

namespace heard::ctl {

namespace {

constexpr const char* help_text = R"(Usage: heardctl [--db FILE] purge [options]

Removes the contact details (name, phone, e-mail, channel) of responses
  - whose follow-up was resolved or unreachable more than --retention-days ago, and
  - of every response older than --hard-limit-days, whatever its follow-up.
Ratings, categories and comments stay. The bytes are overwritten in the database file
(SQLite secure_delete and a WAL checkpoint), not just hidden. For responses the hub already
has, a "purged" follow-up event is queued so head office removes the same details.

Options:
  --retention-days N   days after a closed follow-up (default: the survey's
                       contact_retention_days, as the kiosk's daily purge uses)
  --hard-limit-days N  days after the response, for every response (default: the survey's
                       contact_hard_limit_days)
  --now TIME           purge as if it were TIME (ISO 8601; default: now)
  -h, --help           this text
)";

}  // namespace

int run_purge(const Context& ctx, Args& args) {
  std::optional<int> retention_days, hard_limit_days;
  Millis now = system_now_ms();
  std::string value;
  while (!args.done()) {
    if (args.help()) {
      std::fputs(help_text, stdout);
      return exit_ok;
    }
    if (args.option("--retention-days", value))
      retention_days = static_cast<int>(parse_int_option("--retention-days", value, 0, 36'500));
    else if (args.option("--hard-limit-days", value))
      hard_limit_days = static_cast<int>(parse_int_option("--hard-limit-days", value, 0, 36'500));
    else if (args.option("--now", value)) now = parse_time_option("--now", value);
    else args.unexpected();
  }
  // By default the same policy as the kiosk's daily purge: the survey's.
  store::PurgeRules rules;
  if (!retention_days || !hard_limit_days) {
    const SurveyConfig survey = load_survey(ctx.survey());
    rules = {survey.contact_retention_days, survey.contact_hard_limit_days};
  }
  if (retention_days) rules.retention_days = *retention_days;
  if (hard_limit_days) rules.hard_limit_days = *hard_limit_days;
  require_database(ctx.db);
  store::ResponseStore responses(ctx.db);
  store::StaffStore staff(responses);
  const auto report = staff.purge(rules, "heardctl purge", now);
  std::printf("Purged the contact details of %s responses; %s purge events queued for the hub.\n",
              grouped(report.purged).c_str(), grouped(report.hub_events).c_str());
  if (!report.checkpointed)
    std::printf("Another program holds the database open; old pages leave the file at its next checkpoint.\n");
  return exit_ok;
}

}  // namespace heard::ctl
