// ArticleSource: walks inputs and dispatches each file to its parser.
#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

#include "markup_ingest.h"
#include "newsdigest/ingest/ingest.h"
#include "newsdigest/text/text.h"

namespace newsdigest::ingest {
namespace article_source_detail {

enum class FileKind { kPlainText, kJsonl, kHtml, kFeed };

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

FileKind KindFromName(const std::string& path, std::string_view head) {
  std::string ext = Lower(std::filesystem::path(path).extension().string());
  if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return FileKind::kJsonl;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return FileKind::kHtml;
  if (ext == ".rss" || ext == ".atom" || ext == ".rdf") return FileKind::kFeed;
  size_t first = head.find_first_not_of(" \t\r\n");
  if (ext == ".xml") return SniffHtml(head) ? FileKind::kHtml : FileKind::kFeed;
  if (first != std::string_view::npos && head[first] == '{') return FileKind::kJsonl;
  if (first != std::string_view::npos && head[first] == '<') {
    if (SniffFeed(head)) return FileKind::kFeed;
    if (SniffHtml(head)) return FileKind::kHtml;
  }
  return FileKind::kPlainText;
}

// Completes an article: stable id, and the language when the input gave none.
void Finish(Article* a) {
  AssignId(a);
  if (a->lang.empty()) a->lang = text::DetectLanguage(a->body);
}

}  // namespace article_source_detail

struct ArticleSource::State {
  IngestOptions options;
  std::deque<std::string> pending;  // inputs not yet opened, in order
  // The JSONL stream being read, if any.
  std::ifstream file;
  std::istream* lines = nullptr;
  std::string lines_origin;
  uint64_t line_no = 0;
  // Articles produced by a multi-article input (feeds) not yet returned.
  std::deque<Article> queued;
  std::deque<InputError> queued_errors;
};

ArticleSource::ArticleSource(std::vector<std::string> inputs, IngestOptions options)
    : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
  for (auto& in : inputs) state_->pending.push_back(std::move(in));
}

ArticleSource::~ArticleSource() = default;

