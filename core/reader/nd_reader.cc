// The newsdigest reader: no heap, no exceptions, workspace supplied by the
// caller. The file layout is core/format/FORMAT.md; the threat model is
// SECURITY.md next to this file.
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#include <zstd_errors.h>

#include <pb_decode.h>

#include <cstring>

#include "newsdigest.npb.h"
#include "newsdigest/format/format.h"
#include "newsdigest/reader/nd_reader.h"

namespace fmt_ = newsdigest::format;

#define ND_TRY(expr)                    \
  do {                                  \
    nd_status nd_try_s_ = (expr);       \
    if (nd_try_s_ != ND_OK) return nd_try_s_; \
  } while (0)

namespace nd_reader_detail {

constexpr uint32_t kMaxDicts = 8;
constexpr size_t kAlign = 16;

constexpr size_t AlignUp(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

struct Dict {
  uint32_t id;
  uint32_t crc;
  uint32_t size;
  uint8_t embedded;
  uint8_t compressed;  // embedded as a zstd frame (decompressed at open)
  uint8_t lang_len;
  char lang[16];           // BCP 47 tag (newsdigest.options: max_size 16)
  const uint8_t* content;  // null until found (embedded) or supplied
  // Its tables digested once (fast workspace only; null otherwise or when
  // zstd refused the dictionary), referencing `content`.
  const ZSTD_DDict* ddict;
};

using RecordHeader = fmt_::RecordHeader;

}  // namespace nd_reader_detail

struct nd_reader {
  // Input: either memory (data) or a read callback (fn, ctx).
  const uint8_t* data;
  nd_read_fn fn;
  void* ctx;
  uint64_t size;

  nd_limits limits;
  uint64_t first_record;   // offset of the first record (after the header)
  uint64_t index_payload;  // offset of the index payload
  int index_damaged;

  nd_reader_detail::Dict dicts[nd_reader_detail::kMaxDicts];
  uint32_t dict_count;

  // Workspace areas. `text` (max_text_size bytes) is absent (null) in a
  // minimal workspace; `scratch` (max_summary_size bytes) then holds the
  // summary while a body is rebuilt in place (it aliases `text` otherwise).
  ZSTD_DCtx* dctx;
  uint8_t* text;
  uint32_t text_cap;
  uint8_t* scratch;
  uint8_t* io;        // callback mode: one record (header + payload)
  uint32_t io_cap;
  uint8_t* dict_area; // callback mode: embedded dictionaries
  uint32_t dict_area_cap;
  uint32_t dict_area_used;
  uint8_t* ddict_area;  // fast workspace: one DDict slot per dictionary, else null
  uint32_t ddict_slots;

  // The record currently loaded.
  int rec_valid;
  uint64_t rec_offset;
  nd_reader_detail::RecordHeader rec;
  const uint8_t* payload;   // rec.payload_len bytes (callback mode: maybe only meta)
  uint32_t payload_loaded;  // bytes of payload available
  int text_checked;
  int meta_decoded;  // text_size .. spans below describe the loaded record

  // Decoded metadata of the loaded record.
  uint32_t text_size;
  uint32_t dict_id;
  uint32_t text_ref;
  uint32_t span_count;  // number of uint32 values (pairs * 2)
  uint32_t spans[2 * fmt_::kMaxSummarySentences];

