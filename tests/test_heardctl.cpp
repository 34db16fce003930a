// Runs the real heardctl binary as a child process, on real database files.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// `args` is passed through the shell as written; paths in it come from TempDir (no quotes).
Run heardctl(const heard::test::TempDir& dir, const std::string& args, const std::string& env = "") {
  const fs::path out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string command =
      env + " " + quoted(HEARDCTL_PATH) + " " + args + " >" + quoted(out.string()) + " 2>" + quoted(err.string());
  const int status = std::system(command.c_str());
  Run r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

// A fixed period, so seeds give the same data whatever day the tests run.
const std::string seed_args = "seed --count 500 --until 2026-11-23 --days 30";

}  // namespace

TEST_CASE("heardctl seed is deterministic for the same seed and period", "[heardctl]") {
  heard::test::TempDir dir;
  const auto a = dir / "a.db", b = dir / "b.db", c = dir / "c.db";
  REQUIRE(heardctl(dir, "--db " + a.string() + " " + seed_args + " --seed 7").exit_code == 0);
  REQUIRE(heardctl(dir, "--db " + b.string() + " " + seed_args + " --seed 7").exit_code == 0);
  REQUIRE(heardctl(dir, "--db " + c.string() + " " + seed_args + " --seed 8").exit_code == 0);

  const Run ea = heardctl(dir, "--db " + a.string() + " export --include-contact");
  const Run eb = heardctl(dir, "--db " + b.string() + " export --include-contact");
  const Run ec = heardctl(dir, "--db " + c.string() + " export --include-contact");
  REQUIRE(ea.exit_code == 0);
  CHECK(std::count(ea.out.begin(), ea.out.end(), '\n') >= 501);  // header + 500 (comments may span lines)
  CHECK(ea.out == eb.out);
  CHECK(ea.out != ec.out);
  // The period is respected: nothing after --until or before --until minus --days.
  CHECK(ea.out.find("2026-11-23T") == std::string::npos);
  CHECK(ea.out.find("2026-10-23T") == std::string::npos);
}

TEST_CASE("heardctl seed makes realistic, valid responses", "[heardctl]") {
  heard::test::TempDir dir;
  const auto db = dir / "heard.db";
  REQUIRE(heardctl(dir, "--db " + db.string() + " seed --count 3000 --until 2026-11-23").exit_code == 0);
  const Run stats = heardctl(dir, "--db " + db.string() + " stats --json");
  REQUIRE(stats.exit_code == 0);
  const auto s = nlohmann::json::parse(stats.out);
  CHECK(s["total"] == 3000);
  // Mostly satisfied customers, but a real share of complaints, spread over every rating.
  CHECK(s["csat_percent"].get<double>() > 55);
  CHECK(s["csat_percent"].get<double>() < 85);
  for (const auto& n : s["by_rating"]) CHECK(n.get<int>() > 50);
  CHECK(s["by_category"].size() > 5);

  const Run ndjson = heardctl(dir, "--db " + db.string() + " export --format ndjson --include-contact");
  REQUIRE(ndjson.exit_code == 0);
  std::istringstream lines(ndjson.out);
  int with_contact = 0, with_comment = 0, on_sunday = 0;
  std::set<std::string> languages;
  for (std::string line; std::getline(lines, line);) {
    const auto r = nlohmann::json::parse(line);
    if (!r["contact"].is_null()) {
      ++with_contact;
      CHECK(r["consent"]["given"] == true);
    }
    if (!r["comment"].is_null()) ++with_comment;
    languages.insert(r["language"].get<std::string>());
    // 2026-11-22 and the other Sundays: closed.
    const auto created = r["created_at"].get<std::string>();
    if (created.starts_with("2026-11-22") || created.starts_with("2026-11-15")) ++on_sunday;
  }
  CHECK(with_contact > 30);
  CHECK(with_comment > 300);
  CHECK(languages == std::set<std::string>{"de", "en", "es", "fr"});
  CHECK(on_sunday == 0);
}

