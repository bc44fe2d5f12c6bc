// Ingest: turns input files (plain-text articles, JSONL, HTML pages, feeds)
// into normalized Article values.
//
// Normalized text (see NormalizeBody): valid UTF-8, NFC, paragraphs separated
// by a single '\n', each paragraph trimmed, no empty paragraphs.
// Thread-safety: the free functions are thread-safe; an ArticleSource is not.
#ifndef NEWSDIGEST_INGEST_INGEST_H_
#define NEWSDIGEST_INGEST_INGEST_H_

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/format/format.h"
#include "newsdigest/format/status.h"
#include "newsdigest/ingest/dates.h"  // ParseDate, FormatIso8601
#include "newsdigest/ingest/extract.h"  // Enclosure

namespace newsdigest::ingest {

// A problem with one input (a file, or one line of a JSONL file).
struct InputError {
  std::string origin;  // "path" or "path:line"
  std::string reason;  // human-readable, e.g. "binary file (NUL byte at 12)"
};

// One article as the rest of the pipeline sees it.
struct Article {
  std::string id;        // stable id; empty until AssignId() or the input gives one
  std::string title;
  std::string source;    // publisher / source name
  std::string place;     // dateline place
  std::string byline;
  std::string url;
  std::string lang;      // BCP 47, empty when unknown
  int64_t published = 0; // UTC seconds since 1970, 0 when unknown
  std::string body;      // normalized body text
  std::string origin;    // where it came from, e.g. "dir/a.txt" or "in.jsonl:12"
  std::string description;  // summary given by the source (HTML meta, feed), may be empty
  // Files attached to a feed item (podcast audio, images). Not stored in the
  // digest yet: ArticleSource reports each one as a notice (NextNotice).
  std::vector<Enclosure> enclosures;
};

struct IngestOptions {
  // Largest accepted article body in bytes (and largest plain-text file;
  // see MaxInputBytes for the other kinds).
  uint32_t max_article_bytes = format::kDefaultArticleLimit;
  // Base URL used to resolve relative links in HTML input (may be empty).
  std::string base_url;
  // When set: called with each regular file a directory walk finds; true
  // leaves the file out (e.g. the build's own output file).
  std::function<bool(const std::string& path)> skip_file;
};

// Validates UTF-8, NFC-normalizes and reflows `raw` into normalized text.
// On error, *reason says why (e.g. "invalid UTF-8 at byte 17").
Status NormalizeBody(std::string_view raw, std::string* out, std::string* reason);

// Joins the soft line breaks of hard-wrapped plain text, so that a sentence
// cut by a line end is one sentence again. Text counts as hard-wrapped when no
// line after the title's block is longer than 120 code points and at least
// half of the line ends inside blocks of non-blank lines fall mid-sentence
// (one-paragraph-per-line text, the seed shape, has them at sentence ends and
// is left as it is). In wrapped text every line end inside a block is a soft
// wrap (joined with one space; with none between two CJK characters or after
// a hyphenated word part), except before a list item, around a heading (a
// short line without a sentence end followed by a capitalized line) and
// around a dateline or byline among the first three lines; a title wrapped
// over up to three lines and set off by a blank line is joined too. Line ends
// become '\n' (a CR before LF is dropped). Accepts any bytes; invalid UTF-8
// is left for NormalizeBody to report.
std::string JoinSoftWraps(std::string_view raw);

// Parses one plain-text article in the seed shape: title line, optional
// dateline "Place: Source", optional "By ..." byline, paragraphs; page
// furniture (short lines without a sentence, e.g. "Share", "Comments") at
// the start and end of the body is dropped.
// REQUIRES: `content` is normalized text (NormalizeBody).
Status ParsePlainText(std::string_view content, Article* out, std::string* reason);

// Parses one JSONL record (one JSON object) into an Article.
//
// JSON field names (the one set used for input and output: `extract --json`
// and `show --json` write these names, and build reads them back):
//   text | body          article text (required, non-empty; `text` wins)
//   title                headline
//   id                   string or integer
//   url | link           canonical URL
//   source               publisher / site name
//   byline | author      author line
//   place                dateline place
//   lang                 BCP 47 tag
//   description          summary given by the source
//   published | date     ISO 8601 or RFC 822/1123 string (see dates.h), or
//                        UTC seconds; an unparseable or out-of-range value
//                        drops the date (numbers are clamped to years
//                        1..9999), never the article
// Other keys (summary, keywords, index, charset, truncated, ...) are ignored;
// null counts as absent. A known key of the wrong type (e.g. a numeric title)
// rejects the record. The body is normalized.
Status ParseJsonLine(std::string_view line, Article* out, std::string* reason);

// 64-bit FNV-1a of a normalized body: stable across runs and machines.
uint64_t BodyHash(std::string_view body);

// Sets article->id to "h" + 16 hex digits of BodyHash(body) when it has none.
void AssignId(Article* article);

// The kinds of article input.
enum class InputKind { kPlainText, kJsonl, kHtml, kFeed };

// File types that directory walks take (each also with ".gz"); other files
// in a walked directory are skipped and counted. Files named explicitly are
// taken whatever their name.
inline constexpr const char kArticleFileTypes[] =
    ".txt .text (plain text), .jsonl .ndjson .json (JSON Lines), .html .htm .xhtml (HTML), "
    ".xml .rss .atom .rdf .feed (feeds), each optionally .gz";

// Size limits of whole inputs, applied while reading (decompressed bytes):
//   plain text: max_article_bytes;
//   HTML page or feed: max(kMarkupBytesPerArticleByte * max_article_bytes,
//     kMinMarkupFileBytes) (16 MiB with the default 1 MiB);
//   JSONL: per line (or per pretty-printed object), JsonLineLimit().
inline constexpr uint64_t kMarkupBytesPerArticleByte = 8;
inline constexpr uint64_t kMinMarkupFileBytes = 16u << 20;
inline constexpr uint64_t kJsonBytesPerArticleByte = 6;  // \uXXXX escapes
inline constexpr uint64_t kJsonLineOverheadBytes = 64u << 10;

// max_article_bytes * kJsonBytesPerArticleByte + kJsonLineOverheadBytes
// (6 MiB + 64 KiB with the default).
uint64_t JsonLineLimit(const IngestOptions& options);

// The largest accepted input of `kind` (for kJsonl: one line).
uint64_t MaxInputBytes(InputKind kind, const IngestOptions& options);

// True when `name` (a path or file name; ".gz" stripped, case ignored) has
// one of kArticleFileTypes.
bool IsArticleFileName(std::string_view name);

// The kind of an input from its name (may be empty) and first bytes
// (decompressed; 1 KiB is enough): by extension when it names a kind
// (".xml": HTML or feed by content), else by content: '<' with <rss/<feed/
// <rdf:RDF is a feed, '<' with <html/<!doctype html/<head/<body is HTML, '{'
// is JSONL, anything else plain text.
InputKind DetectInputKind(std::string_view name, std::string_view head);

// Parses a whole input (decompressed bytes) of `kind` into articles with ids
// and languages assigned, exactly as ArticleSource does (same extraction for
// HTML pages and feeds). Problems with single records (JSONL lines, feed
// items) go to *errors (origin "name:line" / "name#item"); the function
// fails (with *reason) only when the input as a whole cannot be read.
Status ParseArticles(std::string_view bytes, const std::string& origin, InputKind kind, const IngestOptions& options,
                     std::vector<Article>* out, std::vector<InputError>* errors, std::string* reason);

// Streams articles from a list of inputs: files, directories (walked
// recursively in sorted order; hidden entries are ignored; only files named
// like kArticleFileTypes are taken, the others skipped and counted) and "-"
// (standard input: JSONL, or an HTML page or feed when it starts like one).
// gzip inputs are decompressed (input_file.h). Only one file is open at a
// time, JSONL is read line by line and every limit is applied while reading,
// so memory stays bounded whatever the corpus or a hostile input.
// A JSONL record is one line, or a pretty-printed object from a line "{" to
// a line "}" (both at column 0).
class ArticleSource {
 public:
  ArticleSource(std::vector<std::string> inputs, IngestOptions options);
  ~ArticleSource();
  ArticleSource(const ArticleSource&) = delete;
  ArticleSource& operator=(const ArticleSource&) = delete;

