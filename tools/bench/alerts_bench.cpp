// Alerts benchmark, on loopback against a real heard-hub and an SMTP server in this process
// (tests/support/smtp_sink.hpp):
//  1. latency: an urgent complaint uploaded as the kiosk does right after "Send" (its sync
//     worker sends urgent responses at once) until the e-mail is accepted: p95 <= 5 s;
//  2. burst: a bad spell at each of 200 sites at once (4 responses rated 1-2 each), each site
//     with its own manager: 200 e-mails handed to SMTP within 10 s of the uploads, the
//     default 5 s of coalescing included;
//  3. ingest: records/s uploaded to a hub with those alerts firing, against the same hub
//     without [alerts], in the same run (best of 3 each, interleaved): ratio >= 0.90.
// Exit 1 when a target is missed.   usage: bench_alerts
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/response_json.hpp"
#include "support/child_process.hpp"
#include "support/sample.hpp"
#include "support/smtp_sink.hpp"
#include "support/temp_dir.hpp"

using namespace heard;
using namespace heard::test;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int sites = 200;
constexpr int latency_runs = 20;
constexpr int ingest_batches = 30, batch_records = 500;

std::string kiosk(int i) { return "k-" + std::to_string(i); }
std::string token(int i) { return "bench-token-" + std::to_string(i) + "-0123456789abcdef"; }

void write_files(const TempDir& dir, const std::string& smtp_url) {
  std::string tokens;
  for (int i = 0; i < sites; ++i) tokens += kiosk(i) + " " + token(i) + "\n";
  write_private_file(dir / "tokens.txt", tokens);
  std::ofstream plain(dir / "plain.toml"), alerts(dir / "alerts.toml");
  std::string config;
  for (int i = 0; i < sites; ++i)
    config += "[[sites]]\nid = \"s-" + std::to_string(i) + "\"\nname = \"Store " + std::to_string(i) +
              "\"\ntime_zone = \"Europe/Madrid\"\nkiosks = [\"" + kiosk(i) + "\"]\n";
  plain << config;
  alerts << config << "[alerts]\nconsole_url = \"https://hub.example.com\"\nretry_min_ms = 100\nretry_max_s = 2\n"
         << "[alerts.smtp]\nurl = \"" << smtp_url << "\"\ntls = \"optional\"\nfrom = \"Heard <a@heard.example>\"\n";
  for (int i = 0; i < sites; ++i)
    alerts << "[[alerts.people]]\nname = \"manager-" << i << "\"\nemail = \"m" << i << "@example.com\"\nsites = [\"s-"
           << i << "\"]\n";
}

class Hub {
 public:
  Hub(const TempDir& dir, const std::string& name, const std::string& config) {
    child_ = std::make_unique<Child>(
        std::vector<std::string>{HEARD_HUB_PATH, "--listen", "127.0.0.1:0", "--db", (dir / (name + ".db")).string(),
                                 "--tokens", (dir / "tokens.txt").string(), "--config", (dir / config).string()},
        "", dir / (name + ".log"), true);
    const std::string line = child_->read_line(std::chrono::seconds(60));
    if (line.find("listening on") == std::string::npos) throw std::runtime_error("heard-hub did not start: " + line);
    url_ = "http://127.0.0.1:" + line.substr(line.rfind(':') + 1);
  }
  ~Hub() {
    child_->signal(SIGTERM);
    child_->wait();
  }
  const std::string& url() const { return url_; }

 private:
  std::unique_ptr<Child> child_;
  std::string url_;
};

// One upload over a reused connection; false unless 200.
bool upload(CURL* h, const std::string& hub, int site, const std::string& body) {
  const std::string url = hub + "/v1/kiosks/" + kiosk(site) + "/feedback";
  curl_slist* headers = curl_slist_append(nullptr, ("Authorization: Bearer " + token(site)).c_str());
  headers = curl_slist_append(headers, "Content-Type: application/x-ndjson");
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(
      h, CURLOPT_WRITEFUNCTION, +[](char*, size_t size, size_t n, void*) { return size * n; });
  long status = 0;
  const bool ok = curl_easy_perform(h) == CURLE_OK &&
                  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status == 200;
  curl_slist_free_all(headers);
  return ok;
}

