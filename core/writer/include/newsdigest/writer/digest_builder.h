// The digest file writer.
//
// DigestEncoder turns one article (DigestInput) into one encoded digest
// record; DigestBuilder appends records to a file and finishes it with the
// index and trailer (layout: core/format/FORMAT.md). Encoding is separate
// from appending so that several threads can encode while one appends.
//
// Thread-safety: a DigestEncoder or DigestBuilder must be used by one thread
// at a time; distinct instances are independent.
#ifndef NEWSDIGEST_WRITER_DIGEST_BUILDER_H_
#define NEWSDIGEST_WRITER_DIGEST_BUILDER_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newsdigest/format/format.h"
#include "newsdigest/format/status.h"
#include "newsdigest/writer/output.h"

namespace newsdigest::writer {

// The default zstd compression level (the default article limit is
// format::kDefaultArticleLimit).
inline constexpr int kDefaultLevel = 19;

// Everything the writer stores about one article.
struct DigestInput {
  std::string id;
  std::string title;
  std::string source;
  std::string place;
  std::string byline;
  std::string url;
  std::string lang;
  int64_t published = 0;  // UTC seconds, 0 = unknown
  std::vector<std::string> keywords;
  std::string body;  // normalized body text
  // Summary sentences as (offset, length) byte ranges of `body`, in body
  // order, non-overlapping, at most format::kMaxSummarySentences.
  std::vector<std::pair<uint32_t, uint32_t>> summary;
  // When not 0: offset of an earlier record (DigestBuilder::next_offset()
  // when it was added) with an identical body; its text and summary are
  // shared and this digest stores none.
  uint32_t text_ref = 0;
};

// A zstd dictionary, identified by the id in its header (ZDICT format) or,
// for raw-content dictionaries, by an id the caller chooses.
struct DictionaryData {
  uint32_t id = 0;
  std::string content;
  std::string lang;  // BCP 47 language the dictionary serves, or empty
};

struct EncoderOptions {
  int level = kDefaultLevel;                     // zstd compression level
  uint32_t article_limit = format::kDefaultArticleLimit;  // largest accepted body (bytes)
  // Dictionaries to compress with (not owned; must outlive the encoder). An
  // article uses the one whose `lang` equals its language, else the first
  // with an empty `lang`, else the first; none when the list is empty.
  // REQUIRES: the same list, in the same order, as BuilderOptions (a digest
  // names its dictionary and language relative to the file's list).
  std::vector<const DictionaryData*> dictionaries;
};

// One encoded digest record, ready to append.
struct EncodedDigest {
  std::string record;          // the record bytes (header + payload)
  uint32_t meta_size = 0;      // metadata prefix size
  uint32_t text_size = 0;      // decompressed text size
  uint32_t summary_size = 0;   // summary bytes
  uint32_t summary_sentences = 0;
  uint32_t dict_id = 0;
  uint32_t frame_size = 0;          // compressed text frame bytes (0 when shared)
  uint32_t summary_frame_size = 0;  // of which the summary blocks (frame header included)
  uint32_t text_ref = 0;            // copy of DigestInput::text_ref
  // Not 0 when the record leaves its dictionary or language to the file's
  // defaults (FORMAT.md): a key of the encoder's dictionary list (ids and
  // languages) that DigestBuilder::Add checks against its own.
  uint32_t defaults_key = 0;
};

// Encodes articles into digest records. Holds a zstd context; reuse one per
// thread.
class DigestEncoder {
 public:
  explicit DigestEncoder(const EncoderOptions& options);
  ~DigestEncoder();
  DigestEncoder(const DigestEncoder&) = delete;
  DigestEncoder& operator=(const DigestEncoder&) = delete;

  // Encodes `in` into *out. @return OK, InvalidArgument (bad summary spans),
  // TooLarge (body over the article limit), OutOfMemory (see status()) or
  // Corruption (zstd failure).
  Status Encode(const DigestInput& in, EncodedDigest* out);
  // OutOfMemory when construction could not allocate zstd's context or a
  // dictionary (every Encode then returns it), else OK.
  Status status() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct BuilderOptions {
  uint32_t article_limit = format::kDefaultArticleLimit;  // recorded in the header
  int64_t created = 0;                     // UTC seconds; 0 keeps builds reproducible
  // Dictionaries the digests use (not owned; must outlive the builder). Each
  // is embedded in the file when `embed_dictionaries`, else only named.
  std::vector<const DictionaryData*> dictionaries;
  bool embed_dictionaries = true;
  // Store embedded dictionaries zstd-compressed (about 2.3x smaller). A
  // reader then needs their full size in its workspace (RAM), even in memory
  // mode; leave it off for files that devices read from flash.
  bool compress_dictionaries = false;
};

// Writes one digest file through a WritableSink (output.h): the output
// appears only in Finish() (Commit), and Abandon() leaves the destination as
// it was. The first error is sticky: later Add() calls do nothing and Finish()
// returns it; ErrorText() adds the system's reason and the destination.
class DigestBuilder {
 public:
  // Starts writing into `sink` (owned). @return OK with *out set, or the
  // sink's error (IOError), InvalidArgument or TooLarge; on error the sink is
  // abandoned and, when `error_text` is not null, *error_text describes it.
  static Status Create(std::unique_ptr<WritableSink> sink, const BuilderOptions& options,
                       std::unique_ptr<DigestBuilder>* out, std::string* error_text = nullptr);
  // Convenience: Create(NewAtomicFileSink(path), ...).
  static Status Create(const std::string& path, const BuilderOptions& options,
                       std::unique_ptr<DigestBuilder>* out, std::string* error_text = nullptr);
  // REQUIRES: Finish() or Abandon() was called.
  ~DigestBuilder();
  DigestBuilder(const DigestBuilder&) = delete;
  DigestBuilder& operator=(const DigestBuilder&) = delete;

  // Appends one encoded digest. REQUIRES: Finish()/Abandon() not called.
  // @return InvalidArgument (sticky) when digest.text_ref is not the offset
  // of an earlier digest of this builder that stores its own text.
  Status Add(const EncodedDigest& digest);
  // Writes index, header and trailer, syncs and renames into place.
  Status Finish();
  // Removes the temporary file; the destination is left untouched.
  void Abandon();

  Status status() const { return status_; }
  // status() (or `st`) with the destination and the system's reason, e.g.
  // "out.ndg: cannot write the output: No space left on device".
  std::string ErrorText() const { return ErrorText(status_); }
  std::string ErrorText(const Status& st) const;
  const WritableSink& output() const { return *sink_; }
  uint32_t count() const { return static_cast<uint32_t>(offsets_.size()); }
  uint64_t bytes_written() const { return offset_; }
  // Offset the next added record will have (for DigestInput::text_ref).
  uint32_t next_offset() const { return static_cast<uint32_t>(offset_); }

 private:
  DigestBuilder() = default;
  Status Write(const void* data, size_t n);

  std::unique_ptr<WritableSink> sink_;
  BuilderOptions options_;
  Status status_;
  bool done_ = false;
  uint64_t offset_ = 0;
  uint32_t header_reserved_ = 0;
  uint32_t defaults_key_ = 0;  // DictionaryListKey(options_.dictionaries)
  std::vector<uint32_t> offsets_;
  std::vector<uint32_t> text_owners_;  // offsets of digests storing text, ascending
  uint32_t max_text_ = 0, max_summary_ = 0, max_meta_ = 0, max_record_ = 0, max_sentences_ = 0;
};

}  // namespace newsdigest::writer

#endif  // NEWSDIGEST_WRITER_DIGEST_BUILDER_H_
