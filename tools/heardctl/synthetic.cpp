#include "synthetic.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

namespace heard::ctl {

namespace {

constexpr Millis ms_per_hour = 3'600'000;
constexpr Millis ms_per_day = 24 * ms_per_hour;

// Customers per hour by local hour of day (a shop open 08:00-21:00, busiest at lunch and
// after work) and by weekday (Monday first; closed on Sundays, short Saturdays).
constexpr double hour_curve[24] = {0,   0,   0,   0,   0,   0,   0,   0,   0.5, 1.0, 1.3, 1.6,
                                   2.0, 1.8, 1.2, 1.0, 1.2, 1.6, 1.9, 1.4, 0.6, 0,   0,   0};
constexpr double weekday_factor[7] = {1.1, 1.0, 1.0, 1.05, 1.2, 0.9, 0};
constexpr int saturday = 5;
constexpr double peak_weight = 1.6;

// 1970-01-01 was a Thursday; 0 = Monday.
int weekday_of_day(std::int64_t day) { return static_cast<int>(((day + 3) % 7 + 7) % 7); }

// Central European time with EU daylight saving (last Sunday of March to last Sunday of
// October, switching at 01:00 UTC), so exports show offsets that change like a real site's.
int cet_offset_min(Millis at) {
  const std::time_t secs = static_cast<std::time_t>(at / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  const auto last_sunday_1am = [&](const char* month_end) {
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%sT01:00Z", tm.tm_year + 1900, month_end);
    const Millis end = parse_iso8601(text).value_or(0);
    const std::int64_t day = end / ms_per_day;
    return end - ((weekday_of_day(day) + 1) % 7) * ms_per_day;
  };
  return at >= last_sunday_1am("03-31") && at < last_sunday_1am("10-31") ? 120 : 60;
}

using Pool = std::vector<std::string>;

// What customers write, by language and topic (a complaint category id, or the kind).
// Some are deliberately awkward for exports: quotes, commas, line breaks, a leading '+' or '-'.
const std::map<std::string, std::map<std::string, Pool>>& comments() {
  static const std::map<std::string, std::map<std::string, Pool>> all = {
      {"en",
       {{"wait_time",
         {"Waited 25 minutes at the counter", "Only one till open at lunchtime, again.",
          "The queue went out the door and nobody came to help"}},
        {"staff_attitude",
         {"The assistant was rude when I asked about my prescription", "I was told \"come back tomorrow\", twice."}},
        {"product_quality", {"The thermometer I bought last week already stopped working"}},
        {"out_of_stock", {"My usual medicine was out of stock for the third time", "No baby formula on the shelf"}},
        {"cleanliness", {"The floor by the entrance was sticky"}},
        {"price", {"Much more expensive than the shop across the road"}},
        {"advice", {"Nobody could tell me if I can take this with my other tablets"}},
        {"complaint", {"Not happy today.", "-- very disappointed\nwill not come back"}},
        {"suggestion",
         {"A seat near the counter would help older people", "Please open earlier on Saturdays",
          "+1 for a ticket system at the counter"}},
        {"compliment",
         {"Ana explained everything so kindly, thank you!", "Quick and friendly as always 😊",
          "Great service, 10/10"}}}},
      {"es",
       {{"wait_time", {"Esperé 25 minutos en el mostrador", "Solo había una caja abierta a mediodía"}},
        {"staff_attitude", {"El empleado fue muy brusco conmigo", "Me dijeron \"vuelva mañana\", dos veces."}},
        {"product_quality", {"El termómetro que compré dejó de funcionar en una semana"}},
        {"out_of_stock", {"Mi medicamento habitual estaba agotado otra vez", "No quedaba leche infantil"}},
        {"cleanliness", {"El suelo de la entrada estaba pegajoso"}},
        {"price", {"Bastante más caro que la farmacia de enfrente"}},
        {"advice", {"Nadie supo decirme si puedo tomarlo con mis otras pastillas"}},
        {"complaint", {"Hoy no estoy contento.", "¡Qué desastre de atención!"}},
        {"suggestion",
         {"Una silla cerca del mostrador ayudaría a las personas mayores", "Abran antes los sábados, por favor"}},
        {"compliment", {"Ana me lo explicó todo con mucha paciencia, ¡gracias!", "Rápidos y amables como siempre 😊"}}}},
      {"fr",
       {{"wait_time", {"J'ai attendu 25 minutes au comptoir", "Une seule caisse ouverte à midi, encore."}},
        {"staff_attitude", {"Le vendeur a été désagréable", "On m'a dit « revenez demain », deux fois."}},
        {"product_quality", {"Le thermomètre acheté la semaine dernière ne marche déjà plus"}},
        {"out_of_stock", {"Mon médicament habituel était encore en rupture"}},
        {"cleanliness", {"Le sol de l'entrée était collant"}},
        {"price", {"Bien plus cher que la pharmacie d'en face"}},
        {"advice", {"Personne n'a su me dire si je peux le prendre avec mes autres comprimés"}},
        {"complaint", {"Pas content aujourd'hui.", "= inadmissible"}},
        {"suggestion", {"Une chaise près du comptoir aiderait les personnes âgées"}},
        {"compliment", {"Ana a tout expliqué avec gentillesse, merci !", "Rapide et aimable comme toujours 😊"}}}},
      {"de",
       {{"wait_time", {"25 Minuten an der Theke gewartet", "Mittags war wieder nur eine Kasse offen."}},
        {"staff_attitude", {"Der Mitarbeiter war unfreundlich", "Man sagte mir „kommen Sie morgen wieder“, zweimal."}},
        {"product_quality", {"Das Thermometer von letzter Woche funktioniert schon nicht mehr"}},
        {"out_of_stock", {"Mein übliches Medikament war schon wieder nicht vorrätig"}},
        {"cleanliness", {"Der Boden am Eingang war klebrig"}},
        {"price", {"Deutlich teurer als die Apotheke gegenüber"}},
        {"advice", {"Niemand konnte mir sagen, ob ich das mit meinen anderen Tabletten nehmen darf"}},
        {"complaint", {"Heute nicht zufrieden.", "Größte Enttäuschung seit Jahren."}},
        {"suggestion", {"Ein Stuhl an der Theke wäre für ältere Menschen gut", "Samstags bitte früher öffnen"}},
        {"compliment", {"Ana hat alles sehr geduldig erklärt, danke!", "Schnell und freundlich wie immer 😊"}}}},
  };
  return all;
}

const std::string& comment_for(const std::string& language, const std::string& topic, std::size_t choice) {
  const auto& all = comments();
  auto lang = all.find(language);
  if (lang == all.end()) lang = all.find("en");
  auto it = lang->second.find(topic);
  if (it == lang->second.end()) it = lang->second.find("complaint");
  return it->second[choice % it->second.size()];
}

struct Person {
  const char* name;
  const char* email_name;  // ASCII, as most real addresses are
  const char* phone_prefix;
  const char* email_domain;
};

// Phone numbers from ranges reserved for drama and documentation where they exist, e-mail
// on the example domains of RFC 2606: nothing here can reach a real person.
const std::map<std::string, std::vector<Person>>& people() {
  static const std::map<std::string, std::vector<Person>> all = {
      {"en", {{"Sarah", "sarah", "+44 7700 900", "example.com"}, {"Tom", "tom", "+44 7700 900", "example.com"}}},
      {"es", {{"Ana", "ana", "+34 600 000 ", "example.org"}, {"José", "jose", "+34 611 000 ", "example.com"}}},
      {"fr", {{"Chloé", "chloe", "+33 6 39 98 ", "example.net"}, {"Luc", "luc", "+33 6 39 98 ", "example.org"}}},
      {"de", {{"Jürgen", "juergen", "+49 151 2345", "example.com"}, {"Lena", "lena", "+49 151 2345", "example.net"}}},
  };
  return all;
}

}  // namespace

SyntheticResponses::SyntheticResponses(const SurveyConfig& survey, SyntheticPlan plan)
    : survey_(survey), plan_(std::move(plan)), state_(plan_.seed) {
  const Millis first_hour = plan_.from - ((plan_.from % ms_per_hour) + ms_per_hour) % ms_per_hour;
  const Millis bad_week_end = plan_.until - 40 * ms_per_day;
  double total = 0;
  for (Millis start = first_hour; start < plan_.until; start += ms_per_hour) {
    Hour h;
    h.start = start;
    h.utc_offset_min = cet_offset_min(start);
    const Millis local = start + h.utc_offset_min * 60'000;
    const std::int64_t day = local >= 0 ? local / ms_per_day : (local - ms_per_day + 1) / ms_per_day;
    const int weekday = weekday_of_day(day);
    const int hour = static_cast<int>((local - day * ms_per_day) / ms_per_hour);
    const bool open = weekday != saturday || (hour >= 9 && hour < 14);
    h.weight = open ? hour_curve[hour] * weekday_factor[weekday] : 0;
    h.peak = hour_curve[hour] >= peak_weight;
    h.bad_week = start >= bad_week_end - 7 * ms_per_day && start < bad_week_end;
    // Only the part of the hour inside [from, until) can hold responses.
    const double inside = static_cast<double>(std::min(start + ms_per_hour, plan_.until) - std::max(start, plan_.from));
    h.weight *= inside / ms_per_hour;
    total += h.weight;
    h.cumulative = total;
    hours_.push_back(h);
  }
  // A period with no opening hours at all (a few night hours): spread evenly instead.
  if (total == 0) {
    for (auto& h : hours_) h.cumulative = (total += (h.weight = 1));
  }
  bad_week_category_ = below(survey_.categories.size());
}

// splitmix64: tiny, fast, and the same sequence on every platform and standard library
// (std::uniform_*_distribution are not), which is what makes seeds reproducible.
std::uint64_t SyntheticResponses::random() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double SyntheticResponses::unit() { return static_cast<double>(random() >> 11) * 0x1.0p-53; }
std::size_t SyntheticResponses::below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(random() % n); }

// Stratified sampling over the busy-ness of each hour: response i lands at quantile
// (i + jitter) / count, so times come out already sorted, with no list to sort.
Millis SyntheticResponses::next_time(const Hour*& hour) {
  const double total = hours_.back().cumulative;
  const double target = (static_cast<double>(made_) + unit()) / static_cast<double>(plan_.count) * total;
  while (hour_index_ + 1 < hours_.size() && hours_[hour_index_].cumulative <= target) ++hour_index_;
  const Hour& h = hours_[hour_index_];
  hour = &h;
  const double before = h.cumulative - h.weight;
  const double within = h.weight > 0 ? std::clamp((target - before) / h.weight, 0.0, 1.0) : 0.0;
  const Millis at = h.start + static_cast<Millis>(within * (ms_per_hour - 1));
  return std::clamp(at, plan_.from, plan_.until - 1);
}

// Mostly happy customers (CSAT around 70 %), worse at peak hours and in the bad week.
int SyntheticResponses::rating_for(const Hour& h) {
  double p[5] = {0.10, 0.07, 0.12, 0.25, 0.46};  // ratings 1..5
  const double shift = (h.peak ? 0.06 : 0) + (h.bad_week ? 0.10 : 0);
  p[0] += shift * 0.6;
  p[1] += shift * 0.4;
  p[4] -= shift;
  double u = unit();
  for (int rating = 1; rating <= 5; ++rating) {
    if (u < p[rating - 1]) return rating;
    u -= p[rating - 1];
  }
  return 5;
}

// RFC 9562 layout: 48-bit milliseconds, version 7, 74 random bits from the seeded generator.
std::string SyntheticResponses::uuid_v7(Millis at) {
  const std::uint64_t hi = (static_cast<std::uint64_t>(at) << 16) | 0x7000 | (random() & 0x0fff);
  const std::uint64_t lo = (random() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return text;
}

void SyntheticResponses::add_categories(Response& r, const Hour& h) {
  const auto& chips = survey_.chips_for(r.kind);
  if (chips.empty()) return;
  const double u = unit();
  const std::size_t n = r.kind == Kind::complaint    ? (u < 0.15   ? 0
                                                        : u < 0.70 ? 1
                                                                   : 2)
                        : r.kind == Kind::suggestion ? (u < 0.40 ? 0 : 1)
                                                     : (u < 0.55   ? 0
                                                        : u < 0.90 ? 1
                                                                   : 2);
  for (std::size_t i = 0; i < n && r.categories.size() < chips.size(); ++i) {
    std::size_t index;
    if (r.kind == Kind::complaint && h.bad_week && chance(0.6)) index = bad_week_category_;
    else if (r.kind == Kind::complaint && h.peak && chance(0.35)) index = 0;  // queues at rush hour
    else index = std::min(below(chips.size()), below(chips.size()));          // earlier chips more common
    const std::string& id = chips[index].id;
    if (std::find(r.categories.begin(), r.categories.end(), id) == r.categories.end()) r.categories.push_back(id);
  }
}

void SyntheticResponses::add_contact(Response& r) {
  const auto& all = people();
  auto it = all.find(r.language);
  if (it == all.end()) it = all.find("en");
  const Person& person = pick(it->second);
  char digits[8];
  std::snprintf(digits, sizeof digits, "%03zu", below(1000));
  const double u = unit();
  if (chance(0.7)) r.contact.name = person.name;
  if (u < 0.65) {
    r.contact.phone = std::string(person.phone_prefix) + digits;
    r.contact.channel = u < 0.45 ? "phone" : "sms";
  }
  if (u >= 0.45) {
    r.contact.email = std::string(person.email_name) + "." + digits + "@" + person.email_domain;
    if (u >= 0.65) r.contact.channel = "email";
  }
  r.consent = {true, survey_.consent_text_version};
}

Response SyntheticResponses::next() {
  const Hour* hour = nullptr;
  Response r;
  r.created_at = next_time(hour);
  r.id = uuid_v7(r.created_at);
  r.kiosk_id = plan_.kiosk_id;
  r.utc_offset_min = hour->utc_offset_min;
  r.rating = rating_for(*hour);
  r.kind = kind_for_rating(r.rating, survey_.low_rating_threshold);
  r.language = chance(0.65) ? survey_.languages.front() : pick(survey_.languages);
  r.survey_version = survey_.survey_version;
  r.app_version = plan_.app_version;
  add_categories(r, *hour);

  const Resolution* resolution = nullptr;
  if (r.kind == Kind::complaint && !survey_.resolutions.empty() && chance(0.7)) {
    resolution = &pick(survey_.resolutions);
    r.desired_resolution = resolution->id;
  }
  const double leaves_contact = r.kind == Kind::complaint ? 0.08 : r.kind == Kind::suggestion ? 0.03 : 0.02;
  if ((resolution && resolution->needs_contact) || chance(leaves_contact)) add_contact(r);
  // A complaint asking for someone now, or to be contacted, jumps the sync queue.
  r.urgent = r.kind == Kind::complaint && resolution && (resolution->urgent || !r.contact.empty());

  const double staff_share = r.kind == Kind::compliment ? 0.25 : r.kind == Kind::complaint ? 0.20 : 0.05;
  if (!survey_.staff.empty() && chance(staff_share)) r.staff = pick(survey_.staff).id;

  const double comment_share = r.kind == Kind::complaint ? 0.40 : r.kind == Kind::suggestion ? 0.25 : 0.20;
  if (chance(comment_share)) {
    const std::string topic =
        r.kind == Kind::complaint && !r.categories.empty() ? r.categories.front() : std::string(to_string(r.kind));
    r.comment = comment_for(r.language, topic, below(64));
  }
  ++made_;
  return r;
}

}  // namespace heard::ctl
