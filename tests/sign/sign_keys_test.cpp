// core/sign/sign_keys.cc: key generation and key files.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "sign_fixture.h"

namespace fs = std::filesystem;
namespace s = newsdigest::sign;
using Code = newsdigest::Status::Code;

namespace sign_keys_test_detail {

fs::path FreshDir(const char* name) {
  const fs::path d = fs::temp_directory_path() / (std::string(name) + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

unsigned ModeOf(const fs::path& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 ? static_cast<unsigned>(st.st_mode & 07777) : 0xFFFFu;
}

}  // namespace sign_keys_test_detail

TEST_CASE("sign keys: written 0600 atomically, read back, never overwritten silently", "[sign]") {
  namespace d = sign_keys_test_detail;
  const fs::path dir = d::FreshDir("nd_sign_keys");
  const std::string path = (dir / "k").string();
  const s::SecretKey key = sign_fixture::NewKey();
  std::string err;
  const mode_t old = ::umask(0);  // even with a permissive umask
  const auto st = s::WriteKeyFiles(path, key, false, &err);
  ::umask(old);
  REQUIRE(st.ok());
  CHECK(d::ModeOf(path) == 0600);
  CHECK(d::ModeOf(path + ".pub") == 0644);
  for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
  s::SecretKey back;
  REQUIRE(s::ReadSecretKeyFile(path, &back, &err).ok());
  CHECK(back.public_key() == key.public_key());
  s::PublicKey pk{};
  REQUIRE(s::ReadPublicKeyFile(path + ".pub", &pk, &err).ok());
  CHECK(pk == key.public_key());
  // Exists: refused unless overwrite.
  CHECK_FALSE(s::WriteKeyFiles(path, sign_fixture::NewKey(), false, &err).ok());
  REQUIRE(s::ReadSecretKeyFile(path, &back, &err).ok());
  CHECK(back.public_key() == key.public_key());
  CHECK(s::WriteKeyFiles(path, sign_fixture::NewKey(), true, &err).ok());
}

TEST_CASE("sign keys: an existing KEY.pub is refused before the secret key is written", "[sign]") {
  namespace d = sign_keys_test_detail;
  const fs::path dir = d::FreshDir("nd_sign_orphan");
  const std::string path = (dir / "k").string();
  std::ofstream(path + ".pub") << "keep\n";
  std::string err;
  CHECK_FALSE(s::WriteKeyFiles(path, sign_fixture::NewKey(), false, &err).ok());
  CHECK(err.find("k.pub: exists") != std::string::npos);
  CHECK_FALSE(fs::exists(path));  // no orphan secret key
  std::string text;
  std::getline(std::ifstream(path + ".pub"), text);
  CHECK(text == "keep");
}

TEST_CASE("sign keys: a secret key file group or others may read is refused", "[sign]") {
  namespace d = sign_keys_test_detail;
  const fs::path dir = d::FreshDir("nd_sign_perm");
  const std::string path = (dir / "k").string();
  std::string err;
  REQUIRE(s::WriteKeyFiles(path, sign_fixture::NewKey(), false, &err).ok());
  s::SecretKey k;
  for (unsigned mode : {0644u, 0640u, 0604u, 0660u}) {
    INFO(mode);
    REQUIRE(::chmod(path.c_str(), mode) == 0);
    err.clear();
    const auto st = s::ReadSecretKeyFile(path, &k, &err);
    CHECK(st.code() == Code::kKeyPermissions);
    CHECK(err.find("chmod 600") != std::string::npos);
  }
  REQUIRE(::chmod(path.c_str(), 0400) == 0);
  CHECK(s::ReadSecretKeyFile(path, &k, &err).ok());
  // A symbolic link to it is not followed.
  fs::create_symlink(path, dir / "link");
  CHECK_FALSE(s::ReadSecretKeyFile((dir / "link").string(), &k, &err).ok());
  // Damaged or foreign files.
  std::ofstream(dir / "bad") << "newsdigest-ed25519-secret-key 00\n";
  ::chmod((dir / "bad").c_str(), 0600);
  CHECK(s::ReadSecretKeyFile((dir / "bad").string(), &k, &err).code() == Code::kCorruption);
  s::PublicKey pk{};
  CHECK_FALSE(s::ReadPublicKeyFile((dir / "bad").string(), &pk, &err).ok());
  CHECK_FALSE(s::ReadPublicKeyFile((dir / "missing").string(), &pk, &err).ok());
}
