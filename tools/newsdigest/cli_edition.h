// The options, checks and report printing shared by `merge` and `append`
// (cmd_merge.cc, cmd_append.cc).
#ifndef NEWSDIGEST_TOOLS_CLI_EDITION_H_
#define NEWSDIGEST_TOOLS_CLI_EDITION_H_

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli_common.h"
#include "cli_output.h"
#include "commands.h"
#include "newsdigest/edition/edition.h"
#include "newsdigest/format/container.h"
#include "newsdigest/format/signature.h"

namespace newsdigest::cli {

namespace cli_edition {

// Flags of merge and append: order, expiry, dedup, dictionary files.
struct EditionFlags {
  std::string sort = "input";
  std::string since, max_age;
  uint32_t max_digests = 0;
  bool drop_duplicate_ids = false;
  bool no_dedup = false;
  bool deep_dedup = false;
  std::vector<std::string> dict_files;
  CLI::Option* since_opt = nullptr;  // to tell --since '' from no --since
  CLI::Option* max_age_opt = nullptr;
};

// Says on stderr which inputs are signed when the output will not be (no
// --sign): records are copied, a signature cannot be. Reads only each file's
// trailer (format::ReadTrailerFields, format::TrailerSignatureOffset); an
// input that cannot be read is left to the merge to report.
inline void NoteSignedInputs(const std::vector<std::string>& inputs, bool signing, bool quiet) {
  if (signing || quiet) return;
  for (const std::string& path : inputs) {
    if (path == "-") continue;
    std::ifstream in(path, std::ios::binary);
    if (!in.seekg(-static_cast<std::streamoff>(format::kTrailerSize), std::ios::end)) continue;
    uint8_t t[format::kTrailerSize];
    if (!in.read(reinterpret_cast<char*>(t), sizeof t)) continue;
    format::Trailer fields{};
    if (format::ReadTrailerFields(t, &fields) && format::TrailerSignatureOffset(t) != 0)
      std::fprintf(stderr, "%s: signed; the output is unsigned (records are copied, the signature is not: add --sign KEY)\n",
                   path.c_str());
  }
}

// What merge and append share on their command line: the output, the
// edition flags, -q and --sign.
struct EditionCommand {
  std::string output;
  bool quiet = false;
  EditionFlags flags;
  OutputSigner signer;
};

// Adds -o, then the command's own options (`own`, may be empty), then the
// edition flags (merge: with --sort, --drop-duplicate-ids and
// --deep-dedup), -q and --sign: the order --help lists them in.
inline void AddEditionCommandOptions(CLI::App& app, EditionCommand* c, bool merge,
                                     const std::function<void()>& own = nullptr) {
  EditionFlags* f = &c->flags;
  app.add_option("-o,--output", c->output, "Output digest file (written atomically); - writes it to standard output")
      ->required();
  if (own) own();
  if (merge)
    app.add_option("--sort", f->sort, "Order of the digests: input (input order) or published (oldest first)")
        ->check(CLI::IsMember({"input", "published"}))
        ->capture_default_str();
  f->since_opt = app.add_option("--since", f->since,
                                "Drop digests published before DATE (ISO 8601: YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM], UTC "
                                "when no zone, or @SECONDS); undated digests are kept");
  f->max_age_opt = app.add_option("--max-age", f->max_age,
                 "Drop digests older than DURATION (e.g. 36h, 7d, 2w) before the reference time: the newest published "
                 "date of the inputs, or the current time if that is earlier (undated digests are kept)");
  app.add_option("--max-digests", f->max_digests, "Keep only the last N dated digests (in output order); undated digests are kept and not counted")
      ->check(WholeNumberIn(1, UINT32_MAX));
  app.add_option("--dict", f->dict_files,
                 "Dictionary file for a dictionary an input names but does not embed (repeat for several)")
      ->allow_extra_args(false);
  app.add_flag("--no-dedup", f->no_dedup, "Do not share the text of identical bodies (as build --no-dedup)");
  if (merge) {
    app.add_flag("--drop-duplicate-ids", f->drop_duplicate_ids,
                 "Keep only the first digest of each id (by default every digest is kept and identical bodies share "
                 "text)");
    app.add_flag("--deep-dedup", f->deep_dedup,
                 "Find identical bodies by decoding every text, not by their compressed bytes: also shares copies "
                 "whose title or language (so summary or dictionary) differs, as one build would; slower");
  }
  app.add_flag("-q,--quiet", c->quiet, "Print nothing but errors");
  c->signer.AddOption(app);
}

// Fills merge options from the flags. @return false (message printed) when a value is malformed.
inline bool ToMergeOptions(const EditionFlags& f, edition::MergeOptions* o) {
  o->sort = f.sort == "published" ? edition::SortOrder::kPublished : edition::SortOrder::kInput;
  const bool since = !f.since.empty() || (f.since_opt != nullptr && f.since_opt->count() > 0);
  const bool max_age = !f.max_age.empty() || (f.max_age_opt != nullptr && f.max_age_opt->count() > 0);
  if (since && !edition::ParseDate(f.since, &o->expiry.since)) {
    std::fprintf(stderr, "--since '%s': not a date (YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or @SECONDS)\n",
                 TerminalSafe(f.since).c_str());
    return false;
  }
  if (max_age && !edition::ParseDuration(f.max_age, &o->expiry.max_age)) {
    std::fprintf(stderr, "--max-age %s: not a duration (a number and s, m, h, d or w, e.g. 7d)\n",
                 TerminalSafe(f.max_age).c_str());
    return false;
  }
  o->expiry.max_digests = f.max_digests;
  o->drop_duplicate_ids = f.drop_duplicate_ids;
  o->dedup = !f.no_dedup;
  o->deep_dedup = f.deep_dedup;
  o->dict_files = f.dict_files;
  return true;
}

// After parsing: refuses `-o -` to a terminal, malformed edition flags and
// a --sign key that cannot be used (`command`, e.g. "newsdigest merge",
// prefixes the key's message). @return false (message printed) when the
// command must exit with kExitUsage; else *o holds the merge options.
inline bool PrepareEditionCommand(const char* command, EditionCommand* c, edition::MergeOptions* o) {
  if (c->output == "-" && isatty(STDOUT_FILENO) != 0) {
    std::fprintf(stderr, "-o -: standard output is a terminal; redirect it to a file or a pipe\n");
    return false;
  }
  if (!ToMergeOptions(c->flags, o)) return false;
  std::string key_err;
  if (!c->signer.Load(&key_err)) {
    std::fprintf(stderr, "%s: %s\n", command, key_err.c_str());
    return false;
  }
  return true;
}

// The output wrapper that signs with --sign's key (unchanged without it).
// REQUIRES: `signer` outlives the wrapper.
inline edition::OutputWrapper SigningWrapper(const OutputSigner& signer) {
  return [&signer](std::unique_ptr<writer::WritableSink> sink) { return signer.Wrap(std::move(sink)); };
}

// Prints warnings, damaged digests and the summary line; @return the exit code.
inline int FinishReport(const Status& st, const edition::MergeReport& r, const std::string& output, bool quiet) {
  for (const std::string& w : r.warnings) std::fprintf(stderr, "%s\n", TerminalSafe(w).c_str());
  for (const edition::DamagedDigest& d : r.damaged) {
    if (d.index >= 0)
      std::fprintf(stderr, "%s: digest %lld (offset %llu) damaged, left out: %s\n", TerminalSafe(d.file).c_str(),
                   static_cast<long long>(d.index), static_cast<unsigned long long>(d.offset), d.why.c_str());
    else
      std::fprintf(stderr, "%s: digest at offset %llu damaged, left out: %s\n", TerminalSafe(d.file).c_str(),
                   static_cast<unsigned long long>(d.offset), d.why.c_str());
  }
  for (const edition::LostDigests& l : r.lost)
    std::fprintf(stderr, "%s: %u of %u digests lost (truncated or damaged)\n", TerminalSafe(l.file).c_str(), l.lost,
                 l.expected);
  const std::string shown = output == "-" ? "<stdout>" : output;
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", TerminalSafe(r.error_text.empty() ? std::string(st.message()) : r.error_text).c_str());
    std::fprintf(stderr, "%s: not written; an existing file is left as it was\n", TerminalSafe(shown).c_str());
    return kExitUsage;
  }
  if (!r.written) {
    std::string why;
    if (r.expired) why += ", " + std::to_string(r.expired) + " expired";
    if (r.dropped_duplicates) why += ", " + std::to_string(r.dropped_duplicates) + " duplicates dropped";
    if (!r.damaged.empty()) why += ", " + std::to_string(r.damaged.size()) + " damaged";
    std::fprintf(stderr, "%s: no digest left to write%s; not written (an existing file is left as it was)\n",
                 TerminalSafe(shown).c_str(), why.empty() ? "" : (" (" + why.substr(2) + ")").c_str());
    return kExitPartial;
  }
  if (!quiet) {
    std::string line = shown + ": " + std::to_string(r.digests) + " digests, " + std::to_string(r.output_bytes) +
                       " bytes";
    if (r.shared) line += "; " + std::to_string(r.shared) + " identical bodies stored once";
    if (r.dropped_duplicates) line += "; " + std::to_string(r.dropped_duplicates) + " duplicates dropped";
    if (r.expired) line += "; " + std::to_string(r.expired) + " expired";
    if (!r.damaged.empty()) line += "; " + std::to_string(r.damaged.size()) + " damaged left out";
    uint32_t lost = 0;
    for (const edition::LostDigests& l : r.lost) lost += l.lost;
    if (lost) line += "; " + std::to_string(lost) + " lost";
    std::fprintf(stderr, "%s\n", TerminalSafe(line).c_str());
  }
  return r.damaged.empty() && r.lost.empty() ? kExitOk : kExitPartial;
}

}  // namespace cli_edition

}  // namespace newsdigest::cli

#endif  // NEWSDIGEST_TOOLS_CLI_EDITION_H_
