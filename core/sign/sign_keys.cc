// Ed25519 keys and key files (sign.h).
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "newsdigest/sign/sign.h"

namespace newsdigest::sign {
namespace sign_keys_detail {

constexpr const char kSecretTag[] = "newsdigest-ed25519-secret-key ";
constexpr const char kPublicTag[] = "newsdigest-ed25519-public-key ";
// Key files are one short line; anything longer is not a key file.
constexpr size_t kMaxKeyFile = 512;

std::string SysText(const std::string& path, const char* what, int err) {
  return path + ": " + what + (err != 0 ? std::string(": ") + std::strerror(err) : std::string());
}

std::string Hex(const uint8_t* p, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += kHex[p[i] >> 4];
    s += kHex[p[i] & 15];
  }
  return s;
}

// Parses "<tag><2n hex digits>" (then optional whitespace) into out[0..n).
bool ParseLine(const std::string& text, const char* tag, uint8_t* out, size_t n) {
  const size_t tl = std::strlen(tag);
  if (text.compare(0, tl, tag) != 0) return false;
  size_t end = text.size();
  while (end > tl && (text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == ' ')) --end;
  if (end - tl != 2 * n) return false;
  size_t bin_len = 0;
  return sodium_hex2bin(out, n, text.data() + tl, 2 * n, nullptr, &bin_len, nullptr) == 0 && bin_len == n;
}

// Writes `text` to `path` atomically with mode `mode`.
Status WriteAtomic(const std::string& path, const std::string& text, mode_t mode, bool overwrite, std::string* err) {
  struct stat st;
  if (!overwrite && lstat(path.c_str(), &st) == 0) {
    *err = path + ": exists (pass --force to replace it)";
    return Status::InvalidArgument("key file exists");
  }
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  int fd = -1;
  std::string tmp;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    uint8_t rnd[8];
    randombytes_buf(rnd, sizeof rnd);
    tmp = dir + "/." + base + "." + Hex(rnd, sizeof rnd) + ".tmp";
    fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    *err = SysText(path, "cannot create the key file", errno);
    return Status::IOError("cannot create the key file", errno);
  }
  bool ok = fchmod(fd, mode) == 0;
  size_t done = 0;
  while (ok && done < text.size()) {
    const ssize_t w = write(fd, text.data() + done, text.size() - done);
    if (w < 0 && errno == EINTR) continue;
    ok = w > 0;
    if (ok) done += static_cast<size_t>(w);
  }
  ok = ok && fsync(fd) == 0;
  const int e = errno;
  ok = close(fd) == 0 && ok;
  if (ok && rename(tmp.c_str(), path.c_str()) != 0) ok = false;
  if (!ok) {
    const int e2 = errno != 0 ? errno : e;
    unlink(tmp.c_str());
    *err = SysText(path, "cannot write the key file", e2);
    return Status::IOError("cannot write the key file", e2);
  }
  const int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return Status::OK();
}

// Reads a small key file, never through a symbolic link; *mode its
// permission bits.
Status ReadSmall(const std::string& path, std::string* out, mode_t* mode, std::string* err) {
  const int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    *err = SysText(path, "cannot open the key file", errno);
    return Status::IOError("cannot open the key file", errno);
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    *err = path + ": not a regular file";
    return Status::InvalidArgument("key file is not a regular file");
  }
  *mode = st.st_mode & 07777;
  out->assign(kMaxKeyFile + 1, '\0');
  size_t got = 0;
  for (;;) {
    const ssize_t r = read(fd, out->data() + got, out->size() - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      const int e = errno;
      close(fd);
      *err = SysText(path, "cannot read the key file", e);
      return Status::IOError("cannot read the key file", e);
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
    if (got == out->size()) break;
  }
  close(fd);
  out->resize(got);
  if (got > kMaxKeyFile) {
    *err = path + ": not a newsdigest key file (too long)";
    return Status::Corruption("not a key file");
  }
  return Status::OK();
}

}  // namespace sign_keys_detail

