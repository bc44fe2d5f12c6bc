// newsdigest salvage DAMAGED.ndg -o OUT.ndg [--dict FILE ...]
//
// A thin shell over core/repair (newsdigest/repair/salvage.h): recovers the
// intact digests of a damaged file into a new, valid one and reports what
// was lost. The report goes to standard error (standard output may carry
// the recovered file: -o -); every id, title and path in it is
// terminal-safe (TerminalSafe).
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli_common.h"
#include "cli_output.h"
#include "digest_file.h"
#include "newsdigest/format/format.h"
#include "newsdigest/format/signature.h"
#include "newsdigest/repair/salvage.h"
#include "newsdigest/sign/sign.h"

namespace newsdigest::cli {
namespace cmd_salvage_detail {

// What the input's signature says, found before salvaging (the output is a
// new file: it carries no signature unless --sign). `notice` is empty for
// an input that claims no signature; `rejected` is set when `key` was
// given and the input does not verify with it.
struct InputSignature {
  std::string notice;
  bool rejected = false;
};

inline InputSignature CheckInputSignature(const std::string& path, const std::string& name, const sign::PublicKey* key,
                                          bool signing) {
  InputSignature out;
  DigestFile f;
  std::string err;
  if (f.Load(path, &err) != ND_OK) return out;  // salvage reports the input's problem itself
  const std::string_view bytes(reinterpret_cast<const char*>(f.data()), static_cast<size_t>(f.size()));
  const bool claims = bytes.size() > format::kPreambleSize &&
                      std::memcmp(bytes.data(), format::kFileMagic, sizeof format::kFileMagic) == 0 &&
                      static_cast<uint8_t>(bytes[5]) >= format::kSignedVersionMinor;
  sign::KeyId id{};
  const Status found = sign::FindSigner(bytes, &id);
  const std::string unsigned_note = signing ? "" : "; the output is unsigned unless --sign";
  if (found.ok()) {
    out.notice = name + ": input was signed (key id " + sign::KeyIdHex(id) + ")" + unsigned_note;
  } else if (claims) {
    out.notice = name + ": input was signed (its signature record is unreadable: " + found.CodeName() + ")" +
                 unsigned_note;
  }
  if (key != nullptr) {
    const Status v = sign::VerifyFile(bytes, *key);
    if (!v.ok()) {
      out.rejected = true;
      out.notice += (out.notice.empty() ? "" : "\n") + name + ": signature check with key " +
                    sign::KeyIdHex(sign::KeyIdOf(*key)) + " FAILED: " + v.CodeName();
    } else {
      out.notice += (out.notice.empty() ? "" : "\n") + name + ": signature verified with key " +
                    sign::KeyIdHex(sign::KeyIdOf(*key));
    }
  } else if (!out.notice.empty()) {
    out.notice += " (not verified: pass --key PUB to check it)";
  }
  return out;
}

}  // namespace cmd_salvage_detail

int RunSalvage(int argc, char** argv) {
  CLI::App app{"Recover the intact digests of a damaged digest file into a new, valid file.\n"
               "FILE may be - (standard input; at most 256 MiB is read from a pipe or device) and\n"
               "-o may be - (standard output, not a terminal). The report goes to standard error.\n"
               "Digests whose dictionary the file names but does not embed are recovered only\n"
               "with that dictionary given by --dict FILE; otherwise one line names its id.\n"
               "Exit 0 when every digest was recovered (also when the index or trailer had to be\n"
               "rebuilt), 2 when some digests were lost or their number is unknown (damaged file\n"
               "header), 2 and nothing written when no digest was recovered (an existing output\n"
               "is left as it was), 1 on fatal errors.",
               "newsdigest salvage"};
  std::string in_path, out_path;
  std::vector<std::string> dict_paths;
  app.add_option("file", in_path, "Damaged digest file (- for standard input)")->required();
  app.add_option("-o,--output", out_path,
                 "Output digest file, written atomically (- for standard output)")
      ->required();
  app.add_option("--dict", dict_paths, "Dictionary file(s) for digest files that do not embed theirs")
      ->allow_extra_args(false);  // one file per --dict (repeat it), so inputs can follow
  OutputSigner signer;
  signer.AddOption(app);
  std::string key_path;
  app.add_option("--key", key_path,
                 "Public key file: check the input's signature with it first (exit 2 when it fails; the "
                 "recovered file is still written, but not with --sign)");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  if (out_path.empty()) {
    std::fprintf(stderr, "newsdigest salvage: -o needs a path (or - for standard output)\n");
    return kExitUsage;
  }
  if (out_path == "-" && isatty(STDOUT_FILENO) != 0) {
    std::fprintf(stderr, "-o -: standard output is a terminal; redirect it to a file or a pipe\n");
    return kExitUsage;
  }
  std::string key_err;
  if (!signer.Load(&key_err)) {
    std::fprintf(stderr, "newsdigest salvage: %s\n", key_err.c_str());
    return kExitUsage;
  }
  const std::string in_name = TerminalSafe(InputName(in_path));
  const std::string out_name = out_path == "-" ? std::string("standard output") : TerminalSafe(out_path);
  sign::PublicKey pubkey{};
  if (!key_path.empty()) {
    if (!LoadVerifyKey("salvage", key_path, &pubkey)) return kExitUsage;
    if (in_path == "-") {
      std::fprintf(stderr, "newsdigest salvage: --key needs a file, not standard input\n");
      return kExitUsage;
    }
  }
  // The input's signature, read before salvage writes anything (a file
  // only: standard input is read once, by salvage).
  cmd_salvage_detail::InputSignature sig;
  if (in_path != "-")
    sig = cmd_salvage_detail::CheckInputSignature(in_path, in_name, key_path.empty() ? nullptr : &pubkey,
                                                  signer.enabled());
  for (size_t at = 0; at < sig.notice.size();) {  // one line at a time (TerminalSafe escapes \n)
    size_t end = sig.notice.find('\n', at);
    if (end == std::string::npos) end = sig.notice.size();
    std::fprintf(stderr, "%s\n", TerminalSafe(sig.notice.substr(at, end - at)).c_str());
    at = end + 1;
  }

  // Signing what the publisher's key just refused would vouch for it.
  if (sig.rejected && signer.enabled()) {
    std::fprintf(stderr,
                 "newsdigest salvage: %s: its signature check failed, so its content is not re-signed; %s not "
                 "written (drop --sign to recover it unsigned)\n",
                 in_name.c_str(), out_name.c_str());
    return kExitPartial;
  }
  repair::SalvageReport report;
  const Status s = repair::SalvageFile(in_path, out_path, dict_paths, &report,
                                       [&](std::unique_ptr<writer::WritableSink> sink) { return signer.Wrap(std::move(sink)); });
  for (const std::string& w : report.warnings)
    std::fprintf(stderr, "%s: %s\n", in_name.c_str(), TerminalSafe(w).c_str());
  if (!s.ok()) {
    std::string msg = report.error_text.empty() ? in_path + ": " + std::string(s.message()) : report.error_text;
    std::fprintf(stderr, "newsdigest salvage: %s\n", TerminalSafe(msg).c_str());
    return kExitUsage;
  }
  for (const repair::LostDigest& l : report.lost_digests) {
    const std::string label = l.id.empty() ? std::string("(metadata unreadable)")
                                           : "'" + TerminalSafe(l.id) + "' (" + TerminalSafe(l.title) + ")";
    if (l.index >= 0) {
      std::fprintf(stderr, "lost: digest %lld at offset %llu: %s\n", static_cast<long long>(l.index),
                   static_cast<unsigned long long>(l.offset), l.why.c_str());
    } else {
      std::fprintf(stderr, "lost: digest at offset %llu %s: %s\n", static_cast<unsigned long long>(l.offset),
                   label.c_str(), l.why.c_str());
    }
  }
  for (const repair::MissingDictionary& m : report.missing_dictionaries)
    std::fprintf(stderr, "%s\n", MissingDictionaryLine(in_name, m.id, m.digests, false).c_str());
  if (report.lost_unnamed > 0)
    std::fprintf(stderr, "lost: %u more digest(s) the header counts could not be found\n", report.lost_unnamed);
  if (!report.written) {
    std::fprintf(stderr, "%s: no digest recovered, %u lost; %s not written (an existing file is left as it was)\n",
                 in_name.c_str(), report.lost, out_name.c_str());
    return kExitPartial;
  }
  std::fprintf(stderr, "%s: %u digest(s) recovered into %s, %u lost%s%s\n", in_name.c_str(), report.recovered,
               out_name.c_str(), report.lost,
               report.header_damaged ? " (file header was damaged: count of lost digests unknown)" : "",
               report.index_damaged && !report.header_damaged ? " (index was damaged and rebuilt)" : "");
  return report.complete() && !sig.rejected ? kExitOk : kExitPartial;
}

}  // namespace newsdigest::cli
