// DigestBuilder: appends records, then index, trailer and header, through a WritableSink.
#include <algorithm>
#include <cstring>

#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include "newsdigest.pb.h"
#include "newsdigest/format/container.h"
#include "newsdigest/format/dictionary_file.h"
#include "newsdigest/format/format.h"
#include "newsdigest/writer/digest_builder.h"
#include "writer_internal.h"

namespace newsdigest::writer {

void AppendVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void AppendRecord(uint8_t kind, std::string_view payload, uint32_t meta_len, std::string* out) {
  uint8_t h[format::kMaxRecordHeaderSize];
  const size_t n = format::FrameRecord(kind, payload.data(), static_cast<uint32_t>(payload.size()), meta_len, h);
  out->append(reinterpret_cast<const char*>(h), n);
  out->append(payload);
}

uint32_t DictionaryListKey(const std::vector<const DictionaryData*>& dicts) {
  uint32_t key = 0;
  for (const DictionaryData* d : dicts) {
    uint8_t id[4];
    format::StoreLE32(id, d->id);
    key = format::Crc32c(key, id, 4);
    key = format::Crc32c(key, d->lang.data(), d->lang.size());
    key = format::Crc32c(key, "", 1);  // separator
  }
  return key == 0 ? 1 : key;
}

namespace digest_builder_detail {

void FillHeader(const BuilderOptions& o, newsdigest::v1::FileHeader* h) {
  h->set_article_limit(o.article_limit);
  h->set_created(o.created);
  h->set_generator("newsdigest " NEWSDIGEST_VERSION);
  for (const DictionaryData* d : o.dictionaries) {
    auto* ref = h->add_dictionaries();
    ref->set_id(d->id);
    ref->set_content_crc(format::Crc32c(0, d->content.data(), d->content.size()));
    ref->set_size(static_cast<uint32_t>(d->content.size()));
    ref->set_embedded(o.embed_dictionaries);
    ref->set_lang(d->lang);
    ref->set_compressed(o.embed_dictionaries && o.compress_dictionaries);
  }
}

// One magic-less zstd frame of `content` (default level, size set, no checksum).
Status CompressDictionary(const std::string& content, std::string* out) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  if (c == nullptr) return Status::Corruption("zstd: out of memory");
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, kDefaultLevel);
  ZSTD_CCtx_setParameter(c, ZSTD_c_format, ZSTD_f_zstd1_magicless);
  ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 1);
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 0);
  out->resize(ZSTD_compressBound(content.size()) + 64);
  const size_t n = ZSTD_compress2(c, out->data(), out->size(), content.data(), content.size());
  ZSTD_freeCCtx(c);
  if (ZSTD_isError(n)) return Status::Corruption("zstd: cannot compress the dictionary");
  out->resize(n);
  return Status::OK();
}

// Serializes `h` padded (field 15) to exactly `size` bytes.
bool SerializePadded(newsdigest::v1::FileHeader* h, size_t size, std::string* out) {
  h->clear_padding();
  std::string plain = h->SerializeAsString();
  if (plain.size() == size) { *out = std::move(plain); return true; }
  size_t n = 0;
  if (!format::HeaderPaddingFor(plain.size(), size, &n)) return false;
  h->set_padding(std::string(n, '\0'));
  *out = h->SerializeAsString();
  return out->size() == size;
}

}  // namespace digest_builder_detail

Status DigestBuilder::Create(const std::string& path, const BuilderOptions& options,
                             std::unique_ptr<DigestBuilder>* out, std::string* error_text) {
  return Create(NewAtomicFileSink(path), options, out, error_text);
}

Status DigestBuilder::Create(std::unique_ptr<WritableSink> sink, const BuilderOptions& options,
                             std::unique_ptr<DigestBuilder>* out, std::string* error_text) {
  namespace d = digest_builder_detail;
  out->reset();
  std::unique_ptr<DigestBuilder> b(new DigestBuilder());
  b->sink_ = std::move(sink);
  b->options_ = options;
  b->defaults_key_ = DictionaryListKey(options.dictionaries);
  Status st = b->sink_->status();
  if (st.ok() && options.dictionaries.size() > format::kMaxDictionaries)
    st = Status::InvalidArgument("more than 8 dictionaries in one file");
  for (const DictionaryData* dict : options.dictionaries)
    if (st.ok() && dict->lang.size() > format::kMaxDictionaryLang)
      st = Status::InvalidArgument("dictionary language tag longer than 15 bytes");
  if (!st.ok()) {
    if (error_text != nullptr) *error_text = b->ErrorText(st);
    b->Abandon();
    return st;
  }
  // Reserve room for the largest header these options can produce; Finish()
  // rewrites it in place.
  newsdigest::v1::FileHeader worst;
  d::FillHeader(options, &worst);
  worst.set_digest_count(0xFFFFFFFFu);
  worst.set_max_text_size(0xFFFFFFFFu);
  worst.set_max_summary_size(0xFFFFFFFFu);
  worst.set_max_meta_size(0xFFFFFFFFu);
  worst.set_max_record_size(0xFFFFFFFFu);
  worst.set_max_summary_sentences(0xFFFFFFFFu);
  b->header_reserved_ = static_cast<uint32_t>(worst.ByteSizeLong() + 2);
  if (b->header_reserved_ > format::kMaxHeaderSize) {
    st = Status::TooLarge("file header too large (too many dictionaries?)");
    if (error_text != nullptr) *error_text = b->ErrorText(st);
    b->Abandon();
    return st;
  }
  std::string zeros(format::kPreambleSize + b->header_reserved_, '\0');
  st = b->Write(zeros.data(), zeros.size());
  if (st.ok() && options.embed_dictionaries) {
    for (const DictionaryData* dict : options.dictionaries) {
      newsdigest::v1::Dictionary msg;
      msg.set_id(dict->id);
      if (options.compress_dictionaries) {
        std::string z;
        st = d::CompressDictionary(dict->content, &z);
        if (!st.ok()) break;
        msg.set_compressed(z);
      } else {
        msg.set_content(dict->content);
      }
      std::string payload = msg.SerializeAsString(), rec;
      AppendRecord(format::kRecordDictionary, payload, static_cast<uint32_t>(payload.size()), &rec);
      st = b->Write(rec.data(), rec.size());
      if (!st.ok()) break;
    }
  }
  if (!st.ok()) {
    if (error_text != nullptr) *error_text = b->ErrorText(st);
    b->Abandon();
    return st;
  }
  *out = std::move(b);
  return Status::OK();
}

