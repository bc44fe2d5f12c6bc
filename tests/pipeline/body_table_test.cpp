// The identical-body table: bodies that collide on the fast hash are told
// apart (their SHA-256s differ).
#include <catch2/catch.hpp>

#include <string>

#include "body_table.h"

namespace body_table_test_detail {

uint64_t ConstantHash(std::string_view) { return 42; }

}  // namespace body_table_test_detail

TEST_CASE("pipeline: bodies colliding on the fast hash are not shared", "[pipeline]") {
  namespace t = body_table_test_detail;
  using newsdigest::pipeline::BodyTable;
  using newsdigest::pipeline::Sha256;
  BodyTable table(&t::ConstantHash);
  const std::string a = "First body, about the harbour.";
  const std::string b = "Other body, about the railway.";
  REQUIRE(a.size() == b.size());
  const auto ka = table.KeyOf(a), kb = table.KeyOf(b);
  REQUIRE(ka == kb);  // forced collision: same length, same fast hash
  CHECK_FALSE(table.MarkSeen(ka));
  CHECK(table.MarkSeen(kb));  // a candidate only
  table.Insert(ka, BodyTable::Entry{Sha256(a), 100, {}});
  CHECK(table.Find(kb, Sha256(b)) == nullptr);  // the bytes differ: not shared
  const BodyTable::Entry* e = table.Find(ka, Sha256(a));
  REQUIRE(e != nullptr);
  CHECK(e->offset == 100);
  table.Insert(kb, BodyTable::Entry{Sha256(b), 200, {}});
  REQUIRE(table.Find(kb, Sha256(b)) != nullptr);
  CHECK(table.Find(kb, Sha256(b))->offset == 200);
  CHECK(table.Find(ka, Sha256(a))->offset == 100);
}
