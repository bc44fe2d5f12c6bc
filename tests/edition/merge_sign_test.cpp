// merge and append --sign KEY: the output verifies with verify --key
// --require-signature; an unsigned output does not.
#include <catch2/catch.hpp>

#include "cli_run.h"
#include "edition_test_util.h"

using namespace edition_test;

TEST_CASE("merge --sign and append --sign: outputs verify with --require-signature", "[edition][cli][sign]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  std::string s1, s2;
  for (size_t i = 0; i < in.size(); ++i) (i < 10 ? s1 : s2) += " '" + in[i] + "'";
  const std::string key = "'" + (dir / "k.key") + "'", pub = "'" + (dir / "k.key.pub") + "'";
  REQUIRE(cli_run::RunNewsdigest("keygen -o " + key).code == 0);
  REQUIRE(cli_run::RunNewsdigest("build -q -o '" + (dir / "a.ndg") + "'" + s1).code == 0);
  REQUIRE(cli_run::RunNewsdigest("build -q -o '" + (dir / "b.ndg") + "'" + s2).code == 0);
  const std::string ab = " '" + (dir / "a.ndg") + "' '" + (dir / "b.ndg") + "'";
  auto r = cli_run::RunNewsdigest("merge -q --sign " + key + ab + " -o '" + (dir / "signed.ndg") + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  REQUIRE(cli_run::RunNewsdigest("merge -q" + ab + " -o '" + (dir / "plain.ndg") + "'").code == 0);
  const std::string verify = "verify --key " + pub + " --require-signature ";
  auto v = cli_run::RunNewsdigest(verify + "'" + (dir / "signed.ndg") + "'");
  INFO(v.out << v.err);
  CHECK(v.code == 0);
  CHECK(cli_run::RunNewsdigest(verify + "'" + (dir / "plain.ndg") + "'").code != 0);
  // The signature covers what merge wrote: the signed file holds the same digests.
  CHECK(ReadDigests(dir / "signed.ndg").size() == ReadDigests(dir / "plain.ndg").size());

  // append --sign: the new edition is signed too.
  r = cli_run::RunNewsdigest("append -q --sign " + key + " '" + (dir / "a.ndg") + "' '" + in.back() + "' -o '" +
                             (dir / "appended.ndg") + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(cli_run::RunNewsdigest(verify + "'" + (dir / "appended.ndg") + "'").code == 0);
  // A missing key file is a usage error, nothing written.
  r = cli_run::RunNewsdigest("merge -q --sign '" + (dir / "nokey") + "'" + ab + " -o '" + (dir / "x.ndg") + "'");
  CHECK(r.code != 0);
  CHECK_FALSE(fs::exists(dir / "x.ndg"));
}
