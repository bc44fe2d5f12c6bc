// newsdigest ls FILE [--json]
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_common.h"
#include "cli_output.h"
#include "digest_file.h"

namespace newsdigest::cli {
namespace cmd_ls_detail {

struct Problem {
  uint32_t index = 0;
  bool has_offset = false;
  uint64_t offset = 0;
  std::string error;
};

// Text mode prints at most this many per-digest problem lines, then one
// line with the rest's count (a damaged file must not flood the terminal).
constexpr size_t kMaxProblemLines = 10;
// --json lists at most this many problems ("unreadable" counts them all).
constexpr size_t kMaxJsonProblems = 100000;
// The source column is at most this many terminal columns wide.
constexpr size_t kMaxSourceColumns = 24;

std::string SourceCell(const nd_meta& m) {
  return m.source.len == 0 ? std::string("-") : FitColumns(TerminalSafe(View(m.source)), kMaxSourceColumns);
}

constexpr const char* kFooter =
    "Pipes and scripts:\n"
    "  cat x.ndg | newsdigest ls -      read the digest file from standard input (held in memory, at most 256 MiB)\n"
    "  newsdigest ls x.ndg | head -1    ends quietly when the reader stops (SIGPIPE: shell status 141)\n"
    "  newsdigest ls x.ndg --json       one JSON document:\n"
    "      {\"file\", \"digests\" (count in the header), \"index_damaged\",\n"
    "       \"list\": [{\"index\", \"id\", \"title\", \"source\", \"lang\", \"published\" (ISO 8601 UTC or null)}],\n"
    "       \"readable\", \"unreadable\", \"problems\": [{\"index\", \"offset\" (or null), \"error\"}]}\n"
    "      (one list entry per line, streamed; at most 100000 problems are listed)\n"
    "Text output escapes control characters (ESC -> \\x1b); JSON escapes them as \\u001b.\n"
    "When the index is damaged (a truncated file), the digests are found by one scan and numbered in file order,\n"
    "as `show` numbers them.\n"
    "Exit status: 0 all listed; 2 some digests unreadable (stderr says how many are readable);\n"
    "1 the file cannot be read, a usage error, or standard output failed.";

}  // namespace cmd_ls_detail

int RunLs(int argc, char** argv) {
  namespace d = cmd_ls_detail;
  CLI::App app{"List the digests of a file: index, date, source, title.", "newsdigest ls"};
  std::string path;
  bool json = false;
  app.add_option("file", path, "Digest file, or - for standard input")->required();
  app.add_flag("--json", json, "Print one JSON document (see below)");
  app.footer(d::kFooter);
  int code = 0;
  if (!ParseCommandLine(app, argc, argv, &code)) return code;
  DigestFile f;
  std::string err;
  if (f.Open(path, &err) != ND_OK) {
    std::fprintf(stderr, "%s\n", TerminalSafe(err).c_str());
    return kExitUsage;
  }
  nd_reader* r = f.reader();
  const uint32_t n = nd_reader_count(r);
  const bool damaged_index = nd_reader_index_damaged(r) != 0;
  // Digests are visited twice in text mode (column widths, then rows) rather
  // than held in memory: metadata needs no decompression.
  uint64_t readable = 0, unreadable = 0;
  std::vector<d::Problem> problems;  // the first ones only
  const size_t keep = json ? d::kMaxJsonProblems : d::kMaxProblemLines;
  auto meta_of = [&](uint32_t i, uint64_t off, nd_status s, nd_meta* m) {
    if (s == ND_OK) s = nd_reader_meta_at(r, off, m);
    if (s == ND_OK) return true;
    if (problems.size() < keep) problems.push_back({i, s != ND_ERR_NOT_FOUND, off, nd_status_str(s)});
    ++unreadable;
    return false;
  };
  if (json) {
    // Streamed: one list entry per line, the counts after the list.
    OutWrite("{\"file\": " + JsonText(f.name()) + ", \"digests\": " + std::to_string(n) +
             ", \"index_damaged\": " + (damaged_index ? "true" : "false") + ",\n \"list\": [");
    ForEachDigest(r, [&](uint32_t i, uint64_t off, nd_status s) {
      nd_meta m;
      if (!meta_of(i, off, s, &m)) return true;
      nlohmann::ordered_json e;
      e["index"] = i;
      e["id"] = std::string(View(m.id));
      e["title"] = std::string(View(m.title));
      e["source"] = std::string(View(m.source));
      e["lang"] = std::string(View(m.lang));
      e["published"] = m.published ? nlohmann::ordered_json(FormatUtcTime(m.published)) : nlohmann::ordered_json();
      OutWrite((readable++ == 0 ? "\n  " : ",\n  ") + JsonText(e));
      return !StdoutFailed();
    });
    nlohmann::ordered_json pj = nlohmann::ordered_json::array();
    for (const auto& p : problems)
      pj.push_back({{"index", p.index},
                    {"offset", p.has_offset ? nlohmann::ordered_json(p.offset) : nlohmann::ordered_json()},
                    {"error", p.error}});
    std::string key_id;
    bool is_signed = false;
    SignatureSummary(f.data(), f.size(), &key_id, &is_signed);
    const nlohmann::ordered_json sig = {{"signed", is_signed},
                                        {"key_id", is_signed ? nlohmann::ordered_json(key_id) : nlohmann::ordered_json()}};
    OutWrite(std::string(readable ? "\n ]" : "]") + ",\n \"readable\": " + std::to_string(readable) +
             ", \"unreadable\": " + std::to_string(unreadable) + ",\n \"problems\": " + JsonText(pj) +
             ",\n \"signature\": " + JsonText(sig) + "}\n");
  } else {
    // Columns aligned by terminal width (CJK counts two, marks zero).
    size_t source_cols = 1, index_cols = 1;
    ForEachDigest(r, [&](uint32_t i, uint64_t off, nd_status s) {
      nd_meta m;
      if (!meta_of(i, off, s, &m)) return true;
      ++readable;
      source_cols = std::max(source_cols, DisplayWidth(d::SourceCell(m)));
      index_cols = std::max(index_cols, std::to_string(i).size());
      return true;
    });
    ForEachDigest(r, [&](uint32_t i, uint64_t off, nd_status s) {
      nd_meta m;
      if (s != ND_OK || nd_reader_meta_at(r, off, &m) != ND_OK) return true;
      const std::string date = m.published ? FormatUtcTime(m.published).substr(0, 10) : std::string("-");
      const std::string title = m.title.len == 0 ? "(untitled: " + TerminalSafe(View(m.id)) + ")"
                                                 : TerminalSafe(View(m.title));
      OutPrintf("%*u  %-10s  %s  %s\n", static_cast<int>(index_cols), i, date.c_str(),
                PadColumns(d::SourceCell(m), source_cols).c_str(), title.c_str());
      return !StdoutFailed();
    });
    // One line more only for a signed file (a plain listing stays one line
    // per digest); --json always says.
    bool is_signed = false;
    const std::string sig = SignatureSummary(f.data(), f.size(), nullptr, &is_signed);
    if (is_signed) OutPrintf("(%s)\n", sig.c_str());
  }
  const bool complete = !damaged_index && unreadable == 0;
  const std::string name = TerminalSafe(f.name());
  if (complete) return kExitOk;
  if (!json) {
    for (size_t k = 0; k < problems.size() && k < d::kMaxProblemLines; ++k) {
      const auto& p = problems[k];
      if (p.has_offset)
        std::fprintf(stderr, "%s: digest %u (offset %llu): %s\n", name.c_str(), p.index,
                     static_cast<unsigned long long>(p.offset), p.error.c_str());
      else
        std::fprintf(stderr, "%s: digest %u: %s\n", name.c_str(), p.index, p.error.c_str());
    }
    if (unreadable > problems.size())
      std::fprintf(stderr, "%s: ... and %llu more unreadable digests (--json lists them)\n", name.c_str(),
                   static_cast<unsigned long long>(unreadable - problems.size()));
  }
  if (damaged_index)
    std::fprintf(stderr,
                 "%s: index damaged (truncated or overwritten file): %llu of %u digests readable, found by scanning; "
                 "`newsdigest salvage` copies them into a new file\n",
                 name.c_str(), static_cast<unsigned long long>(readable), n);
  else
    std::fprintf(stderr, "%s: %llu of %u digests readable\n", name.c_str(), static_cast<unsigned long long>(readable),
                 n);
  return kExitPartial;
}

}  // namespace newsdigest::cli