  // Frame decoding progress for the loaded record, into frame_buf (the
  // workspace text buffer or a caller's buffer of frame_cap bytes).
  int frame_active;
  uint8_t* frame_buf;
  const uint8_t* frame;
  uint32_t frame_len;
  uint32_t src_pos;
  uint32_t decoded;
  int frame_done;
};

namespace nd_reader_detail {

nd_status ReadAt(nd_reader* r, uint64_t offset, size_t len, const uint8_t** out, uint8_t* buf) {
  if (offset > r->size || len > r->size - offset) return ND_ERR_TRUNCATED;
  if (r->data != nullptr) {
    *out = r->data + offset;
    return ND_OK;
  }
  if (len > 0 && r->fn(r->ctx, offset, buf, len) != 0) return ND_ERR_IO;
  *out = buf;
  return ND_OK;
}

// Reads the bytes of a record header at `offset` (up to
// kMaxRecordHeaderSize, fewer at the end of the file) and parses them.
nd_status ReadRecordHeader(nd_reader* r, uint64_t offset, const uint8_t** h, uint8_t* buf, RecordHeader* out) {
  if (offset >= r->size) return ND_ERR_TRUNCATED;
  const uint64_t left = r->size - offset;
  const size_t n = left < fmt_::kMaxRecordHeaderSize ? static_cast<size_t>(left) : fmt_::kMaxRecordHeaderSize;
  ND_TRY(ReadAt(r, offset, n, h, buf));
  const int size = fmt_::DecodeRecordHeader(*h, n, out);
  if (size < 0) return ND_ERR_TRUNCATED;
  if (size == 0) return ND_ERR_CORRUPT;
  if (out->kind == fmt_::kRecordDigest &&
      (out->payload_len > r->limits.max_record_size || out->meta_len > r->limits.max_meta_size))
    return ND_ERR_CORRUPT;
  // Non-digest records have no text part: text_crc is the CRC of nothing (0),
  // checked here so that no header byte escapes detection.
  if (out->kind != fmt_::kRecordDigest && (out->meta_len != out->payload_len || out->text_crc != 0))
    return ND_ERR_CORRUPT;
  uint64_t end = offset + out->size + out->payload_len;
  if (end > r->size) return ND_ERR_TRUNCATED;
  return ND_OK;
}

// Where a record's payload is read to in callback mode (after its header in
// the io buffer); null in memory mode, which has no io buffer.
uint8_t* IoPayloadBuf(nd_reader* r) { return r->io != nullptr ? r->io + fmt_::kMaxRecordHeaderSize : nullptr; }

// Loads the record at `offset`: its header, its metadata (checked), and,
// when `need_text`, the rest of its payload (checked).
nd_status LoadRecord(nd_reader* r, uint64_t offset, int need_text) {
  if (r->rec_valid && r->rec_offset == offset) {
    if (!need_text || r->text_checked) return ND_OK;
  } else {
    r->rec_valid = 0;
    r->frame_active = 0;
    const uint8_t* h = nullptr;
    RecordHeader rh;
    ND_TRY(ReadRecordHeader(r, offset, &h, r->io, &rh));
    if (r->data == nullptr && rh.payload_len + fmt_::kMaxRecordHeaderSize > r->io_cap) return ND_ERR_TOO_LARGE;
    const uint8_t* p = nullptr;
    uint64_t poff = offset + rh.size;
    ND_TRY(ReadAt(r, poff, need_text ? rh.payload_len : rh.meta_len, &p, IoPayloadBuf(r)));
    uint32_t crc = fmt_::Crc32c(0, h, rh.size - 8u);
    crc = fmt_::Crc32c(crc, p, rh.meta_len);
    if (crc != rh.meta_crc) return ND_ERR_CHECKSUM;
    r->rec = rh;
    r->rec_offset = offset;
    r->payload = p;
    r->payload_loaded = need_text ? rh.payload_len : rh.meta_len;
    r->text_checked = 0;
    r->meta_decoded = 0;
    r->rec_valid = 1;
  }
  if (need_text) {
    if (r->payload_loaded < r->rec.payload_len) {
      const uint8_t* p = nullptr;
      ND_TRY(ReadAt(r, offset + r->rec.size, r->rec.payload_len, &p, IoPayloadBuf(r)));
      r->payload = p;
      r->payload_loaded = r->rec.payload_len;
    }
    uint32_t crc = fmt_::Crc32c(0, r->payload + r->rec.meta_len, r->rec.payload_len - r->rec.meta_len);
    if (crc != r->rec.text_crc) {
      r->rec_valid = 0;
      return ND_ERR_CHECKSUM;
    }
    r->text_checked = 1;
  }
  return ND_OK;
}

// nanopb callback (dictionary records): a string captured as a view into the
// input buffer.
bool CaptureString(pb_istream_t* stream, const pb_field_t*, void** arg) {
  auto* s = static_cast<nd_str*>(*arg);
  s->ptr = static_cast<const char*>(stream->state);
  s->len = stream->bytes_left;
  return pb_read(stream, nullptr, stream->bytes_left);
}

// The Digest metadata (proto/newsdigest.proto), read straight from the
// protobuf wire format: the headline path is hot on hosts and counted in
// instructions on devices. Strings are views into the payload. Rules:
// unknown fields are skipped; a known field with another wire type, a
// group, a zero field number, a varint longer than 10 bytes or a uint32
// above 2^32 - 1 is corrupt; the last of repeated scalars wins; spans may
// be packed (any number of runs) or not.
struct DigestWire {
  int64_t published;
  uint32_t text_size, dict_id, text_ref;
  bool has_dict_id;
};

bool WireVarint(const uint8_t** p, const uint8_t* end, uint64_t* out) {
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 70; shift += 7) {
    if (*p >= end) return false;
    const uint8_t b = *(*p)++;
    if (shift == 63 && b > 1) return false;  // beyond 64 bits
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      *out = v;
      return true;
    }
  }
  return false;
}

bool AddSpan(nd_reader* r, uint64_t v) {
  if (v > 0xFFFFFFFFu || r->span_count >= 2 * fmt_::kMaxSummarySentences) return false;
  r->spans[r->span_count++] = static_cast<uint32_t>(v);
  return true;
}

