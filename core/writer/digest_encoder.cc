// DigestEncoder: article -> digest record (protobuf metadata + zstd text).
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include "newsdigest.pb.h"
#include "newsdigest/format/format.h"
#include "newsdigest/writer/digest_builder.h"
#include "writer_internal.h"

namespace newsdigest::writer {

struct DigestEncoder::Impl {
  EncoderOptions options;
  ZSTD_CCtx* cctx = nullptr;
  ZSTD_CDict* cdict = nullptr;
  std::string text;    // summary sentences, then the rest of the body
  std::string frame;   // compressed text frame
  newsdigest::v1::Digest msg;
};

DigestEncoder::DigestEncoder(const EncoderOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  ZSTD_CCtx* c = impl_->cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, options.level);
  ZSTD_CCtx_setParameter(c, ZSTD_c_format, ZSTD_f_zstd1_magicless);
  ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 1);
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 0);
  ZSTD_CCtx_setParameter(c, ZSTD_c_dictIDFlag, 0);
  if (options.dictionary != nullptr && !options.dictionary->content.empty()) {
    const auto& d = options.dictionary->content;
    impl_->cdict = ZSTD_createCDict(d.data(), d.size(), options.level);
    ZSTD_CCtx_refCDict(c, impl_->cdict);
  }
}

DigestEncoder::~DigestEncoder() {
  ZSTD_freeCDict(impl_->cdict);
  ZSTD_freeCCtx(impl_->cctx);
}

namespace digest_encoder_detail {

// Compresses `text` as one zstd frame whose first blocks hold exactly the
// first `prefix` bytes (a flush ends a block), so a reader can stop after
// them. The frame has no magic number, dictionary id or checksum: the
// container identifies and checksums it.
Status CompressFrame(ZSTD_CCtx* cctx, std::string_view text, size_t prefix, std::string* frame) {
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
  in.size = text.size();
  size_t r;
  do {
    r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_end);
    if (ZSTD_isError(r)) return Status::Corruption("zstd: cannot compress the body");
  } while (r != 0);
  frame->resize(out.pos);
  return Status::OK();
}

}  // namespace digest_encoder_detail

Status DigestEncoder::Encode(const DigestInput& in, EncodedDigest* out) {
  namespace d = digest_encoder_detail;
  Impl& m = *impl_;
  if (in.body.size() > m.options.article_limit) return Status::TooLarge("article exceeds the article size limit");
  if (in.summary.size() > format::kMaxSummarySentences) return Status::InvalidArgument("too many summary sentences");
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
  const size_t summary_size = m.text.size();
  size_t cursor = 0;
  for (const auto& [off, len] : in.summary) {
    m.text.append(in.body, cursor, off - cursor);
    cursor = off + len;
  }
  m.text.append(in.body, cursor, std::string::npos);

  ND_RETURN_IF_ERROR(d::CompressFrame(m.cctx, m.text, summary_size, &m.frame));

  auto& msg = m.msg;
  msg.Clear();
  msg.set_id(in.id);
  msg.set_title(in.title);
  msg.set_source(in.source);
  msg.set_place(in.place);
  msg.set_byline(in.byline);
  msg.set_url(in.url);
  msg.set_published(in.published);
  msg.set_lang(in.lang);
  for (const auto& k : in.keywords) msg.add_keywords(k);
  msg.set_dict_id(m.cdict != nullptr ? m.options.dictionary->id : 0);
  msg.set_text_size(static_cast<uint32_t>(in.body.size()));
  for (const auto& [off, len] : in.summary) {
    msg.add_summary_spans(off);
    msg.add_summary_spans(len);
  }
  // Metadata prefix, then field 15 (`text`) by hand: protobuf's canonical
  // order puts it last, so payload == msg serialization with text set.
  std::string payload;
  if (!msg.SerializeToString(&payload)) return Status::Corruption("protobuf serialization failed");
  const uint32_t meta_len = static_cast<uint32_t>(payload.size());
  AppendVarint(&payload, (uint64_t{format::kDigestTextField} << 3) | 2);
  AppendVarint(&payload, m.frame.size());
  payload.append(m.frame);
  if (payload.size() > format::kMaxRecordPayload) return Status::TooLarge("record too large");

  out->record.clear();
  AppendRecord(format::kRecordDigest, payload, meta_len, &out->record);
  out->meta_size = meta_len;
  out->text_size = static_cast<uint32_t>(in.body.size());
  out->summary_size = static_cast<uint32_t>(summary_size);
  out->summary_sentences = static_cast<uint32_t>(in.summary.size());
  out->dict_id = msg.dict_id();
  return Status::OK();
}

}  // namespace newsdigest::writer
