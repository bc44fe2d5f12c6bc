// DigestEncoder: article -> digest record (protobuf metadata + zstd text).
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include <string_view>
#include <vector>

#include "newsdigest.pb.h"
#include "newsdigest/format/format.h"
#include "newsdigest/writer/digest_builder.h"
#include "writer_internal.h"

namespace newsdigest::writer {

struct DigestEncoder::Impl {
  EncoderOptions options;
  ZSTD_CCtx* cctx = nullptr;
  std::vector<ZSTD_CDict*> cdicts;  // parallel to options.dictionaries
  std::string text;    // summary sentences, then the rest of the body
  std::string frame;   // compressed text frame
  newsdigest::v1::Digest msg;
  Status init;  // OutOfMemory when a zstd context or dictionary could not be created
};

DigestEncoder::DigestEncoder(const EncoderOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  ZSTD_CCtx* c = impl_->cctx = ZSTD_createCCtx();
  if (c != nullptr) {
    ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, options.level);
    ZSTD_CCtx_setParameter(c, ZSTD_c_format, ZSTD_f_zstd1_magicless);
    ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 1);
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 0);
    ZSTD_CCtx_setParameter(c, ZSTD_c_dictIDFlag, 0);
  }
  for (const DictionaryData* d : options.dictionaries)
    impl_->cdicts.push_back(ZSTD_createCDict(d->content.data(), d->content.size(), options.level));
  bool ok = c != nullptr;
  for (ZSTD_CDict* cd : impl_->cdicts) ok = ok && cd != nullptr;
  if (!ok) impl_->init = Status::OutOfMemory("zstd: cannot allocate the compression context or dictionary");
}

Status DigestEncoder::status() const { return impl_->init; }

DigestEncoder::~DigestEncoder() {
  for (ZSTD_CDict* cd : impl_->cdicts) ZSTD_freeCDict(cd);
  ZSTD_freeCCtx(impl_->cctx);
}

namespace digest_encoder_detail {

// Compresses `text` as one zstd frame whose first blocks hold exactly the
// first `prefix` bytes (a flush ends a block), so a reader can stop after
// them. The frame has no magic number, dictionary id or checksum: the
// container identifies and checksums it.
// *prefix_bytes gets the size of the frame up to the end of the prefix blocks.
Status CompressFrame(ZSTD_CCtx* cctx, std::string_view text, size_t prefix, std::string* frame,
                     size_t* prefix_bytes) {
  ZSTD_CCtx_reset(cctx, ZSTD_reset_session_only);
  if (ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(cctx, text.size())))
    return Status::Corruption("zstd: cannot set the frame size");
  frame->resize(ZSTD_compressBound(text.size()) + 64);
  ZSTD_outBuffer out{frame->data(), frame->size(), 0};
  ZSTD_inBuffer in{text.data(), 0, 0};
  if (prefix > 0 && prefix < text.size()) {
    in.size = prefix;
    size_t r;
    do {
      r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_flush);
      if (ZSTD_isError(r)) return Status::Corruption("zstd: cannot compress the summary");
    } while (r != 0);
  }
  *prefix_bytes = out.pos;
  in.size = text.size();
  size_t r;
  do {
    r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_end);
    if (ZSTD_isError(r)) return Status::Corruption("zstd: cannot compress the body");
  } while (r != 0);
  if (prefix >= text.size() && prefix > 0) *prefix_bytes = out.pos;
  frame->resize(out.pos);
  return Status::OK();
}

// Index of the dictionary for `lang` (see EncoderOptions), or -1.
int PickDictionary(const std::vector<const DictionaryData*>& dicts, std::string_view lang) {
  if (dicts.empty()) return -1;
  for (size_t i = 0; i < dicts.size(); ++i)
    if (!lang.empty() && dicts[i]->lang == lang) return static_cast<int>(i);
  for (size_t i = 0; i < dicts.size(); ++i)
    if (dicts[i]->lang.empty()) return static_cast<int>(i);
  return 0;
}

}  // namespace digest_encoder_detail

