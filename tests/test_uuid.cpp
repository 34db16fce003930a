#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "core/uuid.hpp"

using namespace heard;

TEST_CASE("UUIDv7 ids stay in creation order through a burst in one millisecond", "[uuid]") {
  UuidV7Generator gen;
  std::vector<std::string> ids;
  for (int i = 0; i < 20000; ++i) ids.push_back(gen.next(1795961109123));  // all the same millisecond
  for (std::size_t i = 1; i < ids.size(); ++i) REQUIRE(ids[i - 1] < ids[i]);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
}

TEST_CASE("UUIDv7 ids keep increasing when the clock steps backwards", "[uuid]") {
  UuidV7Generator gen;
  const std::string a = gen.next(1795961109123);
  const std::string b = gen.next(1795961100000);
  CHECK(a < b);
}

TEST_CASE("UUIDv7 ids carry the time, version and variant", "[uuid]") {
  UuidV7Generator gen;
  const std::string id = gen.next(0x0190f3c27a1e);
  CHECK(id.substr(0, 13) == "0190f3c2-7a1e");
  CHECK(id[14] == '7');
  CHECK(std::string("89ab").find(id[19]) != std::string::npos);
  CHECK(is_uuid(id));
  CHECK(is_uuid(make_uuid_v7()));
  CHECK_FALSE(is_uuid("0190F3C2-7A1E-7C3E-9D1A-1B2C3D4E5F60"));
  CHECK_FALSE(is_uuid("not-a-uuid"));
}
