// Signed digest files on the host (issue 18): Ed25519 keys, signing a
// finished file's bytes, verifying, and a sink that signs what a writer
// writes. Format: core/format/FORMAT.md, "Signature"; the byte layouts are
// newsdigest/format/signature.h. Verification is the device code
// (nd_verify_memory, core/reader/nd_reader_sign.cc) run on the host, so
// host and device accept exactly the same files.
//
// Cryptography: libsodium (crypto_sign_detached, crypto_hash_sha512).
// Errors are values (Status); nothing throws. Thread-safety: pure functions
// (libsodium is initialized once, thread-safely).
#ifndef NEWSDIGEST_SIGN_SIGN_H_
#define NEWSDIGEST_SIGN_SIGN_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "newsdigest/format/status.h"
#include "newsdigest/writer/output.h"

namespace newsdigest::sign {

using PublicKey = std::array<uint8_t, 32>;
using KeyId = std::array<uint8_t, 8>;

// An Ed25519 secret key (libsodium layout: 32-byte seed, then the public
// key). Wiped when destroyed.
class SecretKey {
 public:
  SecretKey();
  ~SecretKey();
  SecretKey(const SecretKey& other);
  SecretKey& operator=(const SecretKey& other);
  uint8_t* data() { return bytes_.data(); }
  const uint8_t* data() const { return bytes_.data(); }
  PublicKey public_key() const;

 private:
  std::array<uint8_t, 64> bytes_;
};

// A new random key pair.
Status GenerateKey(SecretKey* out);

// The key id: the first 8 bytes of SHA-512(public key) (nd_sign_key_id).
KeyId KeyIdOf(const PublicKey& pk);
// 16 lowercase hex digits.
std::string KeyIdHex(const KeyId& id);

// ---- Key files ---------------------------------------------------------------
// Text, one line each:
//   secret: "newsdigest-ed25519-secret-key <128 hex digits>\n" (seed || pk)
//   public: "newsdigest-ed25519-public-key <64 hex digits>\n"

// Writes `path` (secret, mode 0600) and `path + ".pub"` (public, 0644),
// each atomically (a temporary file in the same directory, created
// O_EXCL|O_NOFOLLOW with mode 0600, fsynced, renamed). Refuses (InvalidArgument)
// when either exists, unless `overwrite`. *err gets a message naming the
// path and the system's reason on failure.
Status WriteKeyFiles(const std::string& path, const SecretKey& key, bool overwrite, std::string* err);

// Reads a secret key file. Refuses a file whose mode grants any permission
// to group or others (Status code kKeyPermissions) and symbolic links;
// checks that the stored public key matches the seed (Corruption if not).
Status ReadSecretKeyFile(const std::string& path, SecretKey* out, std::string* err);
// Reads a public key file (or a secret key file: its public half is used
// only if the file is private, as above).
Status ReadPublicKeyFile(const std::string& path, PublicKey* out, std::string* err);

// ---- Signing and verifying ------------------------------------------------------

// `file` (a complete digest file, signed or not) signed with `key` into
// *out: an existing signature is replaced. Checks the preamble, header
// checksum, trailer and index framing first (Corruption / Truncated /
// BadVersion: never signs a damaged file).
Status SignFile(std::string_view file, const SecretKey& key, std::string* out);

// `file` without its signature (byte for byte the unsigned file it was made
// from); NotSigned when it has none.
Status StripSignature(std::string_view file, std::string* out);

// Verifies `file` with `pk` (the device code: nd_verify_memory). OK, or
// the code of nd_reader.h's "Signatures" list.
Status VerifyFile(std::string_view file, const PublicKey& pk);

// Who signed `file` (nothing verified): OK with the key id; NotSigned,
// SignatureMalformed, or the trailer's problem otherwise.
Status FindSigner(std::string_view file, KeyId* id);

// A sink that keeps everything written to it in memory and, at Commit(),
// signs the bytes (SignFile) and writes them to `inner`, then commits it.
// Abandon() abandons `inner`. The signing failure (a damaged result) is
// returned by Commit() and nothing reaches `inner`.
std::unique_ptr<writer::WritableSink> NewSigningSink(std::unique_ptr<writer::WritableSink> inner, const SecretKey& key);

}  // namespace newsdigest::sign

#endif  // NEWSDIGEST_SIGN_SIGN_H_