Status DigestEncoder::Encode(const DigestInput& in, EncodedDigest* out) {
  namespace d = digest_encoder_detail;
  Impl& m = *impl_;
  ND_RETURN_IF_ERROR(m.init);
  if (in.body.size() > m.options.article_limit) return Status::TooLarge("article exceeds the article size limit");
  if (in.summary.size() > format::kMaxSummarySentences) return Status::InvalidArgument("too many summary sentences");
  const bool shared = in.text_ref != 0;
  size_t summary_size = 0, summary_frame = 0;
  int dict = -1;
  if (!shared) {
    // Text = summary sentences, then the body without them.
    m.text.clear();
    m.text.reserve(in.body.size());
    uint64_t prev_end = 0;
    for (const auto& [off, len] : in.summary) {
      if (len == 0 || off < prev_end || uint64_t{off} + len > in.body.size())
        return Status::InvalidArgument("summary spans must be ordered, non-empty ranges of the body");
      m.text.append(in.body, off, len);
      prev_end = uint64_t{off} + len;
    }
    summary_size = m.text.size();
    size_t cursor = 0;
    for (const auto& [off, len] : in.summary) {
      m.text.append(in.body, cursor, off - cursor);
      cursor = off + len;
    }
    m.text.append(in.body, cursor, std::string::npos);
    dict = d::PickDictionary(m.options.dictionaries, in.lang);
    ZSTD_CCtx_refCDict(m.cctx, dict >= 0 ? m.cdicts[static_cast<size_t>(dict)] : nullptr);
    ND_RETURN_IF_ERROR(d::CompressFrame(m.cctx, m.text, summary_size, &m.frame, &summary_frame));
  }

  auto& msg = m.msg;
  msg.Clear();
  msg.set_id(in.id);
  msg.set_title(in.title);
  msg.set_source(in.source);
  msg.set_place(in.place);
  msg.set_byline(in.byline);
  msg.set_url(in.url);
  msg.set_published(in.published);
  for (const auto& k : in.keywords) msg.add_keywords(k);
  // Dictionary and language are left out when they are the file's defaults:
  // the first dictionary, and the language of the digest's dictionary. An
  // encoder without dictionaries names "none" explicitly (dict_id 0), since
  // the file may have some.
  const auto& dicts = m.options.dictionaries;
  const uint32_t dict_id = dict >= 0 ? dicts[static_cast<size_t>(dict)]->id : 0;
  bool uses_defaults = false;
  const DictionaryData* effective = nullptr;  // the dictionary a reader will assume
  if (dicts.empty()) {
    msg.set_dict_id(0);
  } else if (shared || dict == 0) {
    effective = dicts[0];  // shared digests have no frame: name the default
    uses_defaults = true;
  } else {
    msg.set_dict_id(dict_id);
    effective = dicts[static_cast<size_t>(dict)];
  }
  if (effective != nullptr && effective->lang == in.lang) uses_defaults = true;
  else if (effective != nullptr || !in.lang.empty()) msg.set_lang(in.lang);
  msg.set_text_size(static_cast<uint32_t>(in.body.size()));
  msg.set_text_ref(in.text_ref);
  uint32_t prev_end = 0;
  for (const auto& [off, len] : in.summary) {
    msg.add_summary_spans(off - prev_end);
    msg.add_summary_spans(len);
    prev_end = off + len;
  }
  // Payload: the metadata message, then the frame (the record header's
  // meta_len tells them apart).
  std::string payload;
  if (!msg.SerializeToString(&payload)) return Status::Corruption("protobuf serialization failed");
  const uint32_t meta_len = static_cast<uint32_t>(payload.size());
  if (meta_len > format::kMaxMetaSize) return Status::TooLarge("metadata (title, keywords...) exceeds 64 KiB");
  if (!shared) payload.append(m.frame);
  if (payload.size() > format::kMaxRecordPayload) return Status::TooLarge("record too large");

  out->record.clear();
  AppendRecord(format::kRecordDigest, payload, meta_len, &out->record);
  out->meta_size = meta_len;
  out->text_size = static_cast<uint32_t>(in.body.size());
  out->summary_size = static_cast<uint32_t>(summary_size);
  out->summary_sentences = static_cast<uint32_t>(in.summary.size());
  if (shared) {
    for (const auto& span : in.summary) out->summary_size += span.second;
  }
  out->dict_id = shared ? 0 : dict_id;
  out->defaults_key = uses_defaults ? DictionaryListKey(dicts) : 0;
  out->frame_size = shared ? 0 : static_cast<uint32_t>(m.frame.size());
  out->summary_frame_size = shared ? 0 : static_cast<uint32_t>(summary_frame);
  out->text_ref = in.text_ref;
  return Status::OK();
}

}  // namespace newsdigest::writer
