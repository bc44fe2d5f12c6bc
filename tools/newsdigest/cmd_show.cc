// newsdigest show FILE INDEX [--body] [--json | --jsonl]
// newsdigest show FILE --all [--jsonl]
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_common.h"
#include "cli_output.h"
#include "digest_file.h"

namespace newsdigest::cli {
namespace cmd_show_detail {

// One digest with its strings copied. A part the reader could not produce
// has a status other than ND_OK (ND_ERR_DICTIONARY_MISSING: the metadata
// is there, the text needs a dictionary).
struct Digest {
  uint32_t index = 0;
  std::string id, title, source, place, byline, url, lang;
  int64_t published = 0;
  uint32_t dict_id = 0;
  std::vector<std::string> keywords, summary;
  std::string body;
  nd_status summary_status = ND_ERR_NOT_FOUND;
  nd_status body_status = ND_ERR_NOT_FOUND;
};

// Text mode prints at most this many per-digest problem lines.
constexpr size_t kMaxProblemLines = 10;

// Reads the digest whose record is at `offset`. Returns the metadata's
// status; the summary's and body's (when wanted) are in *out.
nd_status Load(nd_reader* r, uint32_t index, uint64_t offset, bool want_body, Digest* out) {
  nd_meta m;
  nd_status s = nd_reader_meta_at(r, offset, &m);
  if (s != ND_OK) return s;
  Digest& g = *out;
  g.index = index;
  g.id = std::string(View(m.id));
  g.title = std::string(View(m.title));
  g.source = std::string(View(m.source));
  g.place = std::string(View(m.place));
  g.byline = std::string(View(m.byline));
  g.url = std::string(View(m.url));
  g.lang = std::string(View(m.lang));
  g.published = m.published;
  g.dict_id = m.dict_id;
  const uint32_t kw = m.keyword_count < ND_MAX_KEYWORDS ? m.keyword_count : ND_MAX_KEYWORDS;
  for (uint32_t k = 0; k < kw; ++k) g.keywords.emplace_back(View(m.keywords[k]));
  // The summary strings live in the workspace until the next call: copied.
  std::vector<nd_str> sent(static_cast<size_t>(m.summary_count) + 1);
  uint32_t count = 0;
  g.summary_status = nd_reader_summary_at(r, offset, sent.data(), static_cast<uint32_t>(sent.size()), &count);
  if (g.summary_status == ND_OK)
    for (uint32_t k = 0; k < count; ++k) g.summary.emplace_back(View(sent[k]));
  if (want_body) {
    nd_limits lim;
    nd_reader_limits(r, &lim);
    if (m.text_size > lim.max_text_size) {
      g.body_status = ND_ERR_CORRUPT;  // larger than the header allows
    } else {
      g.body.resize(m.text_size);
      size_t len = 0;
      g.body_status = nd_reader_body_at(r, offset, g.body.data(), g.body.size(), &len);
      g.body.resize(g.body_status == ND_OK ? len : 0);
    }
  }
  return ND_OK;
}

nlohmann::ordered_json Published(int64_t t) {
  return t ? nlohmann::ordered_json(FormatUtcTime(t)) : nlohmann::ordered_json();
}

// The JSON object of a digest: the field names `build` reads from JSONL.
nlohmann::ordered_json ToJson(const Digest& g, bool with_index, bool with_body) {
  nlohmann::ordered_json j;
  if (with_index) j["index"] = g.index;
  j["id"] = g.id;
  j["title"] = g.title;
  j["source"] = g.source;
  j["place"] = g.place;
  j["byline"] = g.byline;
  j["url"] = g.url;
  j["published"] = Published(g.published);
  j["lang"] = g.lang;
  j["keywords"] = g.keywords;
  j["summary"] = g.summary_status == ND_OK ? nlohmann::ordered_json(g.summary) : nlohmann::ordered_json();
  if (with_body) j["body"] = g.body_status == ND_OK ? nlohmann::ordered_json(g.body) : nlohmann::ordered_json();
  return j;
}

void PrintText(const Digest& g, bool with_body) {
  auto line = [](const char* k, const std::string& v) {
    if (!v.empty()) OutPrintf("%-9s %s\n", k, TerminalSafe(v).c_str());
  };
  line("title:", g.title);
  line("id:", g.id);
  line("source:", g.source);
  line("place:", g.place);
  line("byline:", g.byline);
  line("url:", g.url);
  if (g.published) line("date:", FormatUtcTime(g.published));
  line("lang:", g.lang);
  std::string kw;
  for (const auto& k : g.keywords) kw += (kw.empty() ? "" : ", ") + k;
  line("keywords:", kw);
  if (g.summary_status == ND_OK) {
    OutWrite("\nsummary:\n");
    for (const auto& s : g.summary) OutPrintf("  - %s\n", TerminalSafe(s).c_str());
  }
  if (with_body && g.body_status == ND_OK) OutPrintf("\n%s\n", TerminalSafe(g.body, /*keep_newlines=*/true).c_str());
}

constexpr const char* kFooter =
    "Pipes and scripts:\n"
    "  cat x.ndg | newsdigest show - 3           read the digest file from standard input (at most 256 MiB)\n"
    "  newsdigest show x.ndg --all --jsonl       every digest as JSON Lines, one object per line:\n"
    "      {\"id\", \"title\", \"source\", \"place\", \"byline\", \"url\", \"published\" (ISO 8601 UTC or null),\n"
    "       \"lang\", \"keywords\", \"summary\", \"body\"}: the fields `build` reads, so\n"
    "  newsdigest show x.ndg --all --jsonl | newsdigest build -o y.ndg -    repacks the articles\n"
    "  newsdigest show x.ndg 3 --json [--body]   one pretty JSON object (plus \"index\"; \"body\" with --body)\n"
    "  newsdigest show x.ndg --all               every digest as text, each after a line \"=== digest N ===\"\n"
    "Metadata and headline need no dictionary: without the one a file names (--dict), they are still printed,\n"
    "summary and body are not (null in JSON; --jsonl skips such digests), and one line says which dictionary.\n"
    "Text output escapes control characters (ESC -> \\x1b); JSON escapes them as \\u001b.\n"
    "Exit status: 0 printed in full; 2 some digests or parts unreadable (said on stderr);\n"
    "1 the file cannot be read, no such digest, a usage error, or standard output failed.";

}  // namespace cmd_show_detail

int RunShow(int argc, char** argv) {
  namespace d = cmd_show_detail;
  CLI::App app{"Print one digest (metadata, keywords, summary, with --body the full body), or all of them with --all.",
               "newsdigest show"};
  std::string path;
  uint32_t index = 0;
  bool body = false, json = false, jsonl = false, all = false;
  std::vector<std::string> dicts;
  app.add_option("file", path, "Digest file, or - for standard input")->required();
  auto* index_opt = app.add_option("index", index, "Digest index (0-based, as listed by ls)");
  auto* all_opt = app.add_flag("--all", all, "Print every digest");
  index_opt->excludes(all_opt);
  app.add_flag("--body", body, "Also print the full body (always in --jsonl)");
  auto* json_opt = app.add_flag("--json", json, "Print one pretty JSON object");
  auto* jsonl_opt = app.add_flag("--jsonl", jsonl, "Print JSON Lines: one object per digest, body included");
  json_opt->excludes(jsonl_opt);
  json_opt->excludes(all_opt);
  app.add_option("--dict", dicts, "Dictionary file for digest files that do not embed theirs (repeatable)")
      ->allow_extra_args(false);
  app.footer(d::kFooter);
  int code = 0;
  if (!ParseCommandLine(app, argc, argv, &code)) return code;
  if (!all && index_opt->count() == 0) {
    std::fprintf(stderr, "newsdigest show: give a digest index (see `newsdigest ls`) or --all\n"
                         "Run with --help for more information.\n");
    return kExitUsage;
  }
  if (jsonl) body = true;
  DigestFile f;
  std::string err;
  if (f.Open(path, &err) != ND_OK) {
    std::fprintf(stderr, "%s\n", TerminalSafe(err).c_str());
    return kExitUsage;
  }
  for (const auto& dict : dicts) {
    if (f.AddDictionaryFile(dict, &err) != ND_OK) {
      std::fprintf(stderr, "%s\n", TerminalSafe(err).c_str());
      return kExitUsage;
    }
  }
  nd_reader* r = f.reader();
  const std::string name = TerminalSafe(f.name());
  const uint32_t n = nd_reader_count(r);
  std::vector<std::string> problems;  // the first kMaxProblemLines, one line each, without the name
  uint64_t unreadable = 0;
  auto problem = [&](std::string line) {
    if (problems.size() < d::kMaxProblemLines) problems.push_back(std::move(line));
    ++unreadable;
  };
  // Dictionary id -> digests that need it.
  std::map<uint32_t, uint64_t> missing;
  bool partial = false, first = true;
  auto print = [&](uint32_t i, uint64_t off, nd_status s) {
    if (s != ND_OK) {
      problem("digest " + std::to_string(i) + ": " + nd_status_str(s));
      partial = true;
      return true;
    }
    d::Digest g;
    const nd_status ms = d::Load(r, i, off, body, &g);
    if (ms != ND_OK) {
      problem("digest " + std::to_string(i) + ": " + nd_status_str(ms));
      partial = true;
      return true;
    }
    for (nd_status ps : {g.summary_status, body ? g.body_status : ND_OK}) {
      if (ps == ND_OK) continue;
      partial = true;
      if (ps == ND_ERR_DICTIONARY_MISSING) {
        ++missing[g.dict_id];
        break;
      }
      problem("digest " + std::to_string(i) + " '" + FitColumns(TerminalSafe(g.id), 40) + "': " +
              (ps == g.summary_status ? "summary: " : "body: ") + nd_status_str(ps));
      break;
    }
    if (jsonl) {
      // A line without its body would not round-trip through `build`.
      if (g.body_status != ND_OK) return true;
      OutWrite(JsonText(d::ToJson(g, /*with_index=*/false, /*with_body=*/true)) + "\n");
    } else if (json) {
      OutWrite(JsonText(d::ToJson(g, /*with_index=*/true, body), 2) + "\n");
    } else {
      if (all) OutPrintf("%s=== digest %u ===\n", first ? "" : "\n", i);
      d::PrintText(g, body);
    }
    first = false;
    return !StdoutFailed();
  };
  if (!all) {
    uint64_t off = 0;
    const nd_status s = index < n ? nd_reader_offset(r, index, &off) : ND_ERR_NOT_FOUND;
    if (s != ND_OK) {
      if (index >= n || s == ND_ERR_NOT_FOUND)
        std::fprintf(stderr, "%s: no digest %u (%s)\n", name.c_str(), index,
                     nd_reader_index_damaged(r) ? "the index is damaged: `newsdigest ls` lists the readable ones"
                                                : ("the file has " + std::to_string(n)).c_str());
      else
        std::fprintf(stderr, "%s: digest %u: %s\n", name.c_str(), index, nd_status_str(s));
      return kExitUsage;
    }
    print(index, off, ND_OK);
  } else {
    uint64_t found = 0;
    ForEachDigest(r, [&](uint32_t i, uint64_t off, nd_status s) {
      ++found;
      return print(i, off, s);
    });
    if (nd_reader_index_damaged(r)) {
      partial = true;
      std::fprintf(stderr, "%s: index damaged (truncated or overwritten file): %llu of %u digests found by scanning\n",
                   name.c_str(), static_cast<unsigned long long>(found), n);
    }
  }
  if (!json && !jsonl && !first) OutPrintf("\nfile      %s\n", SignatureSummary(f.data(), f.size()).c_str());
  for (size_t k = 0; k < problems.size() && k < d::kMaxProblemLines; ++k)
    std::fprintf(stderr, "%s: %s\n", name.c_str(), problems[k].c_str());
  if (unreadable > problems.size())
    std::fprintf(stderr, "%s: ... and %llu more unreadable digests\n", name.c_str(),
                 static_cast<unsigned long long>(unreadable - problems.size()));
  for (const auto& [id, count] : missing)
    std::fprintf(stderr, "%s%s\n", MissingDictionaryLine(name, id, count, f.embeds_dictionaries()).c_str(),
                 jsonl ? " (those digests were skipped)" : "");
  return partial ? kExitPartial : kExitOk;
}

}  // namespace newsdigest::cli