TEST_CASE("heardctl export writes a complete file atomically, or fails clearly", "[heardctl]") {
  heard::test::TempDir dir;
  const auto db = dir / "heard.db";
  REQUIRE(heardctl(dir, "--db " + db.string() + " " + seed_args).exit_code == 0);

  SECTION("to a file, the same bytes as to stdout") {
    const auto file = dir / "out";
    fs::create_directory(file);
    const Run to_file =
        heardctl(dir, "--db " + db.string() + " export --format json --output " + (file / "x.json").string());
    CHECK(to_file.exit_code == 0);
    CHECK_THAT(to_file.err, Catch::Contains("Exported 500 responses"));
    const Run to_stdout = heardctl(dir, "--db " + db.string() + " export --format json");
    CHECK(read_file(file / "x.json") == to_stdout.out);
    CHECK(nlohmann::json::parse(to_stdout.out).size() == 500);
    CHECK(std::distance(fs::directory_iterator(file), fs::directory_iterator()) == 1);
  }
  SECTION("filters apply") {
    const Run r = heardctl(dir, "--db " + db.string() + " export --format ndjson --kind complaint --max-rating 1");
    REQUIRE(r.exit_code == 0);
    std::istringstream lines(r.out);
    int n = 0;
    for (std::string line; std::getline(lines, line); ++n) CHECK(nlohmann::json::parse(line)["rating"] == 1);
    CHECK(n > 10);
  }
  SECTION("an unwritable destination is exit code 4 with the path in the message") {
    const Run r = heardctl(dir, "--db " + db.string() + " export --output " + (dir / "missing" / "x.csv").string());
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains((dir / "missing" / "x.csv").string()));
  }
  SECTION("a missing database is exit code 3 and is not created") {
    const Run r = heardctl(dir, "--db " + (dir / "nope.db").string() + " export");
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("no database"));
    CHECK_FALSE(fs::exists(dir / "nope.db"));
  }
}

TEST_CASE("heardctl verify passes a sound file and fails a damaged one without touching it", "[heardctl]") {
  heard::test::TempDir dir;
  const auto db = dir / "heard.db";
  REQUIRE(heardctl(dir, "--db " + db.string() + " " + seed_args).exit_code == 0);

  SECTION("a sound database") {
    const Run r = heardctl(dir, "--db " + db.string() + " verify");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Integrity       ok") && Catch::Contains("Result          OK") &&
                          Catch::Contains("500"));
  }
  SECTION("pages overwritten with garbage") {
    {
      std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(4096 * 3);
      const std::string garbage(4096 * 4, '\x5a');
      f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    const auto size_before = fs::file_size(db);
    const Run r = heardctl(dir, "--db " + db.string() + " verify");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("Problem") && Catch::Contains("FAILED"));
    // Reported, not repaired: the file is where it was, as it was, and nothing was moved aside.
    CHECK(fs::file_size(db) == size_before);
    for (const auto& e : fs::directory_iterator(dir.path()))
      CHECK(e.path().filename().string().find("corrupt") == std::string::npos);
  }
  SECTION("a file that is not a database at all") {
    const auto text = dir / "notes.db";
    std::ofstream(text) << "these are not the pages you are looking for\n";
    const Run r = heardctl(dir, "--db " + text.string() + " verify");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("not a database"));
  }
  SECTION("an empty SQLite file has no Heard schema") {
    const auto empty = dir / "empty.db";
    std::ofstream{empty};
    CHECK(heardctl(dir, "--db " + empty.string() + " verify").exit_code == 1);
  }
  SECTION("a missing file is a database error") {
    CHECK(heardctl(dir, "--db " + (dir / "nope.db").string() + " verify").exit_code == 3);
  }
}

TEST_CASE("heardctl explains itself and rejects bad command lines with exit code 2", "[heardctl]") {
  heard::test::TempDir dir;
  const Run help = heardctl(dir, "--help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("Exit codes") && Catch::Contains("export") && Catch::Contains("verify"));
  for (const char* command : {"export", "stats", "verify", "seed"}) {
    INFO(command);
    const Run r = heardctl(dir, std::string(command) + " --help");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("Usage: heardctl"));
  }
  const auto db = "--db " + (dir / "heard.db").string() + " ";
  CHECK(heardctl(dir, "").exit_code == 2);
  CHECK(heardctl(dir, "frobnicate").exit_code == 2);
  CHECK(heardctl(dir, db + "export --format xlsx").exit_code == 2);
  CHECK(heardctl(dir, db + "export --since yesterday").exit_code == 2);
  CHECK(heardctl(dir, db + "export --max-rating 9").exit_code == 2);
  CHECK(heardctl(dir, db + "export --output").exit_code == 2);
  CHECK(heardctl(dir, db + "seed").exit_code == 2);
  const Run bad = heardctl(dir, db + "export --colour red");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--colour") && Catch::Contains("heardctl export --help"));
}

