// Output helpers shared by the CLI subcommands:
//  - standard output whose every write is checked (a full disk, a closed
//    descriptor or a closed pipe is never silently ignored);
//  - text from digest files made safe for terminals (control characters
//    escaped) and measured in terminal columns (CJK two, marks zero);
//  - JSON text with every control character escaped;
//  - a date formatter that cannot overflow;
//  - "did you mean" hints for mistyped commands and flags.
// Everything here is for the single-threaded CLI process (standard output is
// process-wide state).
#ifndef NEWSDIGEST_TOOLS_CLI_OUTPUT_H_
#define NEWSDIGEST_TOOLS_CLI_OUTPUT_H_

#include <nlohmann/json_fwd.hpp>

#include "newsdigest/sign/sign.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

namespace newsdigest::cli {

// ---------------------------------------------------------------------------
// Standard output.
//
// Convention for a closed pipe (`newsdigest ls x.ndg | head -1`): the process
// ends quietly the Unix way. main() restores the default SIGPIPE action
// (RestoreDefaultSigpipe), so the first write into a closed pipe ends the
// process by SIGPIPE with no message (a shell reports status 141, as for
// `cat` or `grep`). If SIGPIPE is blocked, writes fail with EPIPE instead;
// FinishStdout then exits with kExitBrokenPipe (141) without a message too.
//
// Any other write failure (`> /dev/full`, a closed descriptor) prints one
// line `newsdigest: standard output: <strerror>` and the command exits 1.
//
// Commands may print with printf/fwrite/std::cout (all reach stdio's stdout);
// main() calls FinishStdout after every command, which catches the failure
// through ferror/fflush. OutWrite/OutPrintf additionally record the errno of
// the first failed write (the precise reason) and let long loops stop early
// through StdoutFailed().
// ---------------------------------------------------------------------------

// 128 + SIGPIPE: the exit status of a process that wrote into a closed pipe.
inline constexpr int kExitBrokenPipe = 141;

// Sets SIGPIPE to its default action (a parent may have left it ignored).
void RestoreDefaultSigpipe();

// Writes `s` to stdout; records the first failure.
void OutWrite(std::string_view s);
// printf to stdout; records the first failure.
void OutPrintf(const char* format, ...) __attribute__((format(printf, 1, 2)));
// True once a write to stdout has failed (the output is incomplete): loops
// producing much output should stop.
bool StdoutFailed();
// Flushes stdout and checks that everything written reached it. Returns
// `code` if so; otherwise prints `newsdigest: standard output: <reason>` on
// stderr and returns 1 (kExitUsage), or returns kExitBrokenPipe quietly for
// EPIPE. Idempotent: main() calls it after every command.
int FinishStdout(int code);

// ---------------------------------------------------------------------------
// Text from digest files, for terminals.
// ---------------------------------------------------------------------------

// `s` with every byte sequence a terminal could interpret escaped: C0
// controls and DEL as `\xNN` (ESC -> `\x1b`), C1 controls (U+0080..U+009F)
// as `\u00NN`, bidi controls (U+200E, U+200F, U+202A..U+202E,
// U+2066..U+2069) as `\uNNNN`, bytes that are not UTF-8 as `\xNN`. With keep_newlines, LF
// and TAB stay (for multi-line bodies); CR is always escaped. Everything
// else, backslashes included, is unchanged.
std::string TerminalSafe(std::string_view s, bool keep_newlines = false);

// Terminal columns of UTF-8 text: East Asian wide and fullwidth characters
// take 2, combining marks and format characters 0, everything else 1
// (invalid bytes count 1). Control characters should be escaped first.
size_t DisplayWidth(std::string_view utf8);

// `utf8` cut on a character boundary to at most `columns` terminal columns,
// ending in "…" when something was cut. Never splits a UTF-8 character.
std::string FitColumns(std::string_view utf8, size_t columns);

// `utf8` followed by spaces up to `columns` terminal columns.
std::string PadColumns(std::string_view utf8, size_t columns);

// ---------------------------------------------------------------------------
// JSON.
// ---------------------------------------------------------------------------

// j.dump(indent) with invalid UTF-8 replaced by U+FFFD and, beyond the C0
// controls (which JSON escapes itself), DEL and the C1 controls escaped as
// \u007f, \u0080..\u009f, so that JSON printed on a terminal is inert too.
// indent < 0: one line (JSON Lines).
std::string JsonText(const nlohmann::ordered_json& j, int indent = -1);

// ---------------------------------------------------------------------------
// Dates.
// ---------------------------------------------------------------------------

// ISO 8601 UTC, "YYYY-MM-DDTHH:MM:SSZ", of seconds since 1970. Values outside
// years 0001..9999 (only a damaged or crafted file holds them) are clamped
// to 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z; never overflows.
std::string FormatUtcTime(int64_t seconds);

// ---------------------------------------------------------------------------
// Hints for typos.
// ---------------------------------------------------------------------------

// Optimal-string-alignment distance: insertions, deletions, substitutions
// and transpositions of adjacent characters each cost 1 (biuld -> build: 1).
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate nearest to `typed`, or "" when none is close: at most 2
// edits and fewer than half of the typed length, or `typed` is a prefix of
// exactly one candidate. Ties go to the first candidate.
std::string NearestName(std::string_view typed, const std::vector<std::string>& candidates);

// CLI11 parsing with the CLI's exit-code convention, plus a hint for
// mistyped flags: returns true to continue; otherwise *code is the exit code
// (0 for --help, 1 for a usage error, whose message is printed). For an
// unexpected argument that looks like a flag (`--sentence`), adds
// `did you mean '--sentences'?` naming the nearest flag of `app`.
bool ParseCommandLine(CLI::App& app, int argc, char** argv, int* code);

// The hint lines for `extras` (arguments CLI11 did not expect), one
// "newsdigest: did you mean '--x'? ('--y' is not an option)" line each for
// those that look like flags with a near option of `app`. Empty if none.
std::string FlagHints(const CLI::App& app, const std::vector<std::string>& extras);

// ---------------------------------------------------------------------------
// Signed output (issue 18): every command that writes a digest file offers
// `--sign KEY` through this one helper.
//   OutputSigner signer;
//   signer.AddOption(app);                       // --sign KEY
//   ... parse ...
//   if (!signer.Load(&err)) { print err; return kExitUsage; }   // before any work
//   auto sink = signer.Wrap(writer::NewOutputSink(path));       // unchanged without --sign
// The key file is read (and refused when group/other may read it) by Load;
// Wrap returns a sink that signs the finished file at Commit()
// (sign::NewSigningSink), so the output appears signed and whole, or not at all.
// ---------------------------------------------------------------------------
class OutputSigner {
 public:
  void AddOption(CLI::App& app);
  // Reads the key named by --sign (nothing to do without it). False with
  // *err (one line naming the file and the reason) on failure.
  bool Load(std::string* err);
  bool enabled() const { return key_.has_value(); }
  std::unique_ptr<writer::WritableSink> Wrap(std::unique_ptr<writer::WritableSink> sink) const;
  // "signed with key id <16 hex>" (empty without --sign): for reports.
  std::string Describe() const;

 private:
  std::string path_;
  std::optional<sign::SecretKey> key_;
};

// The public key of a `--key PUB` option (verify, patch, salvage). False,
// after printing "newsdigest <command>: <file>: <reason>" to stderr, when it
// cannot be read. A secret key file is accepted (its public half is used)
// with a warning: checking files needs only KEY.pub.
bool LoadVerifyKey(const char* command, const std::string& path, sign::PublicKey* key);

// One phrase for a file's signature as ls/show print it, without verifying:
// "signed by key id <16 hex> (not verified; newsdigest verify --key KEY.pub)",
// "unsigned", or "signature record malformed". *key_id gets the hex id when signed.
std::string SignatureSummary(const uint8_t* data, uint64_t size, std::string* key_id = nullptr,
                             bool* is_signed = nullptr);

}  // namespace newsdigest::cli

#endif  // NEWSDIGEST_TOOLS_CLI_OUTPUT_H_