// Parses p[0 .. len) into *w, r->spans and (when m is not null) the strings.
bool ParseDigestWire(nd_reader* r, const uint8_t* p, size_t len, DigestWire* w, nd_meta* m) {
  const uint8_t* end = p + len;
  while (p < end) {
    uint64_t tag = 0, v = 0;
    if (!WireVarint(&p, end, &tag) || tag > 0xFFFFFFFFu) return false;
    const uint32_t field = static_cast<uint32_t>(tag >> 3), type = static_cast<uint32_t>(tag & 7);
    if (field == 0) return false;
    const uint8_t* str = nullptr;
    switch (type) {
      case 0:
        if (!WireVarint(&p, end, &v)) return false;
        break;
      case 1:
      case 5: {
        const size_t n = type == 1 ? 8 : 4;
        if (static_cast<size_t>(end - p) < n) return false;
        p += n;
        break;
      }
      case 2:
        if (!WireVarint(&p, end, &v) || v > static_cast<uint64_t>(end - p)) return false;
        str = p;
        p += v;
        break;
      default:
        return false;  // groups and reserved wire types
    }
    const bool is_str = type == 2, is_varint = type == 0;
    switch (field) {
      case 1: case 2: case 3: case 4: case 5: case 6: case 8: {
        if (!is_str) return false;
        if (m != nullptr) {
          nd_str* const dst[] = {&m->id, &m->title, &m->source, &m->place, &m->byline, &m->url, nullptr, &m->lang};
          dst[field - 1]->ptr = reinterpret_cast<const char*>(str);
          dst[field - 1]->len = static_cast<size_t>(v);
        }
        break;
      }
      case 9:
        if (!is_str) return false;
        if (m != nullptr) {
          if (m->keyword_count < ND_MAX_KEYWORDS) {
            m->keywords[m->keyword_count].ptr = reinterpret_cast<const char*>(str);
            m->keywords[m->keyword_count].len = static_cast<size_t>(v);
          }
          ++m->keyword_count;
        }
        break;
      case 7:
        if (!is_varint) return false;
        w->published = static_cast<int64_t>(v);
        break;
      case 10: case 11: case 13: {
        if (!is_varint || v > 0xFFFFFFFFu) return false;
        const uint32_t x = static_cast<uint32_t>(v);
        if (field == 10) {
          w->dict_id = x;
          w->has_dict_id = true;
        } else if (field == 11) {
          w->text_size = x;
        } else {
          w->text_ref = x;
        }
        break;
      }
      case 12:
        if (is_varint) {
          if (!AddSpan(r, v)) return false;
        } else if (is_str) {
          const uint8_t* q = str;
          const uint8_t* q_end = str + v;
          while (q < q_end) {
            uint64_t x = 0;
            if (!WireVarint(&q, q_end, &x) || !AddSpan(r, x)) return false;
          }
        } else {
          return false;
        }
        break;
      default:
        break;  // unknown field: skipped
    }
  }
  return true;
}

// Decodes the metadata of the loaded digest record into r (and *out).
nd_status DecodeMeta(nd_reader* r, nd_meta* out) {
  if (r->rec.kind != fmt_::kRecordDigest) return ND_ERR_NOT_FOUND;
  // lang starts as a null pointer: non-null afterwards means "present".
  if (out != nullptr) std::memset(out, 0, sizeof *out);
  DigestWire msg = {0, 0, 0, 0, false};
  r->span_count = 0;
  if (!ParseDigestWire(r, r->payload, r->rec.meta_len, &msg, out)) return ND_ERR_CORRUPT;
  if (msg.text_size > r->limits.max_text_size) return ND_ERR_CORRUPT;
  if ((r->span_count & 1u) != 0) return ND_ERR_CORRUPT;
  // Spans are stored as (gap, length); turn them into (offset, length),
  // ordered, non-overlapping, non-empty and inside the body.
  uint64_t prev_end = 0, total = 0;
  for (uint32_t k = 0; k < r->span_count; k += 2) {
    uint64_t off = prev_end + r->spans[k], len = r->spans[k + 1];
    if (len == 0 || off + len > msg.text_size) return ND_ERR_CORRUPT;
    r->spans[k] = static_cast<uint32_t>(off);
    prev_end = off + len;
    total += len;
  }
  if (total > r->limits.max_summary_size) return ND_ERR_CORRUPT;
  // Defaults: the file's first dictionary, and that dictionary's language.
  uint32_t dict_id = msg.has_dict_id ? msg.dict_id : (r->dict_count > 0 ? r->dicts[0].id : 0);
  r->text_size = msg.text_size;
  r->dict_id = dict_id;
  r->text_ref = msg.text_ref;
  if (out == nullptr) return ND_OK;
  nd_meta* m = out;
  for (uint32_t k = 0; m->lang.ptr == nullptr && k < r->dict_count && dict_id != 0; ++k) {
    if (r->dicts[k].id != dict_id) continue;
    m->lang.ptr = r->dicts[k].lang;
    m->lang.len = r->dicts[k].lang_len;
  }
  if (m->lang.ptr == nullptr) m->lang.ptr = "";
  m->published = msg.published;
  m->text_size = msg.text_size;
  m->summary_size = static_cast<uint32_t>(total);
  m->summary_count = r->span_count / 2;
  m->dict_id = dict_id;
  if (m->keyword_count > ND_MAX_KEYWORDS) m->keyword_count = ND_MAX_KEYWORDS;
  return ND_OK;
}

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
  uint32_t spans[2 * fmt_::kMaxSummarySentences];
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

nd_status FindDigestByScan(nd_reader* r, uint32_t i, uint64_t* offset);

}  // namespace nd_reader_detail