  enum class Result { kArticle, kError, kEnd };
  // Produces the next article (kArticle, *article filled), the next input
  // problem (kError, *error filled; reading may continue), or kEnd.
  Result Next(Article* article, InputError* error);

  // Files skipped so far by directory walks: not article inputs by name, or
  // not regular files (FIFOs, devices, sockets, broken links). Walks follow
  // symbolic links to directories, each directory once (no loops).
  uint64_t skipped_files() const;

  // When skipped_files() > 0: one notice for the user (not an error: it
  // does not count as a rejected input), e.g. origin "tools/examples",
  // reason "skipped 2 files that are not an article input by name
  // (tools/examples/README.md, ...); directory walks take .txt ...".
  // Call it once after kEnd. @return false when nothing was skipped.
  bool SkippedNotice(InputError* notice) const;

  // The next notice about the inputs read so far that is not an error (it
  // does not count as a rejected input): each enclosure of a feed item,
  // which the digest does not store, e.g. origin "feed.xml#2", reason
  // "enclosure https://x.org/ep2.mp3 (audio/mpeg, 12345 bytes) of "Episode
  // 2" is not stored in the digest"; at most 10 per file, then one notice
  // (origin: the file) counting the rest. @return false when there is none.
  bool NextNotice(InputError* notice);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace newsdigest::ingest

#endif  // NEWSDIGEST_INGEST_INGEST_H_
