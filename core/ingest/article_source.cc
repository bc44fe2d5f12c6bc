// ArticleSource: walks inputs and dispatches each file to its parser; input
// kinds by name and content.
#include <sys/stat.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <set>
#include <system_error>
#include <utility>

#include "markup_ingest.h"
#include "newsdigest/format/format.h"
#include "newsdigest/ingest/ingest.h"
#include "newsdigest/ingest/input_file.h"
#include "newsdigest/text/text.h"

namespace newsdigest::ingest {
namespace article_source_detail {

std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

// The extension of a file name without ".gz", lower-cased (".txt"), empty
// when there is none.
std::string ArticleExtension(std::string_view name) {
  size_t slash = name.find_last_of('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string low = Lower(name);
  if (low.size() > 3 && low.compare(low.size() - 3, 3, ".gz") == 0) low.resize(low.size() - 3);
  size_t dot = low.find_last_of('.');
  if (dot == std::string::npos || dot == 0) return "";
  return low.substr(dot);
}

enum class ByName { kUnknown, kText, kJsonl, kHtml, kFeed, kXml };

ByName KindOfExtension(const std::string& ext) {
  if (ext == ".txt" || ext == ".text") return ByName::kText;
  if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return ByName::kJsonl;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return ByName::kHtml;
  if (ext == ".rss" || ext == ".atom" || ext == ".rdf" || ext == ".feed") return ByName::kFeed;
  if (ext == ".xml") return ByName::kXml;
  return ByName::kUnknown;
}

// Completes an article: stable id, and the language when the input gave none.
void Finish(Article* a) {
  AssignId(a);
  if (a->lang.empty()) a->lang = text::DetectLanguage(a->body);
}

// Enclosure notices per input file; the rest are counted in one more.
constexpr size_t kMaxEnclosureNotices = 10;

// "enclosure https://x.org/ep1.mp3 (audio/mpeg, 12345 bytes) of "Episode 1"
// is not stored in the digest".
std::string EnclosureNotice(const Article& a, const Enclosure& e) {
  std::string r = "enclosure " + e.url;
  std::string about = e.type;
  if (e.length != 0) about += (about.empty() ? "" : ", ") + std::to_string(e.length) + " bytes";
  if (!about.empty()) r += " (" + about + ")";
  if (!a.title.empty()) r += " of \"" + a.title + "\"";
  return r + " is not stored in the digest";
}

std::string TooBig(const char* what, uint64_t size, uint64_t limit) {
  return std::string(what) + " of " + std::to_string(size) + " bytes exceeds the limit of " + std::to_string(limit) +
         " bytes (--max-article-bytes)";
}

// A JSONL line that opens a pretty-printed object ("{" alone at column 0,
// as `show --json` and `jq` print) continues up to a "}" at column 0.
bool OpensPrettyObject(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line == "{";
}
bool ClosesPrettyObject(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line == "}";
}

// Parses one JSONL record into *a (origin set, completed), or *error.
bool TakeJsonRecord(std::string_view record, const std::string& origin, const IngestOptions& options, Article* a,
                    InputError* error) {
  std::string reason;
  if (!ParseJsonLine(record, a, &reason).ok()) {
    *error = {origin, reason};
    return false;
  }
  if (a->body.size() > options.max_article_bytes) {
    *error = {origin, TooBig("article", a->body.size(), options.max_article_bytes)};
    return false;
  }
  a->origin = origin;
  Finish(a);
  return true;
}

// Whether `head` starts like a digest file (format.h): the magic, then a
// major version byte, a control character no text has there ("NDGF\n..."
// stays a text).
bool IsDigestFile(std::string_view head) {
  if (head.size() <= sizeof format::kFileMagic) return false;
  for (size_t i = 0; i < sizeof format::kFileMagic; ++i)
    if (static_cast<uint8_t>(head[i]) != format::kFileMagic[i]) return false;
  const auto version = static_cast<uint8_t>(head[sizeof format::kFileMagic]);
  return version < 0x20 && version != '\t' && version != '\n' && version != '\r';
}

}  // namespace article_source_detail

bool IsArticleFileName(std::string_view name) {
  namespace d = article_source_detail;
  return d::KindOfExtension(d::ArticleExtension(name)) != d::ByName::kUnknown;
}

InputKind DetectInputKind(std::string_view name, std::string_view head) {
  namespace d = article_source_detail;
  d::ByName by_name = d::KindOfExtension(d::ArticleExtension(name));
  if (by_name == d::ByName::kJsonl) return InputKind::kJsonl;
  if (by_name == d::ByName::kHtml) return InputKind::kHtml;
  if (by_name == d::ByName::kFeed) return InputKind::kFeed;
  if (by_name == d::ByName::kXml) return SniffHtml(head) ? InputKind::kHtml : InputKind::kFeed;
  size_t first = head.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && head[first] == '{') return InputKind::kJsonl;
  if (first != std::string_view::npos && head[first] == '<') {
    if (SniffFeed(head)) return InputKind::kFeed;
    if (SniffHtml(head)) return InputKind::kHtml;
  }
  return InputKind::kPlainText;
}

uint64_t MaxInputBytes(InputKind kind, const IngestOptions& options) {
  const uint64_t article = options.max_article_bytes;
  switch (kind) {
    case InputKind::kPlainText:
      return article;
    case InputKind::kJsonl:
      return JsonLineLimit(options);
    case InputKind::kHtml:
    case InputKind::kFeed:
      return std::max<uint64_t>(article * kMarkupBytesPerArticleByte, kMinMarkupFileBytes);
  }
  return article;
}

uint64_t JsonLineLimit(const IngestOptions& options) {
  return uint64_t{options.max_article_bytes} * kJsonBytesPerArticleByte + kJsonLineOverheadBytes;
}

Status ParseArticles(std::string_view bytes, const std::string& origin, InputKind kind, const IngestOptions& options,
                     std::vector<Article>* out, std::vector<InputError>* errors, std::string* reason) {
  namespace d = article_source_detail;
  if (kind == InputKind::kJsonl) {
    uint64_t line_no = 0;
    std::string pretty;
    uint64_t pretty_line = 0;
    for (size_t pos = 0; pos < bytes.size();) {
      size_t nl = bytes.find('\n', pos);
      if (nl == std::string_view::npos) nl = bytes.size();
      std::string_view line = bytes.substr(pos, nl - pos);
      pos = nl + 1;
      ++line_no;
      if (pretty_line != 0) {
        pretty.append(line).push_back('\n');
        if (!d::ClosesPrettyObject(line)) continue;
      } else if (d::OpensPrettyObject(line)) {
        pretty_line = line_no;
        pretty.assign(line).push_back('\n');
        continue;
      }
      std::string_view record = pretty_line != 0 ? std::string_view(pretty) : line;
      std::string where = origin + ":" + std::to_string(pretty_line != 0 ? pretty_line : line_no);
      pretty_line = 0;
      if (record.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
      if (record.size() > JsonLineLimit(options)) {
        errors->push_back({where, "line of " + std::to_string(record.size()) +
                                      " bytes exceeds the article size limit (--max-article-bytes)"});
        continue;
      }
      Article a;
      InputError e;
      if (d::TakeJsonRecord(record, where, options, &a, &e)) {
        out->push_back(std::move(a));
      } else {
        errors->push_back(std::move(e));
      }
    }
    if (pretty_line != 0)
      errors->push_back({origin + ":" + std::to_string(pretty_line), "JSON object not closed (no \"}\" line)"});
    return Status::OK();
  }
  if (kind == InputKind::kFeed) {
    std::vector<Article> items;
    std::vector<InputError> item_errors;
    ND_RETURN_IF_ERROR(ParseFeed(bytes, options, &items, &item_errors, reason));
    for (auto& e : item_errors) errors->push_back({origin + e.origin, e.reason});
    size_t item = 0;
    for (auto& a : items) {
      if (a.origin.empty()) a.origin = origin + "#" + std::to_string(item);
      ++item;
      if (a.body.size() > options.max_article_bytes) {
        errors->push_back({a.origin, d::TooBig("article", a.body.size(), options.max_article_bytes)});
        continue;
      }
      d::Finish(&a);
      out->push_back(std::move(a));
    }
    return Status::OK();
  }
  Article a;
  if (kind == InputKind::kHtml) {
    ND_RETURN_IF_ERROR(ParseHtmlPage(bytes, options, &a, reason));
  } else {
    std::string body;
    // Errors are reported with offsets into the input, not the joined text.
    if (!NormalizeBody(JoinSoftWraps(bytes), &body, reason).ok())
      ND_RETURN_IF_ERROR(NormalizeBody(bytes, &body, reason));
    ND_RETURN_IF_ERROR(ParsePlainText(body, &a, reason));
  }
  if (a.body.size() > options.max_article_bytes) {
    *reason = d::TooBig("article", a.body.size(), options.max_article_bytes);
    return Status::TooLarge("article too large");
  }
  a.origin = origin;
  d::Finish(&a);
  out->push_back(std::move(a));
  return Status::OK();
}

struct ArticleSource::State {
  IngestOptions options;
  std::deque<std::string> pending;  // inputs not yet opened, in order
  std::deque<bool> pending_walked;  // parallel to `pending`: found by a directory walk
  // The JSONL stream being read, if any.
  std::unique_ptr<InputFile> lines;
  std::string lines_origin;
  uint64_t line_no = 0;
  // Articles produced by a multi-article input (feeds) not yet returned.
  std::deque<Article> queued;
  std::deque<InputError> queued_errors;
  std::deque<InputError> notices;  // NextNotice
  // Directory walks: files skipped as not article inputs.
  uint64_t skipped = 0;
  uint64_t skipped_special = 0;  // of `skipped`: not regular files (FIFOs, devices, sockets, broken links)
  std::vector<std::string> skipped_examples;
  std::string skipped_root;
};

ArticleSource::ArticleSource(std::vector<std::string> inputs, IngestOptions options)
    : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
  for (auto& in : inputs) {
    state_->pending.push_back(std::move(in));
    state_->pending_walked.push_back(false);
  }
}

ArticleSource::~ArticleSource() = default;

uint64_t ArticleSource::skipped_files() const { return state_->skipped; }

bool ArticleSource::NextNotice(InputError* notice) {
  if (state_->notices.empty()) return false;
  *notice = std::move(state_->notices.front());
  state_->notices.pop_front();
  return true;
}

bool ArticleSource::SkippedNotice(InputError* notice) const {
  const State& s = *state_;
  if (s.skipped == 0) return false;
  std::string examples;
  for (const auto& e : s.skipped_examples) examples += (examples.empty() ? "" : ", ") + e;
  if (s.skipped > s.skipped_examples.size()) examples += ", ...";
  notice->origin = s.skipped_root;
  notice->reason = "skipped " + std::to_string(s.skipped) + (s.skipped == 1 ? " file" : " files") +
                   " that " + (s.skipped == 1 ? "is" : "are") + " not an article input by name (" + examples +
                   "); directory walks take " + std::string(kArticleFileTypes);
  if (s.skipped_special > 0)
    notice->reason += "; " + std::to_string(s.skipped_special) + " of them " +
                      (s.skipped_special == 1 ? "is not a regular file" : "are not regular files") +
                      " (FIFO, device, socket or broken link), never opened by a walk";
  return true;
}

ArticleSource::Result ArticleSource::Next(Article* article, InputError* error) {
  namespace d = article_source_detail;
  namespace fs = std::filesystem;
  State& s = *state_;
  const uint64_t max_line = JsonLineLimit(s.options);
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
    // 1. Continue the JSONL stream in progress. Lines are read with the
    // limit applied while reading: an oversized line is skipped unstored.
    if (s.lines != nullptr) {
      std::string line, reason;
      bool too_long = false, eof = false;
      uint64_t line_bytes = 0;
      Status st = s.lines->ReadLine(max_line, &line, &too_long, &line_bytes, &eof, &reason);
      if (!st.ok() || eof) {
        std::string origin = s.lines_origin;
        s.lines.reset();
        if (!st.ok()) {
          *error = {origin + ":" + std::to_string(s.line_no + 1), reason};
          return Result::kError;
        }
        continue;
      }
      ++s.line_no;
      const uint64_t first_line = s.line_no;
      std::string origin = s.lines_origin + ":" + std::to_string(first_line);
      if (!too_long && d::OpensPrettyObject(line)) {
        // A pretty-printed object: read up to its closing "}" line, within
        // the same limit for the whole object.
        std::string part;
        for (;;) {
          st = s.lines->ReadLine(max_line, &part, &too_long, &line_bytes, &eof, &reason);
          if (!st.ok()) {
            s.lines.reset();
            *error = {origin, reason};
            return Result::kError;
          }
          if (eof) {
            s.lines.reset();
            *error = {origin, "JSON object not closed (no \"}\" line)"};
            return Result::kError;
          }
          ++s.line_no;
          if (!too_long && line.size() + part.size() + 1 <= max_line) {
            line.append(part).push_back('\n');
          } else {
            too_long = true;
            std::string().swap(line);
          }
          if (d::ClosesPrettyObject(part)) break;
        }
        if (too_long) {
          *error = {origin, "JSON object exceeds the article size limit of " + std::to_string(max_line) +
                                " bytes per record (--max-article-bytes)"};
          return Result::kError;
        }
      } else if (too_long) {
        *error = {origin, "line of " + std::to_string(line_bytes) + " bytes exceeds the limit of " +
                              std::to_string(max_line) + " bytes per line (--max-article-bytes)"};
        return Result::kError;
      }
      if (line.find_first_not_of(" \t\r\n") == std::string::npos) continue;
      Article a;
      if (!d::TakeJsonRecord(line, origin, s.options, &a, error)) return Result::kError;
      *article = std::move(a);
      return Result::kArticle;
    }
    // 2. Open the next input.
    if (s.pending.empty()) return Result::kEnd;
    std::string path = std::move(s.pending.front());
    const bool walked = s.pending_walked.front();
    s.pending.pop_front();
    s.pending_walked.pop_front();
    if (path != "-") {
      std::error_code ec;
      fs::file_status st = fs::status(path, ec);
      if (ec || !fs::exists(st)) {
        *error = {path, "cannot open: " + (ec ? ec.message() : std::string("No such file or directory"))};
        return Result::kError;
      }
      if (fs::is_directory(st)) {
        std::vector<std::string> files;
        uint64_t skipped_before = s.skipped;
        // Symbolic links to directories are followed; each directory (by
        // device and inode) is walked once, so a link loop or a second link
        // to the same directory adds nothing.
        std::set<std::pair<dev_t, ino_t>> seen_dirs;
        struct stat dir_st {};
        if (::stat(path.c_str(), &dir_st) == 0) seen_dirs.insert({dir_st.st_dev, dir_st.st_ino});
        fs::recursive_directory_iterator it(
            path, fs::directory_options::skip_permission_denied | fs::directory_options::follow_directory_symlink, ec);
        const fs::recursive_directory_iterator end;
        for (; !ec && it != end; it.increment(ec)) {
          std::string name = it->path().filename().string();
          std::error_code entry_ec;
          const fs::file_status entry = it->status(entry_ec);  // follows links
          const bool is_dir = !entry_ec && fs::is_directory(entry);
          if (!name.empty() && name[0] == '.') {
            if (is_dir) it.disable_recursion_pending();
            continue;
          }
          if (is_dir) {
            struct stat sub {};
            if (::stat(it->path().c_str(), &sub) != 0 || !seen_dirs.insert({sub.st_dev, sub.st_ino}).second)
              it.disable_recursion_pending();
            continue;
          }
          const bool regular = !entry_ec && fs::is_regular_file(entry);
          if (regular && s.options.skip_file && s.options.skip_file(it->path().string())) continue;
          if (regular && IsArticleFileName(name)) {
            files.push_back(it->path().string());
          } else {
            // Not an article file by name, or not a regular file (a FIFO, a
            // device, a socket, a broken link): never opened by a walk.
            ++s.skipped;
            if (!regular) ++s.skipped_special;
            if (s.skipped_examples.size() < 3) s.skipped_examples.push_back(it->path().string());
          }
        }
        if (ec) {
          *error = {path, "cannot walk directory: " + ec.message()};
          return Result::kError;
        }
        if (s.skipped != skipped_before) s.skipped_root = s.skipped_root.empty() ? path : s.skipped_root;
        std::sort(files.begin(), files.end());
        for (auto r = files.rbegin(); r != files.rend(); ++r) {
          s.pending.push_front(*r);
          s.pending_walked.push_front(true);
        }
        continue;
      }
      if (!fs::is_regular_file(st) && !walked) {
        // Named on the command line: FIFOs and character devices are read
        // (within the limits), other special files refused.
        if (!fs::is_fifo(st) && !fs::is_character_file(st)) {
          *error = {path, "not a regular file"};
          return Result::kError;
        }
      }
    }
    auto in = std::make_unique<InputFile>();
    std::string reason;
    std::string_view head;
    if (!in->Open(path, &reason).ok() || !in->Peek(1024, &head, &reason).ok()) {
      *error = {path, reason};
      return Result::kError;
    }
    if (head.empty()) {
      if (path == "-") continue;  // nothing on standard input
      *error = {path, "empty file"};
      return Result::kError;
    }
    if (d::IsDigestFile(head)) {
      *error = {path == "-" ? "<stdin>" : path, "is a digest file, not an article input"};
      return Result::kError;
    }
    InputKind kind = DetectInputKind(path == "-" ? std::string_view() : std::string_view(path), head);
    // Standard input is JSONL unless it is an HTML page or a feed.
    if (path == "-" && kind == InputKind::kPlainText) kind = InputKind::kJsonl;
    if (kind == InputKind::kJsonl) {
      // Binary data (/dev/zero, an image on a pipe) has no lines to skip to.
      if (size_t nul = head.find('\0'); nul != std::string_view::npos) {
        *error = {path == "-" ? "<stdin>" : path, "binary data (NUL byte at " + std::to_string(nul) + "), not JSONL"};
        return Result::kError;
      }
      s.lines = std::move(in);
      s.lines_origin = path == "-" ? "<stdin>" : path;
      s.line_no = 0;
      continue;
    }
    // Whole-file inputs: the limit applies while reading.
    const uint64_t limit = MaxInputBytes(kind, s.options);
    std::string content;
    Status st = in->ReadAll(limit, &content, &reason);
    if (!st.ok()) {
      *error = {path, st.IsTooLarge() ? "file exceeds the limit of " + std::to_string(limit) +
                                            " bytes for this kind of input (--max-article-bytes)"
                                      : reason};
      return Result::kError;
    }
    in.reset();
    std::vector<Article> articles;
    std::vector<InputError> errors;
    if (!ParseArticles(content, path, kind, s.options, &articles, &errors, &reason).ok()) {
      *error = {path, reason};
      return Result::kError;
    }
    for (auto& e : errors) s.queued_errors.push_back(std::move(e));
    size_t enclosures = 0;
    for (auto& a : articles) {
      for (const Enclosure& e : a.enclosures) {
        if (++enclosures > d::kMaxEnclosureNotices) continue;
        s.notices.push_back({a.origin, d::EnclosureNotice(a, e)});
      }
      s.queued.push_back(std::move(a));
    }
    if (enclosures > d::kMaxEnclosureNotices)
      s.notices.push_back({path, "and " + std::to_string(enclosures - d::kMaxEnclosureNotices) +
                                     " more enclosures are not stored in the digest"});
  }
}

}  // namespace newsdigest::ingest
