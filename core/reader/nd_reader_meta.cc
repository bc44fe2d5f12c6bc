// The reader's metadata half: a digest's metadata read straight from the
// protobuf wire format (no decompression, no nanopb tables on the hot path).
#include <cstring>

#include "nd_reader_internal.h"
#include "newsdigest/format/wire.h"

namespace nd_reader_detail {

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

bool AddSpan(nd_reader* r, uint64_t v) {
  if (v > 0xFFFFFFFFu || r->span_count >= 2 * fmt::kMaxSummarySentences) return false;
  r->spans[r->span_count++] = static_cast<uint32_t>(v);
  return true;
}

// Parses p[0 .. len) into *w, r->spans and (when m is not null) the strings.
bool ParseDigestWire(nd_reader* r, const uint8_t* p, size_t len, DigestWire* w, nd_meta* m) {
  const uint8_t* end = p + len;
  while (p < end) {
    uint64_t tag = 0, v = 0;
    if (!fmt::DecodeVarint(&p, end, &tag) || tag > 0xFFFFFFFFu) return false;
    const uint32_t field = static_cast<uint32_t>(tag >> 3), type = static_cast<uint32_t>(tag & 7);
    if (field == 0) return false;
    const uint8_t* str = nullptr;
    switch (type) {
      case fmt::kWireVarint:
        if (!fmt::DecodeVarint(&p, end, &v)) return false;
        break;
      case fmt::kWireFixed64:
      case fmt::kWireFixed32: {
        const size_t n = type == fmt::kWireFixed64 ? 8 : 4;
        if (static_cast<size_t>(end - p) < n) return false;
        p += n;
        break;
      }
      case fmt::kWireBytes:
        if (!fmt::DecodeVarint(&p, end, &v) || v > static_cast<uint64_t>(end - p)) return false;
        str = p;
        p += v;
        break;
      default:
        return false;  // groups and reserved wire types
    }
    const bool is_str = type == fmt::kWireBytes, is_varint = type == fmt::kWireVarint;
    switch (field) {
      case fmt::field::kDigestId: case fmt::field::kDigestTitle: case fmt::field::kDigestSource:
      case fmt::field::kDigestPlace: case fmt::field::kDigestByline: case fmt::field::kDigestUrl:
      case fmt::field::kDigestLang: {
        if (!is_str) return false;
        if (m != nullptr) {
          nd_str* const dst[] = {&m->id, &m->title, &m->source, &m->place, &m->byline, &m->url, nullptr, &m->lang};
          dst[field - 1]->ptr = reinterpret_cast<const char*>(str);
          dst[field - 1]->len = static_cast<size_t>(v);
        }
        break;
      }
      case fmt::field::kDigestKeywords:
        if (!is_str) return false;
        if (m != nullptr) {
          if (m->keyword_count < ND_MAX_KEYWORDS) {
            m->keywords[m->keyword_count].ptr = reinterpret_cast<const char*>(str);
            m->keywords[m->keyword_count].len = static_cast<size_t>(v);
          }
          ++m->keyword_count;
        }
        break;
      case fmt::field::kDigestPublished:
        if (!is_varint) return false;
        w->published = static_cast<int64_t>(v);
        break;
      case fmt::field::kDigestDictId: case fmt::field::kDigestTextSize: case fmt::field::kDigestTextRef: {
        if (!is_varint || v > 0xFFFFFFFFu) return false;
        const uint32_t x = static_cast<uint32_t>(v);
        if (field == fmt::field::kDigestDictId) {
          w->dict_id = x;
          w->has_dict_id = true;
        } else if (field == fmt::field::kDigestTextSize) {
          w->text_size = x;
        } else {
          w->text_ref = x;
        }
        break;
      }
      case fmt::field::kDigestSummarySpans:
        if (is_varint) {
          if (!AddSpan(r, v)) return false;
        } else if (is_str) {
          const uint8_t* q = str;
          const uint8_t* q_end = str + v;
          while (q < q_end) {
            uint64_t x = 0;
            if (!fmt::DecodeVarint(&q, q_end, &x) || !AddSpan(r, x)) return false;
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
  if (r->rec.kind != fmt::kRecordDigest) return ND_ERR_NOT_FOUND;
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

}  // namespace nd_reader_detail

nd_status nd_reader_meta_at(nd_reader* r, uint64_t offset, nd_meta* out) {
  if (r == nullptr || out == nullptr) return ND_ERR_INVALID_ARGUMENT;
  return nd_reader_detail::LoadDigest(r, offset, 0, out);
}

nd_status nd_reader_meta(nd_reader* r, uint32_t i, nd_meta* out) {
  uint64_t off = 0;
  ND_TRY(nd_reader_offset(r, i, &off));
  return nd_reader_meta_at(r, off, out);
}