SecretKey::SecretKey() { bytes_.fill(0); }
SecretKey::~SecretKey() { sodium_memzero(bytes_.data(), bytes_.size()); }
SecretKey::SecretKey(const SecretKey& other) : bytes_(other.bytes_) {}
SecretKey& SecretKey::operator=(const SecretKey& other) {
  bytes_ = other.bytes_;
  return *this;
}

PublicKey SecretKey::public_key() const {
  PublicKey pk;
  std::memcpy(pk.data(), bytes_.data() + 32, pk.size());
  return pk;
}

Status GenerateKey(SecretKey* out) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialize");
  PublicKey pk;
  if (crypto_sign_keypair(pk.data(), out->data()) != 0) return Status::Internal("key generation failed");
  return Status::OK();
}

Status WriteKeyFiles(const std::string& path, const SecretKey& key, bool overwrite, std::string* err) {
  namespace d = sign_keys_detail;
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialize");
  if (path.empty()) {
    *err = "keygen: -o needs a path";
    return Status::InvalidArgument("empty key path");
  }
  // Both destinations are checked before either is written: a refusal
  // leaves no orphan secret key behind.
  if (!overwrite) {
    for (const std::string& p : {path, path + ".pub"}) {
      struct stat st;
      if (lstat(p.c_str(), &st) == 0) {
        *err = p + ": exists (pass --force to replace it)";
        return Status::InvalidArgument("key file exists");
      }
    }
  }
  const PublicKey pk = key.public_key();
  std::string secret = std::string(d::kSecretTag) + d::Hex(key.data(), 64) + "\n";
  Status s = d::WriteAtomic(path, secret, 0600, overwrite, err);
  sodium_memzero(secret.data(), secret.size());
  ND_RETURN_IF_ERROR(s);
  return d::WriteAtomic(path + ".pub", std::string(d::kPublicTag) + d::Hex(pk.data(), pk.size()) + "\n", 0644,
                        overwrite, err);
}

Status ReadSecretKeyFile(const std::string& path, SecretKey* out, std::string* err) {
  namespace d = sign_keys_detail;
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialize");
  std::string text;
  mode_t mode = 0;
  ND_RETURN_IF_ERROR(d::ReadSmall(path, &text, &mode, err));
  if ((mode & 077) != 0) {
    sodium_memzero(text.data(), text.size());
    char m[16];
    std::snprintf(m, sizeof m, "%04o", static_cast<unsigned>(mode));
    *err = path + ": secret key file has mode " + m + ", readable by group or others; refused (chmod 600 " + path +
           ")";
    return Status::FromCode(Status::Code::kKeyPermissions, "secret key file readable by group or others");
  }
  const bool ok = d::ParseLine(text, d::kSecretTag, out->data(), 64);
  sodium_memzero(text.data(), text.size());
  if (!ok) {
    *err = path + ": not a newsdigest secret key file";
    return Status::Corruption("not a secret key file");
  }
  // The public half must be the seed's.
  PublicKey pk;
  uint8_t sk[64];
  crypto_sign_seed_keypair(pk.data(), sk, out->data());
  sodium_memzero(sk, sizeof sk);
  if (pk != out->public_key()) {
    *err = path + ": damaged secret key file (its public key does not match)";
    return Status::Corruption("damaged secret key file");
  }
  return Status::OK();
}

Status ReadPublicKeyFile(const std::string& path, PublicKey* out, std::string* err) {
  namespace d = sign_keys_detail;
  std::string text;
  mode_t mode = 0;
  ND_RETURN_IF_ERROR(d::ReadSmall(path, &text, &mode, err));
  if (d::ParseLine(text, d::kPublicTag, out->data(), out->size())) return Status::OK();
  if (text.compare(0, std::strlen(d::kSecretTag), d::kSecretTag) == 0) {
    sodium_memzero(text.data(), text.size());
    SecretKey sk;
    ND_RETURN_IF_ERROR(ReadSecretKeyFile(path, &sk, err));
    *out = sk.public_key();
    return Status::OK();
  }
  *err = path + ": not a newsdigest public key file";
  return Status::Corruption("not a public key file");
}

}  // namespace newsdigest::sign