const char* nd_status_str(nd_status s) {
#ifdef NEWSDIGEST_STRIP_ERROR_STRINGS
  (void)s;
  return "";
#else
  switch (s) {
    case ND_OK: return "ok";
    case ND_ERR_INVALID_ARGUMENT: return "invalid argument";
    case ND_ERR_NOT_FOUND: return "not found";
    case ND_ERR_CORRUPT: return "corrupt data";
    case ND_ERR_TRUNCATED: return "truncated file";
    case ND_ERR_CHECKSUM: return "checksum mismatch";
    case ND_ERR_BAD_VERSION: return "unsupported format version";
    case ND_ERR_TOO_LARGE: return "too large for the workspace";
    case ND_ERR_IO: return "read error";
    case ND_ERR_NOT_SUPPORTED: return "not supported";
    case ND_ERR_DICTIONARY_MISSING: return "dictionary missing (not embedded, not supplied)";
    case ND_ERR_BUFFER_TOO_SMALL: return "buffer too small";
  }
  return "unknown error";
#endif
}

nd_status nd_reader_probe(const uint8_t* head, size_t head_len, nd_limits* out, size_t* needed) {
  if (head == nullptr || out == nullptr) return ND_ERR_INVALID_ARGUMENT;
  if (head_len < fmt_::kPreambleSize) {
    if (needed != nullptr) *needed = fmt_::kPreambleSize;
    return ND_ERR_TRUNCATED;
  }
  if (std::memcmp(head, fmt_::kFileMagic, 4) != 0) return ND_ERR_CORRUPT;
  if (head[4] != fmt_::kVersionMajor) return ND_ERR_BAD_VERSION;
  uint32_t hlen = fmt_::LoadLE16(head + 6);
  if (hlen > fmt_::kMaxHeaderSize) return ND_ERR_CORRUPT;
  if (head_len < fmt_::kPreambleSize + hlen) {
    if (needed != nullptr) *needed = fmt_::kPreambleSize + hlen;
    return ND_ERR_TRUNCATED;
  }
  uint32_t crc = fmt_::Crc32c(fmt_::Crc32c(0, head, 8), head + fmt_::kPreambleSize, hlen);
  if (crc != fmt_::LoadLE32(head + 8)) return ND_ERR_CHECKSUM;
  newsdigest_v1_FileHeader h = newsdigest_v1_FileHeader_init_zero;
  pb_istream_t stream = pb_istream_from_buffer(head + fmt_::kPreambleSize, hlen);
  if (!pb_decode(&stream, newsdigest_v1_FileHeader_fields, &h)) return ND_ERR_CORRUPT;
  if (h.digest_count > fmt_::kMaxDigests || h.max_record_size > fmt_::kMaxRecordPayload ||
      h.max_text_size > fmt_::kMaxRecordPayload || h.max_meta_size > h.max_record_size ||
      h.max_summary_size > h.max_text_size || h.max_summary_sentences > fmt_::kMaxSummarySentences)
    return ND_ERR_CORRUPT;
  std::memset(out, 0, sizeof *out);
  out->digest_count = h.digest_count;
  out->max_text_size = h.max_text_size;
  out->max_summary_size = h.max_summary_size;
  out->max_meta_size = h.max_meta_size;
  out->max_record_size = h.max_record_size;
  out->max_summary_sentences = h.max_summary_sentences;
  out->header_size = static_cast<uint32_t>(fmt_::kPreambleSize + hlen);
  uint64_t dict_bytes = 0, inflated = 0;
  for (pb_size_t k = 0; k < h.dictionaries_count; ++k) {
    if (h.dictionaries[k].size > fmt_::kMaxRecordPayload) return ND_ERR_CORRUPT;
    if (h.dictionaries[k].embedded) dict_bytes += h.dictionaries[k].size;
    if (h.dictionaries[k].embedded && h.dictionaries[k].compressed) inflated += h.dictionaries[k].size;
  }
  if (dict_bytes > fmt_::kMaxRecordPayload) return ND_ERR_CORRUPT;
  out->embedded_dict_bytes = static_cast<uint32_t>(dict_bytes);
  out->inflated_dict_bytes = static_cast<uint32_t>(inflated);
  out->dict_count = h.dictionaries_count;
  return ND_OK;
}

namespace nd_reader_detail {

size_t BaseSize() { return AlignUp(sizeof(nd_reader)) + AlignUp(ZSTD_estimateDCtxSize()); }

// Callback mode: one record (header + payload), at least the file header.
size_t IoSize(const nd_limits* limits) {
  size_t io = limits->max_record_size;
  if (limits->embedded_dict_bytes + 64u > io) io = limits->embedded_dict_bytes + 64u;
  io += fmt_::kMaxRecordHeaderSize;
  if (io < limits->header_size) io = limits->header_size;
  return AlignUp(io);
}

// One DDict slot. By reference, so its size does not depend on the
// dictionary's.
size_t DDictSlotSize() { return AlignUp(ZSTD_estimateDDictSize(0, ZSTD_dlm_byRef)); }

// Fast workspaces: one DDict slot per dictionary the file names.
// NEWSDIGEST_READER_NO_DDICT (device builds short of flash) leaves the
// DDict code out: the fast sizes then equal the full ones.
size_t DDictAreaSize(const nd_limits* limits) {
#ifdef NEWSDIGEST_READER_NO_DDICT
  (void)limits;
  return 0;
#else
  const size_t n = limits->dict_count < kMaxDicts ? limits->dict_count : kMaxDicts;
  return n * DDictSlotSize();
#endif
}

}  // namespace nd_reader_detail

