// newsdigest patch OLD.ndg UPDATE.ndu -o NEW.ndg [--current-sequence N]
//                  [--key PUB [--require-signature]]
//
// Applies an update (core/delta ApplyDelta, the device's applier): checks the
// update's CRC, OLD's SHA-512, NEW's SHA-512 and, with --key, NEW's
// signature (ApplyOptions::verify_new -> sign::VerifyFile, the device's
// verify); writes NEW atomically, only when every check holds. NEW is
// rebuilt byte for byte, so it is never re-signed here (no --sign): it
// carries the signature the publisher made.
// Exit: 0 ok; 2 NEW's signature rejected (bad, another key, malformed, or
// unsigned with --require-signature); 1 any other error.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "cli_common.h"
#include "cli_output.h"
#include "digest_file.h"
#include "newsdigest/delta/delta.h"
#include "newsdigest/format/format.h"
#include "newsdigest/pipeline/pipeline.h"
#include "newsdigest/sign/sign.h"
#include "newsdigest/writer/output.h"

namespace newsdigest::cli {
namespace cmd_patch_detail {
// The update magic (newsdigest/update/update_format.h kUpdateMagic).
inline constexpr char kUpdateMagic[4] = {'N', 'D', 'G', 'U'};
inline std::string_view Bytes(const DigestFile& f) {
  return std::string_view(reinterpret_cast<const char*>(f.data()), static_cast<size_t>(f.size()));
}
inline bool IsSignatureCode(Status::Code c) {
  return c == Status::Code::kNotSigned || c == Status::Code::kBadSignature || c == Status::Code::kWrongKey ||
         c == Status::Code::kSignatureMalformed;
}
}  // namespace cmd_patch_detail

int RunPatch(int argc, char** argv) {
  CLI::App app{"Rebuild digest file NEW from OLD and an update written by `newsdigest delta`.\n"
               "Nothing is written unless the update is intact (CRC), made for OLD (SHA-512), newer\n"
               "than --current-sequence, and produces exactly the NEW it names (SHA-512); with --key,\n"
               "NEW's signature is checked too, before anything is written. NEW is not re-signed: it is\n"
               "byte for byte the file the publisher signed.\n"
               "Exit 0 on success, 2 when NEW's signature is rejected, 1 on other errors.",
               "newsdigest patch"};
  std::string old_path, update_path, out_path;
  uint64_t current = 0;
  app.add_option("old", old_path, "The edition held")->required();
  app.add_option("update", update_path, "The update (.ndu)")->required();
  app.add_option("-o,--output", out_path, "New digest file, written atomically (- for standard output)")
      ->required();
  app.add_option("--current-sequence", current,
                 "Sequence of the edition held: older or equal updates are refused as replays (default 0)");
  std::string key_path;
  bool require_signature = false;
  app.add_option("--key", key_path,
                 "Public key file (KEY.pub from `newsdigest keygen`): NEW must be signed with it (an unsigned NEW "
                 "is accepted with a warning unless --require-signature)");
  app.add_flag("--require-signature", require_signature, "Reject (exit 2) an unsigned NEW (needs --key)");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  if (require_signature && key_path.empty()) {
    std::fprintf(stderr, "newsdigest patch: --require-signature needs --key PUB (the key NEW must be signed with)\n");
    return kExitUsage;
  }
  sign::PublicKey pubkey{};
  if (!key_path.empty() && !LoadVerifyKey("patch", key_path, &pubkey)) return kExitUsage;
  if (out_path == "-" && isatty(STDOUT_FILENO) != 0) {
    std::fprintf(stderr, "-o -: standard output is a terminal; redirect it to a file or a pipe\n");
    return kExitUsage;
  }
  // Nothing is written over an input (OLD or the update, also through a
  // symlink, a hard link or standard input): refused before anything is read.
  std::string problem;
  if (!pipeline::CheckBuildPaths({old_path, update_path}, out_path, &problem, "patch").ok()) {
    std::fprintf(stderr, "newsdigest patch: %s\n", TerminalSafe(problem).c_str());
    return kExitUsage;
  }
  DigestFile old_file, update_file;
  std::string err;
  if (old_file.Load(old_path, &err) != ND_OK || update_file.Load(update_path, &err) != ND_OK) {
    std::fprintf(stderr, "newsdigest patch: %s\n", TerminalSafe(err).c_str());
    return kExitUsage;
  }
  // An update starts with its magic (core/format/DELTA.md): anything else,
  // a digest file in particular, is named for what it is.
  if (update_file.size() < 4 || std::memcmp(update_file.data(), cmd_patch_detail::kUpdateMagic, 4) != 0) {
    const bool digest = update_file.size() >= 4 && std::memcmp(update_file.data(), format::kFileMagic, 4) == 0;
    std::fprintf(stderr, "newsdigest patch: %s: not an update file (no NDGU magic)%s\n",
                 TerminalSafe(InputName(update_path)).c_str(),
                 digest ? "; it is a digest file (make an update with `newsdigest delta OLD NEW`)" : "");
    return kExitUsage;
  }
  delta::ApplyOptions opt;
  opt.current_sequence = current;
  // Step 7: NEW's signature, checked on the complete NEW in memory before
  // the sink sees a byte (a rejection abandons it: the output is untouched).
  bool unsigned_new = false;
  if (!key_path.empty()) {
    opt.verify_new = [&](std::string_view new_file) {
      const Status v = sign::VerifyFile(new_file, pubkey);
      if (v.code() == Status::Code::kNotSigned && !require_signature) {
        unsigned_new = true;
        return Status::OK();
      }
      return v;
    };
  }
  auto sink = writer::NewOutputSink(out_path);
  if (!sink->status().ok()) {
    std::fprintf(stderr, "newsdigest patch: %s\n", TerminalSafe(writer::ErrorText(sink->status(), *sink)).c_str());
    return kExitUsage;
  }
  const Status s = delta::ApplyDelta(cmd_patch_detail::Bytes(old_file),
                                     cmd_patch_detail::Bytes(update_file), opt, sink.get());
  if (!s.ok()) {
    // Name the file the reason is about: OLD for a wrong base, the output
    // for an I/O error, the update otherwise.
    std::string who = TerminalSafe(InputName(update_path));
    if (s.code() == Status::Code::kUpdateWrongBase || s.code() == Status::Code::kUpdateReplayed)
      who += " (applied to " + TerminalSafe(InputName(old_path)) + ")";
    if (cmd_patch_detail::IsSignatureCode(s.code())) {
      const std::string kid = sign::KeyIdHex(sign::KeyIdOf(pubkey));
      std::fprintf(stderr, "newsdigest patch: %s: REJECTED, the NEW it makes fails the signature check with key %s: %s%s\n",
                   who.c_str(), kid.c_str(), s.CodeName(),
                   s.code() == Status::Code::kNotSigned ? " (--require-signature)" : "");
      return kExitPartial;
    }
    if (s.code() == Status::Code::kIOError) {
      std::fprintf(stderr, "newsdigest patch: %s\n", TerminalSafe(writer::ErrorText(s, *sink)).c_str());
    } else {
      std::fprintf(stderr, "newsdigest patch: %s: %s\n", who.c_str(), s.message());
    }
    return kExitUsage;
  }
  if (unsigned_new)
    std::fprintf(stderr, "newsdigest patch: warning: %s is not signed (nothing to verify; --require-signature rejects it)\n",
                 TerminalSafe(out_path == "-" ? std::string("the new file") : out_path).c_str());
  return kExitOk;
}

}  // namespace newsdigest::cli