// Four unhappy responses from `site`'s kiosk: a bad spell by the default rule.
std::string bad_spell_batch(int site) {
  std::string body;
  for (int i = 0; i < 4; ++i) {
    Response r = sample_response(1 + i % 2, system_now_ms() - 60'000 + i);
    r.kiosk_id = kiosk(site);
    body += to_json_line(r) + "\n";
  }
  return body;
}

std::string urgent_line(int site) {
  Response r = sample_complaint(system_now_ms() - 1000);
  r.kiosk_id = kiosk(site);
  return to_json_line(r) + "\n";
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Records per second uploaded in `ingest_batches` batches of ordinary (not urgent) responses.
double ingest_rate(CURL* h, const std::string& hub) {
  std::vector<std::string> batches;
  for (int b = 0; b < ingest_batches; ++b) {
    std::string body;
    for (int i = 0; i < batch_records; ++i) {
      Response r = sample_response(1 + i % 5, system_now_ms() - 60'000 + i);
      r.kiosk_id = kiosk(b % sites);
      body += to_json_line(r) + "\n";
    }
    batches.push_back(std::move(body));
  }
  const auto start = Clock::now();
  for (int b = 0; b < ingest_batches; ++b)
    if (!upload(h, hub, b % sites, batches[static_cast<std::size_t>(b)]))
      throw std::runtime_error("ingest upload failed");
  return ingest_batches * batch_records / seconds_since(start);
}

}  // namespace

int main() {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  TempDir dir;
  SmtpSink sink;
  write_files(dir, sink.url());
  CURL* h = curl_easy_init();
  bool ok = true;

  double p95 = 0, burst = 0;
  {
    Hub hub(dir, "latency", "alerts.toml");
    std::vector<double> latencies;
    for (int i = 0; i < latency_runs; ++i) {
      const std::size_t before = sink.messages().size();
      const auto start = Clock::now();
      if (!upload(h, hub.url(), i % sites, urgent_line(i % sites)) ||
          !sink.wait_for(before + 1, std::chrono::seconds(30)))
        throw std::runtime_error("an urgent complaint's e-mail did not arrive within 30 s");
      latencies.push_back(seconds_since(start));
    }
    std::sort(latencies.begin(), latencies.end());
    p95 = latencies[(latencies.size() * 95 + 99) / 100 - 1];  // nearest rank
    std::printf("send to e-mail accepted: median %.3f s, p95 %.3f s over %d (target p95 <= 5 s)\n",
                latencies[latencies.size() / 2], p95, latency_runs);
    ok = ok && p95 <= 5.0;

    const std::size_t before = sink.messages().size();
    const auto start = Clock::now();
    for (int i = 0; i < sites; ++i)
      if (!upload(h, hub.url(), i, bad_spell_batch(i))) throw std::runtime_error("burst upload failed");
    if (!sink.wait_for(before + sites, std::chrono::seconds(60)))
      throw std::runtime_error("the burst's e-mails did not all arrive");
    burst = seconds_since(start);
    std::printf("a bad spell at %d sites at once: %d e-mails accepted in %.2f s (target <= 10 s)\n", sites, sites,
                burst);
    ok = ok && burst <= 10.0;
  }

  // Ingest with alerts firing (a bad spell at every site first) and without, interleaved.
  double with = 0, without = 0;
  for (int round = 0; round < 3; ++round) {
    {
      Hub hub(dir, "plain-" + std::to_string(round), "plain.toml");
      without = std::max(without, ingest_rate(h, hub.url()));
    }
    {
      Hub hub(dir, "alerting-" + std::to_string(round), "alerts.toml");
      for (int i = 0; i < sites; ++i) upload(h, hub.url(), i, bad_spell_batch(i));
      with = std::max(with, ingest_rate(h, hub.url()));
    }
  }
  const double ratio = with / without;
  std::printf("ingest: %.0f records/s with alerts firing, %.0f without: ratio %.2f (target >= 0.90)\n", with, without,
              ratio);
  ok = ok && ratio >= 0.90;
  curl_easy_cleanup(h);
  std::printf("%s\n", ok ? "alerts: targets met" : "alerts: TARGET MISSED");
  return ok ? 0 : 1;
}