size_t nd_reader_workspace_size(const nd_limits* limits) {
  using nd_reader_detail::AlignUp;
  if (limits == nullptr) return 0;
  return nd_reader_detail::BaseSize() + AlignUp(limits->max_text_size) + AlignUp(limits->inflated_dict_bytes);
}

size_t nd_reader_workspace_size_min(const nd_limits* limits) {
  using nd_reader_detail::AlignUp;
  if (limits == nullptr) return 0;
  return nd_reader_detail::BaseSize() + AlignUp(limits->max_summary_size) + AlignUp(limits->inflated_dict_bytes);
}

size_t nd_reader_workspace_size_io(const nd_limits* limits) {
  using nd_reader_detail::AlignUp;
  if (limits == nullptr) return 0;
  return nd_reader_workspace_size(limits) - AlignUp(limits->inflated_dict_bytes) + nd_reader_detail::IoSize(limits) +
         AlignUp(limits->embedded_dict_bytes);
}

size_t nd_reader_workspace_size_io_min(const nd_limits* limits) {
  using nd_reader_detail::AlignUp;
  if (limits == nullptr) return 0;
  return nd_reader_workspace_size_min(limits) - AlignUp(limits->inflated_dict_bytes) + nd_reader_detail::IoSize(limits) +
         AlignUp(limits->embedded_dict_bytes);
}

size_t nd_reader_workspace_size_fast(const nd_limits* limits) {
  if (limits == nullptr) return 0;
  return nd_reader_workspace_size(limits) + nd_reader_detail::DDictAreaSize(limits);
}

size_t nd_reader_workspace_size_io_fast(const nd_limits* limits) {
  if (limits == nullptr) return 0;
  return nd_reader_workspace_size_io(limits) + nd_reader_detail::DDictAreaSize(limits);
}

