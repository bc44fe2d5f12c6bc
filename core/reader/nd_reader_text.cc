// The reader's text half: decoding a digest's zstd frame (whole, or only
// the summary's blocks), shared text, and rebuilding the body from summary
// sentences and the rest.
#include <zstd_errors.h>

#include <cstring>

#include "nd_reader_internal.h"

namespace nd_reader_detail {

// Decodes the loaded record's text frame into buf[0 .. cap) until at least
// `target` bytes are out (or the whole frame when target == text_size).
// Resumes a frame in progress in the same buffer, so summary-then-body costs
// one pass (and one load of the dictionary's tables).
nd_status DecodeText(nd_reader* r, uint32_t target, uint8_t* buf, size_t cap) {
  if (r->frame_active && r->frame_buf != buf) r->frame_active = 0;
  if (!r->frame_active) {
    // The frame: the payload after the metadata.
    const uint32_t len = r->rec.payload_len - r->rec.meta_len;
    if (len == 0) return ND_ERR_CORRUPT;
    size_t zr = 0;
    if (r->dict_id != 0) {
      uint32_t k = 0;
      while (k < r->dict_count && r->dicts[k].id != r->dict_id) ++k;
      if (k == r->dict_count) return ND_ERR_CORRUPT;
      const Dict& d = r->dicts[k];
      if (d.content == nullptr) return ND_ERR_DICTIONARY_MISSING;
      // Tables digested at open (fast workspace), else loaded per frame.
#ifndef NEWSDIGEST_READER_NO_DDICT
      if (d.ddict != nullptr) zr = ZSTD_decompressBegin_usingDDict(r->dctx, d.ddict);
      else
#endif
        zr = ZSTD_decompressBegin_usingDict(r->dctx, d.content, d.size);
    } else {
      zr = ZSTD_decompressBegin(r->dctx);
    }
    if (ZSTD_isError(zr)) return ND_ERR_CORRUPT;
    r->frame_buf = buf;
    r->frame = r->payload + r->rec.meta_len;
    r->frame_len = len;
    r->src_pos = 0;
    r->decoded = 0;
    r->frame_done = 0;
    r->frame_active = 1;
  }
  const bool whole = target >= r->text_size;
  const size_t limit = cap < r->text_size ? cap : r->text_size;
  while (!r->frame_done && (whole || r->decoded < target)) {
    size_t need = ZSTD_nextSrcSizeToDecompress(r->dctx);
    if (need == 0) {
      r->frame_done = 1;
      break;
    }
    if (need > r->frame_len - r->src_pos) {
      r->frame_active = 0;
      return ND_ERR_CORRUPT;
    }
    size_t n = ZSTD_decompressContinue(r->dctx, buf + r->decoded, limit - r->decoded, r->frame + r->src_pos, need);
    if (ZSTD_isError(n)) {
      r->frame_active = 0;
      return limit < r->text_size && ZSTD_getErrorCode(n) == ZSTD_error_dstSize_tooSmall ? ND_ERR_BUFFER_TOO_SMALL
                                                                                          : ND_ERR_CORRUPT;
    }
    r->src_pos += static_cast<uint32_t>(need);
    r->decoded += static_cast<uint32_t>(n);
  }
  if (whole && (!r->frame_done || r->decoded != r->text_size || r->src_pos != r->frame_len)) {
    r->frame_active = 0;
    return ND_ERR_CORRUPT;
  }
  if (r->decoded < target) {
    r->frame_active = 0;
    return ND_ERR_CORRUPT;
  }
  return ND_OK;
}

nd_status LoadDigest(nd_reader* r, uint64_t offset, int need_text, nd_meta* meta) {
  ND_TRY(LoadRecord(r, offset, need_text));
  // The metadata is decoded once per loaded record unless strings are asked.
  nd_status s = meta == nullptr && r->meta_decoded ? ND_OK : DecodeMeta(r, meta);
  if (s != ND_OK) {
    r->rec_valid = 0;
    return s;
  }
  r->meta_decoded = 1;
  if (!need_text || r->text_ref == 0) return ND_OK;
  // Shared text: switch to the earlier record that holds it, which must
  // describe the same text (size and summary spans).
  const uint64_t ref = r->text_ref;
  if (ref >= offset || ref < r->first_record) return ND_ERR_CORRUPT;
  if (r->payload_loaded != r->rec.meta_len || r->rec.payload_len != r->rec.meta_len) return ND_ERR_CORRUPT;
  uint32_t spans[2 * fmt::kMaxSummarySentences];
  const uint32_t span_count = r->span_count, text_size = r->text_size;
  std::memcpy(spans, r->spans, sizeof(uint32_t) * span_count);
  ND_TRY(LoadRecord(r, ref, 1));
  s = r->meta_decoded ? ND_OK : DecodeMeta(r, nullptr);
  if (s == ND_OK && (r->text_ref != 0 || r->text_size != text_size || r->span_count != span_count ||
                     std::memcmp(spans, r->spans, sizeof(uint32_t) * span_count) != 0))
    s = ND_ERR_CORRUPT;
  if (s != ND_OK) r->rec_valid = 0;
  else r->meta_decoded = 1;
  return s;
}

uint32_t SummaryTotal(const nd_reader* r) {
  uint32_t total = 0;
  for (uint32_t k = 1; k < r->span_count; k += 2) total += r->spans[k];
  return total;
}

// The summary of the loaded digest, decoded into buf[0 .. buf_cap).
nd_status Summary(nd_reader* r, uint8_t* buf, size_t buf_cap, nd_str* sentences, uint32_t cap, uint32_t* count) {
  uint32_t pairs = r->span_count / 2;
  if (pairs > cap) return ND_ERR_BUFFER_TOO_SMALL;
  uint32_t total = SummaryTotal(r);
  if (buf_cap < total) return ND_ERR_BUFFER_TOO_SMALL;
  ND_TRY(DecodeText(r, total, buf, buf_cap));
  uint32_t pos = 0;
  for (uint32_t k = 0; k < pairs; ++k) {
    sentences[k].ptr = reinterpret_cast<const char*>(buf + pos);
    sentences[k].len = r->spans[2 * k + 1];
    pos += r->spans[2 * k + 1];
  }
  *count = pairs;
  return ND_OK;
}

// Rebuilds the body from text = summary sentences + the rest.
void RebuildBody(const nd_reader* r, char* out) {
  uint32_t pairs = r->span_count / 2;
  uint32_t summary_total = SummaryTotal(r);
  uint32_t body_pos = 0, rest_pos = summary_total, sum_pos = 0;
  for (uint32_t k = 0; k < pairs; ++k) {
    uint32_t off = r->spans[2 * k], len = r->spans[2 * k + 1];
    uint32_t gap = off - body_pos;
    std::memcpy(out + body_pos, r->text + rest_pos, gap);
    rest_pos += gap;
    std::memcpy(out + off, r->text + sum_pos, len);
    sum_pos += len;
    body_pos = off + len;
  }
  std::memcpy(out + body_pos, r->text + rest_pos, r->text_size - body_pos);
}

// Copies n bytes from src down to dst < src (regions may overlap), 16 bytes
// at a time: every chunk is read before it is written, and writes stay below
// the unread part. Faster than a byte-wise memmove of small libcs.
void MoveDown(uint8_t* dst, const uint8_t* src, uint32_t n) {
  while (n >= 16) {
    uint32_t w[4];
    std::memcpy(w, src, 16);
    std::memcpy(dst, w, 16);
    dst += 16;
    src += 16;
    n -= 16;
  }
  while (n-- > 0) *dst++ = *src++;
}

// Rebuilds the body in place: buf holds the text (summary sentences, then
// the gaps between them in order). The gaps move left to their body
// positions, then the sentences (saved in r->scratch) go into the holes.
void RebuildBodyInPlace(const nd_reader* r, uint8_t* buf) {
  const uint32_t pairs = r->span_count / 2;
  if (pairs == 0) return;
  const uint32_t summary_total = SummaryTotal(r);
  std::memcpy(r->scratch, buf, summary_total);
  uint32_t src = summary_total, dst = 0;
  for (uint32_t k = 0; k <= pairs; ++k) {
    const uint32_t end = k < pairs ? r->spans[2 * k] : r->text_size;
    MoveDown(buf + dst, buf + src, end - dst);
    src += end - dst;
    if (k < pairs) dst = r->spans[2 * k] + r->spans[2 * k + 1];
  }
  uint32_t pos = 0;
  for (uint32_t k = 0; k < pairs; ++k) {
    std::memcpy(buf + r->spans[2 * k], r->scratch + pos, r->spans[2 * k + 1]);
    pos += r->spans[2 * k + 1];
  }
}

// Decompresses one whole magic-less frame (no dictionary) of exactly `size`
// bytes into dst, with the buffer-less API the text decoder uses too.
nd_status InflateFrame(nd_reader* r, const uint8_t* src, size_t len, uint8_t* dst, size_t size) {
  if (ZSTD_isError(ZSTD_decompressBegin(r->dctx))) return ND_ERR_CORRUPT;
  size_t pos = 0, out = 0;
  for (;;) {
    const size_t need = ZSTD_nextSrcSizeToDecompress(r->dctx);
    if (need == 0) break;
    if (need > len - pos) return ND_ERR_CORRUPT;
    const size_t n = ZSTD_decompressContinue(r->dctx, dst + out, size - out, src + pos, need);
    if (ZSTD_isError(n)) return ND_ERR_CORRUPT;
    pos += need;
    out += n;
  }
  return pos == len && out == size ? ND_OK : ND_ERR_CORRUPT;
}

}  // namespace nd_reader_detail

