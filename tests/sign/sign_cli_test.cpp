// The CLI's signing: keygen, build/salvage --sign, verify --key and
// --require-signature, ls/show naming the signer.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../cli/cli_run.h"

namespace fs = std::filesystem;

namespace sign_cli_test_detail {

cli_run::Result Run(const std::string& args) { return cli_run::RunShell(std::string(ND_CLI_PATH) + " " + args); }

fs::path FreshDir(const char* name) {
  const fs::path d = fs::temp_directory_path() / (std::string(name) + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string ReadAll(const fs::path& p) {
  std::stringstream s;
  s << std::ifstream(p, std::ios::binary).rdbuf();
  return s.str();
}

}  // namespace sign_cli_test_detail

TEST_CASE("sign cli: keygen, build --sign, verify --key, ls/show, tamper, require", "[sign][cli]") {
  namespace d = sign_cli_test_detail;
  const fs::path dir = d::FreshDir("nd_sign_cli");
  const std::string key = (dir / "k").string(), other = (dir / "o").string();
  auto kg = d::Run("keygen -o " + key);
  REQUIRE(kg.code == 0);
  CHECK(kg.out.find("key id ") != std::string::npos);
  struct stat st;
  REQUIRE(::stat(key.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(d::Run("keygen -o " + key).code == 1);  // never overwrites a key silently
  REQUIRE(d::Run("keygen -o " + other).code == 0);

  const std::string in = std::string(ND_TEST_DATA_DIR) + "/articles/harbour-ferry.txt";
  const std::string sf = (dir / "s.ndg").string(), uf = (dir / "u.ndg").string();
  REQUIRE(d::Run("build -q -o " + sf + " --sign " + key + " " + in).code == 0);
  REQUIRE(d::Run("build -q -o " + uf + " " + in).code == 0);

  auto ok = d::Run("verify " + sf + " --key " + key + ".pub --require-signature");
  CHECK(ok.code == 0);
  CHECK(ok.out.find("signature ok, key id ") != std::string::npos);
  CHECK(d::Run("verify " + sf).code == 0);  // without --key: the usual checks
  auto wrong = d::Run("verify " + sf + " --key " + other + ".pub");
  CHECK(wrong.code == 2);
  CHECK(wrong.err.find("signed by another key") != std::string::npos);
  CHECK(wrong.out.find("REJECTED, signature: signed by another key") != std::string::npos);
  // A public key where the secret one belongs, and the other way round.
  auto pubsign = d::Run("build -q -o " + (dir / "pub.ndg").string() + " --sign " + key + ".pub " + in);
  CHECK(pubsign.code == 1);
  CHECK(pubsign.err.find("this is a public key; --sign needs the secret key file") != std::string::npos);
  CHECK(pubsign.err.find("chmod") == std::string::npos);
  CHECK_FALSE(fs::exists(dir / "pub.ndg"));
  auto seckey = d::Run("verify " + sf + " --key " + key);
  CHECK(seckey.code == 0);
  CHECK(seckey.err.find("is a secret key file") != std::string::npos);
  auto uns = d::Run("verify " + uf + " --key " + key + ".pub --require-signature");
  CHECK(uns.code == 2);
  CHECK(uns.err.find("not signed") != std::string::npos);
  CHECK(d::Run("verify " + uf + " --key " + key + ".pub").code == 0);  // allowed without --require-signature
  CHECK(d::Run("verify " + uf + " --require-signature").code == 1);      // needs --key
  auto j = nlohmann::json::parse(d::Run("verify " + sf + " --json --key " + key + ".pub").out);
  CHECK(j["signature"]["verified"] == true);
  CHECK(j["signature"]["status"] == "ok");

  // ls / show name the signer.
  auto ls = d::Run("ls " + sf);
  CHECK(ls.code == 0);
  CHECK(ls.out.find("signed by key id " + j["signature"]["key_id"].get<std::string>()) != std::string::npos);
  auto lsu = nlohmann::json::parse(d::Run("ls " + uf + " --json").out);
  CHECK(lsu["signature"]["signed"] == false);
  CHECK(d::Run("show " + uf + " 0").out.find("unsigned") != std::string::npos);
  CHECK(d::Run("show " + sf + " 0").out.find("signed by key id") != std::string::npos);

  // A byte of a body changed: CRCs would catch this one, the signature too.
  std::string bytes = d::ReadAll(sf);
  bytes[bytes.size() / 2] ^= 1;
  std::ofstream(dir / "t.ndg", std::ios::binary) << bytes;
  auto tam = d::Run("verify " + (dir / "t.ndg").string() + " --key " + key + ".pub");
  CHECK(tam.code == 2);
  CHECK(tam.err.find("SIGNATURE REJECTED") != std::string::npos);

  // A secret key others can read is refused, and nothing is written.
  ::chmod(key.c_str(), 0644);
  auto perm = d::Run("build -q -o " + (dir / "p.ndg").string() + " --sign " + key + " " + in);
  CHECK(perm.code == 1);
  CHECK(perm.err.find("readable by group or others") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "p.ndg"));
  ::chmod(key.c_str(), 0600);

  // salvage --sign signs its output.
  const std::string rf = (dir / "r.ndg").string();
  REQUIRE(d::Run("salvage " + uf + " -o " + rf + " --sign " + key).code == 0);
  CHECK(d::Run("verify " + rf + " --key " + key + ".pub --require-signature").code == 0);
  // salvage of a signed (here tampered) input says it was signed and that
  // the output is not; with --key a failing signature exits 2.
  const std::string tf = (dir / "t.ndg").string();
  auto sal = d::Run("salvage " + tf + " -o " + (dir / "r2.ndg").string());
  CHECK(sal.err.find("input was signed (key id ") != std::string::npos);
  CHECK(sal.err.find("the output is unsigned unless --sign") != std::string::npos);
  auto salk = d::Run("salvage " + tf + " -o " + (dir / "r3.ndg").string() + " --key " + key + ".pub");
  CHECK(salk.code == 2);
  CHECK(salk.err.find("FAILED") != std::string::npos);
  // ... and is never re-signed with the publisher's key: nothing written.
  auto resign = d::Run("salvage " + tf + " -o " + (dir / "r6.ndg").string() + " --key " + key + ".pub --sign " + key);
  CHECK(resign.code == 2);
  CHECK(resign.err.find("not re-signed") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "r6.ndg"));
  auto salok = d::Run("salvage " + sf + " -o " + (dir / "r4.ndg").string() + " --key " + key + ".pub");
  CHECK(salok.code == 0);
  CHECK(salok.err.find("signature verified") != std::string::npos);
  CHECK(d::Run("salvage " + uf + " -o " + (dir / "r5.ndg").string()).err.find("signed") == std::string::npos);
  // build -o - --sign: the signed file on standard output.
  REQUIRE(d::Run("build -q -o - --sign " + key + " " + in + " > " + (dir / "pipe.ndg").string()).code == 0);
  CHECK(d::Run("verify " + (dir / "pipe.ndg").string() + " --key " + key + ".pub --require-signature").code == 0);
}