namespace nd_reader_detail {

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

// Digests dictionary k's tables into its DDict slot (fast workspace), by
// reference to its checked content. Without a slot, or when zstd refuses
// the dictionary, the digest path loads it per frame as before.
void MakeDDict(nd_reader* r, uint32_t k) {
  Dict& d = r->dicts[k];
  d.ddict = nullptr;
  if (r->ddict_area == nullptr || k >= r->ddict_slots || d.content == nullptr) return;
#ifndef NEWSDIGEST_READER_NO_DDICT
  const size_t slot = DDictSlotSize();
  d.ddict = ZSTD_initStaticDDict(r->ddict_area + k * slot, slot, d.content, d.size, ZSTD_dlm_byRef, ZSTD_dct_auto);
#endif
}

nd_status OpenCommon(nd_reader* r, void* ws, size_t ws_size, int io_mode) {
  // Header.
  uint8_t pre[fmt_::kPreambleSize];
  const uint8_t* p = nullptr;
  if (r->size < fmt_::kPreambleSize) return ND_ERR_TRUNCATED;
  ND_TRY(ReadAt(r, 0, fmt_::kPreambleSize, &p, pre));
  size_t needed = 0;
  nd_limits lim;
  nd_status s = nd_reader_probe(p, fmt_::kPreambleSize, &lim, &needed);
  if (s != ND_ERR_TRUNCATED) return s == ND_OK ? ND_ERR_CORRUPT : s;
  if (needed > r->size) return ND_ERR_TRUNCATED;
  // Carve the workspace, using the text buffer to hold the header while
  // probing in callback mode (it is large enough once sized; before that we
  // need the header to size it, so use the tail of the workspace).
  size_t base = AlignUp(sizeof(nd_reader)) + AlignUp(ZSTD_estimateDCtxSize());
  if (io_mode && ws_size < base + needed) return ND_ERR_TOO_LARGE;
  uint8_t* scratch = static_cast<uint8_t*>(ws) + base;
  ND_TRY(ReadAt(r, 0, needed, &p, scratch));
  ND_TRY(nd_reader_probe(p, needed, &lim, nullptr));
  // A full workspace has a text buffer; a minimal one only the scratch area.
  const size_t full_ws = io_mode ? nd_reader_workspace_size_io(&lim) : nd_reader_workspace_size(&lim);
  const size_t min_ws = io_mode ? nd_reader_workspace_size_io_min(&lim) : nd_reader_workspace_size_min(&lim);
  if (ws_size < min_ws) return ND_ERR_TOO_LARGE;
  const bool has_text = ws_size >= full_ws;
  // A fast workspace is a full one followed by the DDict slots.
  const bool has_ddicts = lim.dict_count > 0 && ws_size >= full_ws + DDictAreaSize(&lim);
  newsdigest_v1_FileHeader h = newsdigest_v1_FileHeader_init_zero;
  pb_istream_t stream = pb_istream_from_buffer(p + fmt_::kPreambleSize, needed - fmt_::kPreambleSize);
  if (!pb_decode(&stream, newsdigest_v1_FileHeader_fields, &h)) return ND_ERR_CORRUPT;
  const uint32_t header_crc = fmt_::LoadLE32(p + 8);
  r->limits = lim;
  r->first_record = needed;
  r->dict_count = 0;
  for (pb_size_t k = 0; k < h.dictionaries_count && k < kMaxDicts; ++k) {
    Dict& d = r->dicts[r->dict_count++];
    d.id = h.dictionaries[k].id;
    d.crc = h.dictionaries[k].content_crc;
    d.size = h.dictionaries[k].size;
    d.embedded = h.dictionaries[k].embedded ? 1 : 0;
    d.compressed = h.dictionaries[k].embedded && h.dictionaries[k].compressed ? 1 : 0;
    size_t ll = std::strlen(h.dictionaries[k].lang);
    d.lang_len = static_cast<uint8_t>(ll < sizeof d.lang ? ll : sizeof d.lang - 1);
    std::memcpy(d.lang, h.dictionaries[k].lang, d.lang_len);
    d.content = nullptr;
    d.ddict = nullptr;
  }
  // Workspace layout.
  uint8_t* w = static_cast<uint8_t*>(ws) + AlignUp(sizeof(nd_reader));
  r->dctx = ZSTD_initStaticDCtx(w, AlignUp(ZSTD_estimateDCtxSize()));
  if (r->dctx == nullptr) return ND_ERR_TOO_LARGE;
  if (ZSTD_isError(ZSTD_DCtx_setParameter(r->dctx, ZSTD_d_format, ZSTD_f_zstd1_magicless))) return ND_ERR_NOT_SUPPORTED;
  w += AlignUp(ZSTD_estimateDCtxSize());
  if (has_text) {
    r->text = w;
    r->text_cap = lim.max_text_size;
    w += AlignUp(lim.max_text_size);
  } else {
    r->text = nullptr;
    r->text_cap = 0;
    w += AlignUp(lim.max_summary_size);
  }
  r->scratch = w - AlignUp(has_text ? lim.max_text_size : lim.max_summary_size);
  if (io_mode) {
    size_t io = IoSize(&lim);
    r->io = w;
    r->io_cap = static_cast<uint32_t>(io);
    w += io;
    r->dict_area = w;
    r->dict_area_cap = lim.embedded_dict_bytes;
    r->dict_area_used = 0;
  } else if (lim.inflated_dict_bytes > 0) {
    r->dict_area = w;  // compressed embedded dictionaries, decompressed
    r->dict_area_cap = lim.inflated_dict_bytes;
    r->dict_area_used = 0;
  }
  // The DDict slots follow the full layout (which ends at full_ws).
  r->ddict_area = has_ddicts ? static_cast<uint8_t*>(ws) + full_ws : nullptr;
  r->ddict_slots = has_ddicts ? static_cast<uint32_t>(DDictAreaSize(&lim) / DDictSlotSize()) : 0;
  // Trailer and index.
  r->index_damaged = 1;
  if (r->size >= r->first_record + fmt_::kTrailerSize) {
    uint8_t trbuf[fmt_::kTrailerSize];
    const uint8_t* tr = nullptr;
    ND_TRY(ReadAt(r, r->size - fmt_::kTrailerSize, fmt_::kTrailerSize, &tr, trbuf));
    if (std::memcmp(tr + 20, fmt_::kTrailerMagic, 4) == 0 && fmt_::Crc32c(0, tr, 16) == fmt_::LoadLE32(tr + 16) &&
        fmt_::LoadLE32(tr + 8) == header_crc && fmt_::LoadLE32(tr + 4) == lim.digest_count) {
      uint64_t ioff = fmt_::LoadLE32(tr);
      uint8_t hb[fmt_::kMaxRecordHeaderSize];
      const uint8_t* rh = nullptr;
      RecordHeader parsed;
      if (ioff >= r->first_record && ioff < r->size - fmt_::kTrailerSize &&
          ReadRecordHeader(r, ioff, &rh, hb, &parsed) == ND_OK && parsed.kind == fmt_::kRecordIndex &&
          parsed.payload_len == 4ull * lim.digest_count &&
          ioff + parsed.size + parsed.payload_len + fmt_::kTrailerSize == r->size) {
        // Checksum the index in chunks (callback mode has no room for it all).
        uint32_t crc = fmt_::Crc32c(0, rh, parsed.size - 8u);
        uint8_t chunk[64];
        uint64_t at = ioff + parsed.size, left = parsed.payload_len;
        nd_status cs = ND_OK;
        while (left > 0 && cs == ND_OK) {
          size_t n = left < sizeof chunk ? static_cast<size_t>(left) : sizeof chunk;
          const uint8_t* c = nullptr;
          if (r->data != nullptr) n = static_cast<size_t>(left);
          cs = ReadAt(r, at, n, &c, chunk);
          if (cs == ND_OK) crc = fmt_::Crc32c(crc, c, n);
          at += n;
          left -= n;
        }
        if (cs == ND_OK && crc == parsed.meta_crc) {
          r->index_payload = ioff + parsed.size;
          r->index_damaged = 0;
        }
      }
    }
  }
  // Embedded dictionaries: the records right after the header.
  uint64_t pos = r->first_record;
  for (;;) {
    uint8_t hb[fmt_::kMaxRecordHeaderSize];
    const uint8_t* rh = nullptr;
    RecordHeader parsed;
    if (ReadRecordHeader(r, pos, &rh, hb, &parsed) != ND_OK || parsed.kind != fmt_::kRecordDictionary) break;
    if (r->data == nullptr && parsed.payload_len + fmt_::kMaxRecordHeaderSize > r->io_cap) break;
    const uint8_t* pl = nullptr;
    if (ReadAt(r, pos + parsed.size, parsed.payload_len, &pl, IoPayloadBuf(r)) != ND_OK) break;
    if (fmt_::Crc32c(fmt_::Crc32c(0, rh, parsed.size - 8u), pl, parsed.payload_len) == parsed.meta_crc) {
      newsdigest_v1_Dictionary dm = newsdigest_v1_Dictionary_init_zero;
      nd_str content = {nullptr, 0}, packed = {nullptr, 0};
      dm.content.funcs.decode = CaptureString;
      dm.content.arg = &content;
      dm.compressed.funcs.decode = CaptureString;
      dm.compressed.arg = &packed;
      pb_istream_t ds = pb_istream_from_buffer(pl, parsed.payload_len);
      if (pb_decode(&ds, newsdigest_v1_Dictionary_fields, &dm) && (content.ptr != nullptr) != (packed.ptr != nullptr)) {
        for (uint32_t k = 0; k < r->dict_count; ++k) {
          Dict& d = r->dicts[k];
          if (d.id != dm.id || !d.embedded || d.content != nullptr) continue;
          if (d.compressed != (packed.ptr != nullptr)) continue;
          if (d.compressed) {
            // Decompress into the dictionary area, then check the result.
            if (r->dict_area_used + d.size > r->dict_area_cap) continue;
            uint8_t* dst = r->dict_area + r->dict_area_used;
            if (InflateFrame(r, reinterpret_cast<const uint8_t*>(packed.ptr), packed.len, dst, d.size) != ND_OK ||
                fmt_::Crc32c(0, dst, d.size) != d.crc)
              continue;
            d.content = dst;
            r->dict_area_used += d.size;
            continue;
          }
          if (d.size != content.len || fmt_::Crc32c(0, content.ptr, content.len) != d.crc) continue;
          if (r->data != nullptr) {
            d.content = reinterpret_cast<const uint8_t*>(content.ptr);
          } else if (r->dict_area_used + content.len <= r->dict_area_cap) {
            std::memcpy(r->dict_area + r->dict_area_used, content.ptr, content.len);
            d.content = r->dict_area + r->dict_area_used;
            r->dict_area_used += static_cast<uint32_t>(content.len);
          }
        }
      }
    }
    pos += parsed.size + parsed.payload_len;
  }
  for (uint32_t k = 0; k < r->dict_count; ++k) MakeDDict(r, k);
  r->rec_valid = 0;
  r->frame_active = 0;
  return ND_OK;
}

nd_status FindDigestByScan(nd_reader* r, uint32_t i, uint64_t* offset) {
  uint64_t pos = 0, off = 0;
  uint32_t kind = 0, seen = 0;
  while (nd_reader_scan(r, &pos, &off, &kind) == ND_OK) {
    if (kind != fmt_::kRecordDigest) continue;
    if (seen++ == i) {
      *offset = off;
      return ND_OK;
    }
  }
  return ND_ERR_NOT_FOUND;
}

}  // namespace nd_reader_detail