nd_status nd_reader_summary_at(nd_reader* r, uint64_t offset, nd_str* sentences, uint32_t cap, uint32_t* count) {
  if (r == nullptr || count == nullptr || (sentences == nullptr && cap > 0)) return ND_ERR_INVALID_ARGUMENT;
  if (r->text == nullptr) return ND_ERR_TOO_LARGE;  // minimal workspace: use nd_reader_summary_into
  ND_TRY(nd_reader_detail::LoadDigest(r, offset, 1, nullptr));
  return nd_reader_detail::Summary(r, r->text, r->text_cap, sentences, cap, count);
}

nd_status nd_reader_summary_into_at(nd_reader* r, uint64_t offset, char* buf, size_t buf_cap, nd_str* sentences,
                                    uint32_t cap, uint32_t* count) {
  if (r == nullptr || count == nullptr || buf == nullptr || (sentences == nullptr && cap > 0))
    return ND_ERR_INVALID_ARGUMENT;
  ND_TRY(nd_reader_detail::LoadDigest(r, offset, 1, nullptr));
  return nd_reader_detail::Summary(r, reinterpret_cast<uint8_t*>(buf), buf_cap, sentences, cap, count);
}

nd_status nd_reader_summary_into(nd_reader* r, uint32_t i, char* buf, size_t buf_cap, nd_str* sentences,
                                 uint32_t cap, uint32_t* count) {
  uint64_t off = 0;
  ND_TRY(nd_reader_offset(r, i, &off));
  return nd_reader_summary_into_at(r, off, buf, buf_cap, sentences, cap, count);
}

