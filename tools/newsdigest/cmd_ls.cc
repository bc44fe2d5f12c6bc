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

// One listed digest, its strings copied (in text form: escaped later).
struct Row {
  uint32_t index = 0;
  uint64_t offset = 0;
  std::string id, title, source, lang;
  int64_t published = 0;
};

struct Problem {
  uint32_t index = 0;
  bool has_offset = false;
  uint64_t offset = 0;
  std::string error;
};

// Text mode prints at most this many per-digest problem lines, then one
// line with the rest's count (a damaged file must not flood the terminal).
constexpr size_t kMaxProblemLines = 10;
// The source column is at most this many terminal columns wide.
constexpr size_t kMaxSourceColumns = 24;

Row MakeRow(uint32_t index, uint64_t offset, const nd_meta& m) {
  Row r;
  r.index = index;
  r.offset = offset;
  r.id = std::string(View(m.id));
  r.title = std::string(View(m.title));
  r.source = std::string(View(m.source));
  r.lang = std::string(View(m.lang));
  r.published = m.published;
  return r;
}

constexpr const char* kFooter =
    "Pipes and scripts:\n"
    "  cat x.ndg | newsdigest ls -      read the digest file from standard input (held in memory, at most 256 MiB)\n"
    "  newsdigest ls x.ndg | head -1    ends quietly when the reader stops (SIGPIPE: shell status 141)\n"
    "  newsdigest ls x.ndg --json       one JSON document:\n"
    "      {\"file\", \"digests\" (count in the header), \"readable\", \"index_damaged\",\n"
    "       \"list\": [{\"index\", \"id\", \"title\", \"source\", \"lang\", \"published\" (ISO 8601 UTC or null)}],\n"
    "       \"problems\": [{\"index\", \"offset\" (or null), \"error\"}]}\n"
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
  std::vector<d::Row> rows;
  std::vector<d::Problem> problems;
  if (!damaged_index) {
    for (uint32_t i = 0; i < n; ++i) {
      nd_meta m;
      uint64_t off = 0;
      nd_status s = nd_reader_offset(r, i, &off);
      if (s == ND_OK) s = nd_reader_meta_at(r, off, &m);
      if (s != ND_OK) {
        problems.push_back({i, s != ND_ERR_NOT_FOUND, off, nd_status_str(s)});
        continue;
      }
      rows.push_back(d::MakeRow(i, off, m));
    }
  } else {
    // One linear scan instead of one per digest; the numbering is the
    // reader's (the k-th intact digest record), so `show k` shows row k.
    uint64_t pos = 0, off = 0;
    uint32_t kind = 0, k = 0;
    while (nd_reader_scan(r, &pos, &off, &kind) == ND_OK) {
      if (kind != 1) continue;
      nd_meta m;
      const nd_status s = nd_reader_meta_at(r, off, &m);
      if (s != ND_OK) {
        problems.push_back({k++, true, off, nd_status_str(s)});
        continue;
      }
      rows.push_back(d::MakeRow(k++, off, m));
    }
  }
  const uint64_t readable = rows.size();
  const bool complete = !damaged_index && problems.empty();
  const std::string name = TerminalSafe(f.name());

  if (json) {
    nlohmann::ordered_json j;
    j["file"] = f.name();
    j["digests"] = n;
    j["readable"] = readable;
    j["index_damaged"] = damaged_index;
    auto& list = j["list"] = nlohmann::ordered_json::array();
    for (const auto& row : rows) {
      nlohmann::ordered_json e;
      e["index"] = row.index;
      e["id"] = row.id;
      e["title"] = row.title;
      e["source"] = row.source;
      e["lang"] = row.lang;
      e["published"] = row.published ? nlohmann::ordered_json(FormatUtcTime(row.published)) : nlohmann::ordered_json();
      list.push_back(std::move(e));
    }
    auto& pj = j["problems"] = nlohmann::ordered_json::array();
    for (const auto& p : problems)
      pj.push_back({{"index", p.index},
                    {"offset", p.has_offset ? nlohmann::ordered_json(p.offset) : nlohmann::ordered_json()},
                    {"error", p.error}});
    OutWrite(JsonText(j, 2));
    OutWrite("\n");
  } else {
    // Columns aligned by terminal width (CJK counts two, marks zero).
    size_t source_cols = 1, index_cols = 1;
    std::vector<std::string> sources;
    sources.reserve(rows.size());
    for (const auto& row : rows) {
      sources.push_back(FitColumns(row.source.empty() ? "-" : TerminalSafe(row.source), d::kMaxSourceColumns));
      source_cols = std::max(source_cols, DisplayWidth(sources.back()));
      index_cols = std::max(index_cols, std::to_string(row.index).size());
    }
    for (size_t k = 0; k < rows.size() && !StdoutFailed(); ++k) {
      const auto& row = rows[k];
      const std::string date = row.published ? FormatUtcTime(row.published).substr(0, 10) : std::string("-");
      const std::string title =
          row.title.empty() ? "(untitled: " + TerminalSafe(row.id) + ")" : TerminalSafe(row.title);
      OutPrintf("%*u  %-10s  %s  %s\n", static_cast<int>(index_cols), row.index, date.c_str(),
                PadColumns(sources[k], source_cols).c_str(), title.c_str());
    }
  }
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
    if (problems.size() > d::kMaxProblemLines)
      std::fprintf(stderr, "%s: ... and %zu more unreadable digests (--json lists them all)\n", name.c_str(),
                   problems.size() - d::kMaxProblemLines);
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