namespace nd_reader_detail {

nd_status Open(const uint8_t* data, nd_read_fn fn, void* ctx, uint64_t size, void* ws, size_t ws_size,
                        nd_reader** out) {
  if (ws == nullptr || out == nullptr || (data == nullptr && fn == nullptr)) return ND_ERR_INVALID_ARGUMENT;
  if ((reinterpret_cast<uintptr_t>(ws) & 7u) != 0) return ND_ERR_INVALID_ARGUMENT;
  if (ws_size < sizeof(nd_reader)) return ND_ERR_TOO_LARGE;
  *out = nullptr;
  nd_reader* r = static_cast<nd_reader*>(ws);
  std::memset(r, 0, sizeof *r);
  r->data = data;
  r->fn = fn;
  r->ctx = ctx;
  r->size = size;
  ND_TRY(OpenCommon(r, ws, ws_size, data == nullptr));
  *out = r;
  return ND_OK;
}

}  // namespace nd_reader_detail

nd_status nd_reader_open_memory(const uint8_t* data, size_t len, void* ws, size_t ws_size, nd_reader** out) {
  if (data == nullptr) return ND_ERR_INVALID_ARGUMENT;
  return nd_reader_detail::Open(data, nullptr, nullptr, len, ws, ws_size, out);
}

