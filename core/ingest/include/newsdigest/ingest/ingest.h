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

namespace newsdigest::ingest {

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
};

struct IngestOptions {
  // Largest accepted article body in bytes (and largest plain-text file).
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

// Parses one plain-text article in the seed shape: title line, optional
// dateline "Place: Source", optional "By ..." byline, paragraphs; page
// furniture (short lines without a sentence, e.g. "Share", "Comments") at
// the start and end of the body is dropped.
// REQUIRES: `content` is normalized text (NormalizeBody).
Status ParsePlainText(std::string_view content, Article* out, std::string* reason);

// Parses one JSONL line: {"text": ..., "title": ..., "id", "url", "source",
// "byline", "published" (ISO 8601 or UTC seconds), "lang"}. The body is
// normalized; `text` is required and must not be empty.
Status ParseJsonLine(std::string_view line, Article* out, std::string* reason);

// Parses ISO 8601 ("2024-03-01", "2024-03-01T10:00:00Z", "...+02:00",
// fractional seconds allowed) into UTC seconds. @return false when invalid.
bool ParseIso8601(std::string_view s, int64_t* out_seconds);

// Formats UTC seconds as "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatIso8601(int64_t seconds);

// 64-bit FNV-1a of a normalized body: stable across runs and machines.
uint64_t BodyHash(std::string_view body);

// Sets article->id to "h" + 16 hex digits of BodyHash(body) when it has none.
void AssignId(Article* article);

// A problem with one input (a file, or one line of a JSONL file).
struct InputError {
  std::string origin;  // "path" or "path:line"
  std::string reason;  // human-readable, e.g. "binary file (NUL byte at 12)"
};

// Streams articles from a list of inputs: files, directories (walked
// recursively in sorted order, hidden entries skipped) and "-" (JSONL on
// stdin). Only one file is open at a time and JSONL is read line by line, so
// memory stays bounded whatever the corpus size.
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

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace newsdigest::ingest

#endif  // NEWSDIGEST_INGEST_INGEST_H_
