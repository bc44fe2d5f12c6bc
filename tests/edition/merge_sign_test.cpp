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

TEST_CASE("merge and append of a signed input without --sign say the output is unsigned", "[edition][cli][sign]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  const std::string key = "'" + (dir / "k.key") + "'";
  REQUIRE(cli_run::RunNewsdigest("keygen -o " + key).code == 0);
  // --dict is one file per flag, so inputs may follow it (as build's --help shows).
  std::string all;
  for (const auto& f : in) all += " '" + f + "'";
  const auto t = cli_run::RunNewsdigest("train-dict -o '" + (dir / "d.dict") + "'" + all);
  INFO(t.err);
  REQUIRE(t.code == 0);
  REQUIRE(cli_run::RunNewsdigest("build -q --sign " + key + " --dict '" + (dir / "d.dict") + "' '" + in[0] + "' '" +
                                 in[1] + "' -o '" + (dir / "s.ndg") + "'").code == 0);
  REQUIRE(cli_run::RunNewsdigest("build -q --dict '" + (dir / "d.dict") + "' '" + in[2] + "' -o '" + (dir / "u.ndg") +
                                 "'").code == 0);
  auto r = cli_run::RunNewsdigest("merge --dict '" + (dir / "d.dict") + "' '" + (dir / "s.ndg") + "' '" +
                                  (dir / "u.ndg") + "' -o '" + (dir / "m.ndg") + "'");
  REQUIRE(r.code == 0);
  CHECK(r.err.find("s.ndg: signed; the output is unsigned") != std::string::npos);
  CHECK(r.err.find("u.ndg: signed") == std::string::npos);
  r = cli_run::RunNewsdigest("append --dict '" + (dir / "d.dict") + "' '" + (dir / "s.ndg") + "' '" + in[4] +
                             "' -o '" + (dir / "a.ndg") + "'");
  REQUIRE(r.code == 0);
  CHECK(r.err.find("s.ndg: signed; the output is unsigned") != std::string::npos);
  r = cli_run::RunNewsdigest("merge --sign " + key + " --dict '" + (dir / "d.dict") + "' '" + (dir / "s.ndg") +
                             "' -o '" + (dir / "m2.ndg") + "'");
  REQUIRE(r.code == 0);
  CHECK(r.err.find("the output is unsigned") == std::string::npos);
}