nd_status nd_reader_open_io(nd_read_fn fn, void* ctx, uint64_t file_size, void* ws, size_t ws_size,
                            nd_reader** out) {
  if (fn == nullptr) return ND_ERR_INVALID_ARGUMENT;
  return nd_reader_detail::Open(nullptr, fn, ctx, file_size, ws, ws_size, out);
}

nd_status nd_reader_add_dictionary(nd_reader* r, uint32_t id, const uint8_t* content, size_t len) {
  if (r == nullptr || content == nullptr) return ND_ERR_INVALID_ARGUMENT;
  for (uint32_t k = 0; k < r->dict_count; ++k) {
    nd_reader_detail::Dict& d = r->dicts[k];
    if (d.id != id) continue;
    if (d.size != len || fmt_::Crc32c(0, content, len) != d.crc) return ND_ERR_CHECKSUM;
    d.content = content;
    nd_reader_detail::MakeDDict(r, k);
    r->frame_active = 0;
    return ND_OK;
  }
  return ND_ERR_NOT_FOUND;
}

uint32_t nd_reader_count(const nd_reader* r) { return r == nullptr ? 0 : r->limits.digest_count; }

void nd_reader_limits(const nd_reader* r, nd_limits* out) {
  if (r != nullptr && out != nullptr) *out = r->limits;
}

int nd_reader_index_damaged(const nd_reader* r) { return r == nullptr ? 1 : r->index_damaged; }

nd_status nd_reader_offset(nd_reader* r, uint32_t i, uint64_t* offset) {
  if (r == nullptr || offset == nullptr) return ND_ERR_INVALID_ARGUMENT;
  if (i >= r->limits.digest_count) return ND_ERR_NOT_FOUND;
  if (r->index_damaged) return nd_reader_detail::FindDigestByScan(r, i, offset);
  uint8_t buf[4];
  const uint8_t* p = nullptr;
  ND_TRY(nd_reader_detail::ReadAt(r, r->index_payload + 4ull * i, 4, &p, buf));
  uint64_t off = fmt_::LoadLE32(p);
  if (off < r->first_record || off >= r->index_payload) return ND_ERR_CORRUPT;
  *offset = off;
  return ND_OK;
}

nd_status nd_reader_meta_at(nd_reader* r, uint64_t offset, nd_meta* out) {
  if (r == nullptr || out == nullptr) return ND_ERR_INVALID_ARGUMENT;
  return nd_reader_detail::LoadDigest(r, offset, 0, out);
}

nd_status nd_reader_meta(nd_reader* r, uint32_t i, nd_meta* out) {
  uint64_t off = 0;
  ND_TRY(nd_reader_offset(r, i, &off));
  return nd_reader_meta_at(r, off, out);
}

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

nd_status nd_reader_scan(nd_reader* r, uint64_t* pos, uint64_t* offset, uint32_t* kind) {
  if (r == nullptr || pos == nullptr || offset == nullptr || kind == nullptr) return ND_ERR_INVALID_ARGUMENT;
  uint64_t at = *pos < r->first_record ? r->first_record : *pos;
  uint8_t buf[fmt_::kMaxRecordHeaderSize];
  while (at + fmt_::kMinRecordHeaderSize <= r->size) {
    const uint8_t* h = nullptr;
    nd_reader_detail::RecordHeader rh;
    nd_status hs = nd_reader_detail::ReadRecordHeader(r, at, &h, buf, &rh);
    if (hs == ND_ERR_IO) return hs;
    if (hs == ND_OK) {
      // A candidate: accept it when its metadata checksum holds.
      bool ok = false;
      if (rh.kind == fmt_::kRecordDigest) {
        ok = nd_reader_detail::LoadRecord(r, at, 0) == ND_OK;
      } else {
        uint32_t crc = fmt_::Crc32c(0, h, rh.size - 8u);
        uint8_t chunk[64];
        uint64_t p = at + rh.size, left = rh.payload_len;
        ok = true;
        while (left > 0) {
          size_t n = r->data != nullptr ? static_cast<size_t>(left) : (left < sizeof chunk ? static_cast<size_t>(left) : sizeof chunk);
          const uint8_t* c = nullptr;
          if (nd_reader_detail::ReadAt(r, p, n, &c, chunk) != ND_OK) { ok = false; break; }
          crc = fmt_::Crc32c(crc, c, n);
          p += n;
          left -= n;
        }
        ok = ok && crc == rh.meta_crc;
      }
      if (ok) {
        *offset = at;
        *kind = rh.kind;
        *pos = at + rh.size + rh.payload_len;
        return ND_OK;
      }
    }
    ++at;
  }
  *pos = r->size;
  return ND_ERR_NOT_FOUND;
}

nd_status nd_reader_check_at(nd_reader* r, uint64_t offset) {
  if (r == nullptr) return ND_ERR_INVALID_ARGUMENT;
  ND_TRY(nd_reader_detail::LoadDigest(r, offset, 1, nullptr));
  // A full decompression needs the text buffer of a full workspace.
  if (r->text == nullptr) return ND_ERR_TOO_LARGE;
  return nd_reader_detail::DecodeText(r, r->text_size, r->text, r->text_cap);
}

#undef ND_TRY