TEST_CASE("heardctl finds its database through --db, then HEARD_DB", "[heardctl]") {
  heard::test::TempDir dir;
  const auto db = dir / "env.db";
  REQUIRE(heardctl(dir, seed_args, "HEARD_DB=" + quoted(db.string())).exit_code == 0);
  CHECK(fs::exists(db));
  const Run via_env = heardctl(dir, "stats --json", "HEARD_DB=" + quoted(db.string()));
  CHECK(nlohmann::json::parse(via_env.out)["total"] == 500);
  const Run flag_wins =
      heardctl(dir, "--db " + (dir / "other.db").string() + " stats --json", "HEARD_DB=" + quoted(db.string()));
  CHECK(nlohmann::json::parse(flag_wins.out)["total"] == 0);
  CHECK_FALSE(fs::exists(dir / "other.db"));  // stats never creates a database
}

TEST_CASE("heardctl seed refuses a bad survey file with exit code 5", "[heardctl]") {
  heard::test::TempDir dir;
  std::ofstream(dir / "survey.json") << R"({"survey_version": "1", "languages": ["english"]})";
  const Run r = heardctl(
      dir, "--db " + (dir / "heard.db").string() + " seed --count 5 --survey " + (dir / "survey.json").string());
  CHECK(r.exit_code == 5);
  CHECK_THAT(r.err, Catch::Contains("survey.json") && Catch::Contains("languages[0]"));
}

TEST_CASE("heardctl seed uses the survey the device configuration names", "[heardctl][config]") {
  heard::test::TempDir dir;
  std::ofstream(dir / "site-survey.json") << R"({"survey_version": "1", "languages": ["english"]})";
  std::ofstream(dir / "heard.conf") << "[paths]\nsurvey = \"site-survey.json\"\n";
  const Run r = heardctl(
      dir, "--config " + (dir / "heard.conf").string() + " --db " + (dir / "heard.db").string() + " seed --count 5");
  CHECK(r.exit_code == 5);  // that survey, not the built-in one, was read
  CHECK_THAT(r.err, Catch::Contains("site-survey.json") && Catch::Contains("languages[0]"));
}

TEST_CASE("heardctl --config takes the database from the device configuration", "[heardctl][config]") {
  heard::test::TempDir dir;
  const auto config = dir / "heard.conf";
  std::ofstream(config) << "[paths]\ndatabase = \"from-config.db\"\n";  // relative to the file
  REQUIRE(heardctl(dir, "--config " + config.string() + " " + seed_args).exit_code == 0);
  CHECK(fs::exists(dir / "from-config.db"));
  const Run stats = heardctl(dir, "--config " + config.string() + " stats --json");
  CHECK(nlohmann::json::parse(stats.out)["total"] == 500);
  const Run via_env = heardctl(dir, "stats --json", "HEARD_CONFIG=" + quoted(config.string()));
  CHECK(nlohmann::json::parse(via_env.out)["total"] == 500);
  const Run flag_wins =
      heardctl(dir, "--config " + config.string() + " --db " + (dir / "other.db").string() + " stats --json");
  CHECK(nlohmann::json::parse(flag_wins.out)["total"] == 0);

  SECTION("a bad configuration is exit code 5 with file, line and key") {
    std::ofstream(config) << "[paths]\ndatabse = \"x.db\"\n";
    const Run bad = heardctl(dir, "--config " + config.string() + " stats");
    CHECK(bad.exit_code == 5);
    CHECK(bad.err == "heardctl stats: " + config.string() +
                         ":2: paths.databse: unknown key (expected one of: database, survey, assets, usb_export)\n");
  }
}