ArticleSource::Result ArticleSource::Next(Article* article, InputError* error) {
  namespace d = article_source_detail;
  namespace fs = std::filesystem;
  State& s = *state_;
  const uint64_t max_line = uint64_t{s.options.max_article_bytes} * 6 + 65536;
  for (;;) {
    if (!s.queued_errors.empty()) {
      *error = std::move(s.queued_errors.front());
      s.queued_errors.pop_front();
      return Result::kError;
    }
    if (!s.queued.empty()) {
      *article = std::move(s.queued.front());
      s.queued.pop_front();
      return Result::kArticle;
    }
    // 1. Continue the JSONL stream in progress.
    if (s.lines != nullptr) {
      std::string line;
      if (std::getline(*s.lines, line)) {
        ++s.line_no;
        std::string origin = s.lines_origin + ":" + std::to_string(s.line_no);
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (line.size() > max_line) {
          *error = {origin, "line of " + std::to_string(line.size()) + " bytes exceeds the article size limit"};
          return Result::kError;
        }
        std::string reason;
        Article a;
        if (!ParseJsonLine(line, &a, &reason).ok()) {
          *error = {origin, reason};
          return Result::kError;
        }
        if (a.body.size() > s.options.max_article_bytes) {
          *error = {origin, "article of " + std::to_string(a.body.size()) + " bytes exceeds the limit of " +
                                std::to_string(s.options.max_article_bytes) + " bytes (--max-article-bytes)"};
          return Result::kError;
        }
        a.origin = std::move(origin);
        d::Finish(&a);
        *article = std::move(a);
        return Result::kArticle;
      }
      bool bad = s.lines->bad();
      std::string origin = s.lines_origin;
      s.file.close();
      s.lines = nullptr;
      if (bad) {
        *error = {origin, "read error"};
        return Result::kError;
      }
      continue;
    }
    // 2. Open the next input.
    if (s.pending.empty()) return Result::kEnd;
    std::string path = std::move(s.pending.front());
    s.pending.pop_front();
    if (path == "-") {
      s.lines = &std::cin;
      s.lines_origin = "<stdin>";
      s.line_no = 0;
      continue;
    }
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      *error = {path, "cannot open: " + (ec ? ec.message() : std::string("no such file or directory"))};
      return Result::kError;
    }
    if (fs::is_directory(st)) {
      std::vector<std::string> files;
      fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec) && !(s.options.skip_file && s.options.skip_file(it->path().string())))
          files.push_back(it->path().string());
      }
      if (ec) {
        *error = {path, "cannot walk directory: " + ec.message()};
        return Result::kError;
      }
      std::sort(files.begin(), files.end());
      for (auto r = files.rbegin(); r != files.rend(); ++r) s.pending.push_front(*r);
      continue;
    }
    if (!fs::is_regular_file(st)) {
      *error = {path, "not a regular file"};
      return Result::kError;
    }
    uintmax_t size = fs::file_size(path, ec);
    if (ec) {
      *error = {path, "cannot read size: " + ec.message()};
      return Result::kError;
    }
    if (size == 0) {
      *error = {path, "empty file"};
      return Result::kError;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      *error = {path, "cannot open for reading"};
      return Result::kError;
    }
    char head_buf[1024];
    in.read(head_buf, sizeof head_buf);
    std::string_view head(head_buf, static_cast<size_t>(in.gcount()));
    d::FileKind kind = d::KindFromName(path, head);
    if (kind == d::FileKind::kJsonl) {
      in.close();
      s.file.open(path, std::ios::binary);
      s.lines = &s.file;
      s.lines_origin = path;
      s.line_no = 0;
      continue;
    }
    // Whole-file inputs: refuse oversized files before reading them. HTML
    // pages and feeds carry markup, so they get a larger allowance.
    uint64_t limit = s.options.max_article_bytes;
    if (kind != d::FileKind::kPlainText) limit = std::max<uint64_t>(limit * 8, 16u << 20);
    if (size > limit) {
      *error = {path, "file of " + std::to_string(size) + " bytes exceeds the article size limit of " +
                          std::to_string(limit) + " bytes (--max-article-bytes)"};
      return Result::kError;
    }
    std::string content(static_cast<size_t>(size), '\0');
    in.clear();
    in.seekg(0);
    in.read(content.data(), static_cast<std::streamsize>(size));
    if (static_cast<uintmax_t>(in.gcount()) != size) {
      *error = {path, "short read"};
      return Result::kError;
    }
    std::string reason;
    if (kind == d::FileKind::kFeed) {
      std::vector<Article> items;
      std::vector<InputError> item_errors;
      if (!ParseFeed(content, s.options, &items, &item_errors, &reason).ok()) {
        *error = {path, reason};
        return Result::kError;
      }
      for (auto& e : item_errors) s.queued_errors.push_back({path + e.origin, e.reason});
      size_t item = 0;
      for (auto& a : items) {
        if (a.origin.empty()) a.origin = path + "#" + std::to_string(item);
        ++item;
        d::Finish(&a);
        s.queued.push_back(std::move(a));
      }
      continue;
    }
    Article a;
    if (kind == d::FileKind::kHtml) {
      if (!ParseHtmlPage(content, s.options, &a, &reason).ok()) {
        *error = {path, reason};
        return Result::kError;
      }
    } else {
      std::string body;
      if (!NormalizeBody(content, &body, &reason).ok()) {
        *error = {path, reason};
        return Result::kError;
      }
      if (!ParsePlainText(body, &a, &reason).ok()) {
        *error = {path, reason};
        return Result::kError;
      }
    }
    if (a.body.size() > s.options.max_article_bytes) {
      *error = {path, "article of " + std::to_string(a.body.size()) + " bytes exceeds the limit of " +
                          std::to_string(s.options.max_article_bytes) + " bytes (--max-article-bytes)"};
      return Result::kError;
    }
    a.origin = path;
    d::Finish(&a);
    *article = std::move(a);
    return Result::kArticle;
  }
}

}  // namespace newsdigest::ingest