DigestBuilder::~DigestBuilder() {
  if (!done_) Abandon();
}

Status DigestBuilder::Write(const void* data, size_t n) {
  if (!status_.ok()) return status_;
  if (n > 0) {
    Status st = sink_->Append(std::string_view(static_cast<const char*>(data), n));
    if (!st.ok()) return status_ = st;
  }
  offset_ += n;
  return Status::OK();
}

std::string DigestBuilder::ErrorText(const Status& st) const {
  // The sink's errno belongs to its own failure only.
  return writer::ErrorText(st, sink_->name(), st.ok() || sink_->status().ok() ? 0 : sink_->last_errno());
}

Status DigestBuilder::Add(const EncodedDigest& digest) {
  if (done_) return Status::InvalidArgument("builder already finished");
  if (!status_.ok()) return status_;
  if (offsets_.size() >= format::kMaxDigests) return status_ = Status::TooLarge("too many digests for one file");
  if (offset_ + digest.record.size() > 0xFFFFFFFFull - (1u << 26))
    return status_ = Status::TooLarge("file would exceed 4 GiB");
  if (digest.text_ref != 0 &&
      !std::binary_search(text_owners_.begin(), text_owners_.end(), digest.text_ref))
    return status_ = Status::InvalidArgument("text_ref does not name an earlier digest with its own text");
  if (digest.defaults_key != 0 && digest.defaults_key != defaults_key_)
    return status_ = Status::InvalidArgument("encoder and builder were given different dictionaries");
  format::RecordHeader rh{};
  if (format::ParseRecordHeader(reinterpret_cast<const uint8_t*>(digest.record.data()), digest.record.size(),
                                &rh) != format::RecordParse::kOk ||
      rh.size + uint64_t{rh.payload_len} != digest.record.size())
    return status_ = Status::InvalidArgument("not an encoded digest record");
  offsets_.push_back(static_cast<uint32_t>(offset_));
  if (digest.text_ref == 0) text_owners_.push_back(static_cast<uint32_t>(offset_));
  ND_RETURN_IF_ERROR(Write(digest.record.data(), digest.record.size()));
  max_text_ = std::max(max_text_, digest.text_size);
  max_summary_ = std::max(max_summary_, digest.summary_size);
  max_meta_ = std::max(max_meta_, digest.meta_size);
  max_record_ = std::max(max_record_, rh.payload_len);
  max_sentences_ = std::max(max_sentences_, digest.summary_sentences);
  return Status::OK();
}

Status DigestBuilder::Finish() {
  namespace d = digest_builder_detail;
  if (done_) return Status::InvalidArgument("builder already finished");
  // Index record.
  const uint32_t index_offset = static_cast<uint32_t>(offset_);
  std::string payload(offsets_.size() * 4, '\0'), rec;
  for (size_t i = 0; i < offsets_.size(); ++i)
    format::StoreLE32(reinterpret_cast<uint8_t*>(payload.data()) + 4 * i, offsets_[i]);
  AppendRecord(format::kRecordIndex, payload, static_cast<uint32_t>(payload.size()), &rec);
  (void)Write(rec.data(), rec.size());
  // Header, now that the limits are known.
  newsdigest::v1::FileHeader header;
  d::FillHeader(options_, &header);
  header.set_digest_count(count());
  header.set_max_text_size(max_text_);
  header.set_max_summary_size(max_summary_);
  header.set_max_meta_size(max_meta_);
  header.set_max_record_size(max_record_);
  header.set_max_summary_sentences(max_sentences_);
  std::string hbytes;
  if (status_.ok() && !d::SerializePadded(&header, header_reserved_, &hbytes))
    status_ = Status::Corruption("cannot fit the file header");
  format::Preamble preamble{format::kVersionMajor, format::kVersionMinor, static_cast<uint16_t>(header_reserved_), 0};
  if (hbytes.size() == header_reserved_) preamble.header_crc = format::ComputeHeaderCrc(preamble, hbytes.data());
  uint8_t pre[format::kPreambleSize];
  format::EncodePreamble(preamble, pre);
  const uint32_t header_crc = preamble.header_crc;
  // Trailer.
  uint8_t tr[format::kTrailerSize];
  format::EncodeTrailer({index_offset, count(), header_crc}, tr);
  (void)Write(tr, sizeof tr);
  if (status_.ok()) {
    std::string head(reinterpret_cast<const char*>(pre), sizeof pre);
    head += hbytes;
    status_ = sink_->WriteAt(0, head);
  }
  if (status_.ok()) status_ = sink_->Commit();
  if (!status_.ok()) {
    Status st = status_;
    Abandon();
    return st;
  }
  done_ = true;
  return Status::OK();
}

void DigestBuilder::Abandon() {
  if (sink_ != nullptr) sink_->Abandon();
  done_ = true;
}

}  // namespace newsdigest::writer