nd_status nd_reader_summary(nd_reader* r, uint32_t i, nd_str* sentences, uint32_t cap, uint32_t* count) {
  uint64_t off = 0;
  ND_TRY(nd_reader_offset(r, i, &off));
  return nd_reader_summary_at(r, off, sentences, cap, count);
}

nd_status nd_reader_body_at(nd_reader* r, uint64_t offset, char* out, size_t cap, size_t* len) {
  if (r == nullptr || len == nullptr || (out == nullptr && cap > 0)) return ND_ERR_INVALID_ARGUMENT;
  ND_TRY(nd_reader_detail::LoadDigest(r, offset, 1, nullptr));
  if (cap < r->text_size) {
    *len = r->text_size;
    return ND_ERR_BUFFER_TOO_SMALL;
  }
  auto* dst = reinterpret_cast<uint8_t*>(out);
  if (r->text != nullptr && r->frame_active && r->frame_buf == r->text) {
    // A summary was decoded into the workspace: finish there, then copy.
    ND_TRY(nd_reader_detail::DecodeText(r, r->text_size, r->text, r->text_cap));
    nd_reader_detail::RebuildBody(r, out);
  } else {
    // Decode straight into the caller's buffer (resuming a summary decoded
    // there by nd_reader_summary_into) and reorder in place.
    ND_TRY(nd_reader_detail::DecodeText(r, r->text_size, dst, cap));
    nd_reader_detail::RebuildBodyInPlace(r, dst);
    r->frame_active = 0;  // the buffer no longer holds the frame's output
  }
  *len = r->text_size;
  return ND_OK;
}

nd_status nd_reader_body(nd_reader* r, uint32_t i, char* out, size_t cap, size_t* len) {
  uint64_t off = 0;
  ND_TRY(nd_reader_offset(r, i, &off));
  return nd_reader_body_at(r, off, out, cap, len);
}

