// The reader's file-level half: status strings, probing the header,
// workspace sizes, opening (header decoded once, trailer, index, embedded
// dictionaries) and dictionary bookkeeping.
#include <pb_decode.h>

#include <cstring>

#include "nd_reader_internal.h"
#include "newsdigest.npb.h"
#include "newsdigest/format/signature.h"
#include "newsdigest/format/status.h"

namespace nd_reader_detail {

// The C enum and the C++ codes come from one list; check that they agree.
#define ND_STATUS_AGREE_(c_name, cxx_name, value, text)                                                  \
  static_assert(static_cast<int>(c_name) == (value) &&                                                   \
                    static_cast<int>(newsdigest::Status::Code::cxx_name) == static_cast<int>(c_name), \
                "nd_status and Status::Code disagree: " #c_name);
ND_STATUS_CODES(ND_STATUS_AGREE_)
#undef ND_STATUS_AGREE_

// Checks and decodes the header message after a checked preamble into *out
// and *h: the one place the FileHeader is decoded.
nd_status DecodeHeader(const uint8_t* head, const fmt::Preamble& pre, nd_limits* out,
                       newsdigest_v1_FileHeader* h) {
  if (fmt::ComputeHeaderCrc(pre, head + fmt::kPreambleSize) != pre.header_crc) return ND_ERR_CHECKSUM;
  *h = newsdigest_v1_FileHeader_init_zero;
  pb_istream_t stream = pb_istream_from_buffer(head + fmt::kPreambleSize, pre.header_len);
  if (!pb_decode(&stream, newsdigest_v1_FileHeader_fields, h)) return ND_ERR_CORRUPT;
  if (h->digest_count > fmt::kMaxDigests || h->max_record_size > fmt::kMaxRecordPayload ||
      h->max_text_size > fmt::kMaxRecordPayload || h->max_meta_size > h->max_record_size ||
      h->max_meta_size > fmt::kMaxMetaSize || h->max_summary_size > h->max_text_size ||
      h->max_summary_sentences > fmt::kMaxSummarySentences)
    return ND_ERR_CORRUPT;
  std::memset(out, 0, sizeof *out);
  out->digest_count = h->digest_count;
  out->max_text_size = h->max_text_size;
  out->max_summary_size = h->max_summary_size;
  out->max_meta_size = h->max_meta_size;
  out->max_record_size = h->max_record_size;
  out->max_summary_sentences = h->max_summary_sentences;
  out->header_size = static_cast<uint32_t>(fmt::kPreambleSize + pre.header_len);
  uint64_t dict_bytes = 0, inflated = 0;
  for (pb_size_t k = 0; k < h->dictionaries_count; ++k) {
    if (h->dictionaries[k].size > fmt::kMaxRecordPayload) return ND_ERR_CORRUPT;
    if (h->dictionaries[k].embedded) dict_bytes += h->dictionaries[k].size;
    if (h->dictionaries[k].embedded && h->dictionaries[k].compressed) inflated += h->dictionaries[k].size;
  }
  if (dict_bytes > fmt::kMaxRecordPayload) return ND_ERR_CORRUPT;
  out->embedded_dict_bytes = static_cast<uint32_t>(dict_bytes);
  out->inflated_dict_bytes = static_cast<uint32_t>(inflated);
  out->dict_count = h->dictionaries_count;
  return ND_OK;
}

// Decodes the preamble; on ND_OK *needed is the size of preamble + header.
nd_status ProbePreamble(const uint8_t* head, size_t head_len, fmt::Preamble* pre, size_t* needed) {
  switch (fmt::DecodePreamble(head, head_len, pre)) {
    case fmt::PreambleParse::kOk: break;
    case fmt::PreambleParse::kNeedMore: *needed = fmt::kPreambleSize; return ND_ERR_TRUNCATED;
    case fmt::PreambleParse::kBadVersion: return ND_ERR_BAD_VERSION;
    case fmt::PreambleParse::kBadMagic:
    case fmt::PreambleParse::kMalformed: return ND_ERR_CORRUPT;
  }
  *needed = fmt::kPreambleSize + pre->header_len;
  return ND_OK;
}

size_t BaseSize() { return AlignUp(sizeof(nd_reader)) + AlignUp(ZSTD_estimateDCtxSize()); }

// Callback mode: one record (header + payload), at least the file header.
size_t IoSize(const nd_limits* limits) {
  size_t io = limits->max_record_size;
  if (limits->embedded_dict_bytes + 64u > io) io = limits->embedded_dict_bytes + 64u;
  io += fmt::kMaxRecordHeaderSize;
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

void MakeDDict(nd_reader* r, uint32_t k) {
  Dict& d = r->dicts[k];
  d.ddict = nullptr;
  if (r->ddict_area == nullptr || k >= r->ddict_slots || d.content == nullptr) return;
#ifndef NEWSDIGEST_READER_NO_DDICT
  const size_t slot = DDictSlotSize();
  d.ddict = ZSTD_initStaticDDict(r->ddict_area + k * slot, slot, d.content, d.size, ZSTD_dlm_byRef, ZSTD_dct_auto);
#endif
}

// nanopb callback (dictionary records): a string captured as a view into the
// input buffer.
bool CaptureString(pb_istream_t* stream, const pb_field_t*, void** arg) {
  auto* s = static_cast<nd_str*>(*arg);
  s->ptr = static_cast<const char*>(stream->state);
  s->len = stream->bytes_left;
  return pb_read(stream, nullptr, stream->bytes_left);
}

// Trailer and index: sets r->index_payload and clears r->index_damaged when
// both check out.
nd_status OpenIndex(nd_reader* r, uint32_t header_crc) {
  r->index_damaged = 1;
  if (r->size < r->first_record + fmt::kTrailerSize) return ND_OK;
  uint8_t trbuf[fmt::kTrailerSize];
  const uint8_t* tr = nullptr;
  ND_TRY(ReadAt(r, r->size - fmt::kTrailerSize, fmt::kTrailerSize, &tr, trbuf));
  fmt::Trailer t;
  if (!fmt::DecodeTrailer(tr, &t) || t.header_crc != header_crc || t.digest_count != r->limits.digest_count)
    return ND_OK;
  const uint64_t ioff = t.index_offset;
  uint8_t hb[fmt::kMaxRecordHeaderSize];
  const uint8_t* rh = nullptr;
  fmt::RecordHeader parsed;
  if (ioff < r->first_record || ioff >= r->size - fmt::kTrailerSize ||
      ReadRecordHeader(r, ioff, &rh, hb, &parsed) != ND_OK || parsed.kind != fmt::kRecordIndex ||
      parsed.payload_len != 4ull * r->limits.digest_count ||
      ioff + parsed.size + parsed.payload_len + fmt::kTrailerSize != r->size)
    return ND_OK;
  uint32_t crc = 0;
  const nd_status cs = ChecksumRange(r, ioff + parsed.size, parsed.payload_len,
                                     fmt::Crc32c(0, rh, fmt::RecordCrcPrefix(parsed)), &crc);
  if (cs == ND_ERR_IO) return cs;
  if (cs == ND_OK && crc == parsed.meta_crc) {
    r->index_payload = ioff + parsed.size;
    r->index_damaged = 0;
  }
  return ND_OK;
}

// Matches the Dictionary message payload[0, len) against the header's
// embedded dictionaries and makes the matching one available.
void TakeDictionary(nd_reader* r, const uint8_t* payload, size_t len) {
  newsdigest_v1_Dictionary dm = newsdigest_v1_Dictionary_init_zero;
  nd_str content = {nullptr, 0}, packed = {nullptr, 0};
  dm.content.funcs.decode = CaptureString;
  dm.content.arg = &content;
  dm.compressed.funcs.decode = CaptureString;
  dm.compressed.arg = &packed;
  pb_istream_t ds = pb_istream_from_buffer(payload, len);
  if (!pb_decode(&ds, newsdigest_v1_Dictionary_fields, &dm) || (content.ptr != nullptr) == (packed.ptr != nullptr))
    return;
  for (uint32_t k = 0; k < r->dict_count; ++k) {
    Dict& d = r->dicts[k];
    if (d.id != dm.id || !d.embedded || d.content != nullptr) continue;
    if (d.compressed != (packed.ptr != nullptr)) continue;
    if (d.compressed) {
      // Decompress into the dictionary area, then check the result.
      if (r->dict_area_used + d.size > r->dict_area_cap) continue;
      uint8_t* dst = r->dict_area + r->dict_area_used;
      if (InflateFrame(r, reinterpret_cast<const uint8_t*>(packed.ptr), packed.len, dst, d.size) != ND_OK ||
          fmt::Crc32c(0, dst, d.size) != d.crc)
        continue;
      d.content = dst;
      r->dict_area_used += d.size;
      continue;
    }
    if (d.size != content.len || fmt::Crc32c(0, content.ptr, content.len) != d.crc) continue;
    if (r->data != nullptr) {
      d.content = reinterpret_cast<const uint8_t*>(content.ptr);
    } else if (r->dict_area_used + content.len <= r->dict_area_cap) {
      std::memcpy(r->dict_area + r->dict_area_used, content.ptr, content.len);
      d.content = r->dict_area + r->dict_area_used;
      r->dict_area_used += static_cast<uint32_t>(content.len);
    }
  }
}

// Embedded dictionaries: the records right after the header.
nd_status OpenDictionaries(nd_reader* r) {
  uint64_t pos = r->first_record;
  r->dict_record_count = 0;
  for (uint32_t guard = 0; guard < kMaxDicts; ++guard) {
    uint8_t hb[fmt::kMaxRecordHeaderSize];
    const uint8_t* rh = nullptr;
    fmt::RecordHeader parsed;
    if (ReadRecordHeader(r, pos, &rh, hb, &parsed) != ND_OK || parsed.kind != fmt::kRecordDictionary) break;
    if (r->data == nullptr && parsed.payload_len + fmt::kMaxRecordHeaderSize > r->io_cap) break;
    // Keep the header bytes: in callback mode `rh` points into hb, the
    // payload into the io buffer.
    const uint32_t head_crc = fmt::Crc32c(0, rh, fmt::RecordCrcPrefix(parsed));
    const uint8_t* pl = nullptr;
    const nd_status s = ReadAt(r, pos + parsed.size, parsed.payload_len, &pl, IoPayloadBuf(r));
    if (s == ND_ERR_IO) return s;
    if (s != ND_OK) break;
    if (fmt::Crc32c(head_crc, pl, parsed.payload_len) == parsed.meta_crc) {
      r->dict_records[r->dict_record_count++] = static_cast<uint32_t>(pos);
      TakeDictionary(r, pl, parsed.payload_len);
    }
    pos += parsed.size + parsed.payload_len;
  }
  for (uint32_t k = 0; k < r->dict_count; ++k) MakeDDict(r, k);
  return ND_OK;
}

// Opens r (input fields set) in workspace ws[0 .. ws_size).
nd_status OpenCommon(nd_reader* r, void* ws, size_t ws_size, int io_mode) {
  // Preamble, then the header message, decoded once.
  uint8_t pre_buf[fmt::kPreambleSize];
  const uint8_t* p = nullptr;
  if (r->size < fmt::kPreambleSize) return ND_ERR_TRUNCATED;
  ND_TRY(ReadAt(r, 0, fmt::kPreambleSize, &p, pre_buf));
  fmt::Preamble pre;
  size_t needed = 0;
  ND_TRY(ProbePreamble(p, fmt::kPreambleSize, &pre, &needed));
  if (needed > r->size) return ND_ERR_TRUNCATED;
  // In callback mode the header is read into the workspace after the DCtx
  // (the text buffer's place, unused until the layout is known).
  const size_t base = BaseSize();
  if (io_mode && ws_size < base + needed) return ND_ERR_TOO_LARGE;
  ND_TRY(ReadAt(r, 0, needed, &p, static_cast<uint8_t*>(ws) + base));
  nd_limits lim;
  newsdigest_v1_FileHeader h;
  ND_TRY(DecodeHeader(p, pre, &lim, &h));
  // A full workspace has a text buffer; a minimal one only the scratch area;
  // a fast one is a full one followed by the DDict slots.
  const unsigned mode = io_mode ? ND_WS_IO : 0u;
  const size_t full_ws = nd_reader_workspace_size_for(&lim, mode);
  const size_t min_ws = nd_reader_workspace_size_for(&lim, mode | ND_WS_MIN);
  if (ws_size < min_ws) return ND_ERR_TOO_LARGE;
  const bool has_text = ws_size >= full_ws;
  const bool has_ddicts = lim.dict_count > 0 && ws_size >= full_ws + DDictAreaSize(&lim);
  r->limits = lim;
  r->article_limit = h.article_limit;
  r->created = h.created;
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
  ND_TRY(OpenIndex(r, pre.header_crc));
  ND_TRY(OpenDictionaries(r));
  r->rec_valid = 0;
  r->frame_active = 0;
  return ND_OK;
}

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

const char* nd_status_str(nd_status s) { return newsdigest::StatusCodeText(static_cast<unsigned>(s)); }

#define ND_VERSION_STR_(x) #x
#define ND_VERSION_XSTR_(x) ND_VERSION_STR_(x)
const char* nd_version(void) {
  return ND_VERSION_XSTR_(ND_VERSION_MAJOR) "." ND_VERSION_XSTR_(ND_VERSION_MINOR) "." ND_VERSION_XSTR_(
      ND_VERSION_PATCH);
}
#undef ND_VERSION_XSTR_
#undef ND_VERSION_STR_

// The C macros and the format's C++ constants must agree.
static_assert(ND_FORMAT_VERSION_MAJOR == newsdigest::format::kVersionMajor, "nd_reader.h: format major");
// The newest minor version read is the signed files' (the writer's own
// unsigned files carry kVersionMinor, older).
static_assert(ND_FORMAT_VERSION_MINOR == newsdigest::format::kSignedVersionMinor, "nd_reader.h: format minor");
static_assert(ND_FORMAT_VERSION_MINOR >= newsdigest::format::kVersionMinor, "nd_reader.h: format minor");
uint32_t nd_format_version(void) { return (ND_FORMAT_VERSION_MAJOR << 8) | ND_FORMAT_VERSION_MINOR; }

nd_status nd_reader_probe(const uint8_t* head, size_t head_len, nd_limits* out, size_t* needed) {
  if (head == nullptr || out == nullptr) return ND_ERR_INVALID_ARGUMENT;
  newsdigest::format::Preamble pre;
  size_t n = 0;
  const nd_status s = nd_reader_detail::ProbePreamble(head, head_len, &pre, &n);
  if (s != ND_OK || head_len < n) {
    if (needed != nullptr && (s == ND_OK || s == ND_ERR_TRUNCATED)) *needed = n;
    return s != ND_OK ? s : ND_ERR_TRUNCATED;
  }
  newsdigest_v1_FileHeader h;
  return nd_reader_detail::DecodeHeader(head, pre, out, &h);
}

size_t nd_reader_workspace_size_for(const nd_limits* limits, unsigned flags) {
  using nd_reader_detail::AlignUp;
  if (limits == nullptr) return 0;
  const bool io = (flags & ND_WS_IO) != 0, min = (flags & ND_WS_MIN) != 0;
  size_t n = nd_reader_detail::BaseSize() + AlignUp(min ? limits->max_summary_size : limits->max_text_size);
  // Memory mode: compressed embedded dictionaries, decompressed. Callback
  // mode: one record, and every embedded dictionary.
  n += io ? nd_reader_detail::IoSize(limits) + AlignUp(limits->embedded_dict_bytes)
          : AlignUp(limits->inflated_dict_bytes);
  if ((flags & ND_WS_FAST) != 0 && !min) n += nd_reader_detail::DDictAreaSize(limits);
  return n;
}

size_t nd_reader_workspace_size(const nd_limits* limits) { return nd_reader_workspace_size_for(limits, 0); }
size_t nd_reader_workspace_size_io(const nd_limits* limits) { return nd_reader_workspace_size_for(limits, ND_WS_IO); }
size_t nd_reader_workspace_size_min(const nd_limits* limits) {
  return nd_reader_workspace_size_for(limits, ND_WS_MIN);
}
size_t nd_reader_workspace_size_io_min(const nd_limits* limits) {
  return nd_reader_workspace_size_for(limits, ND_WS_IO | ND_WS_MIN);
}
size_t nd_reader_workspace_size_fast(const nd_limits* limits) {
  return nd_reader_workspace_size_for(limits, ND_WS_FAST);
}
size_t nd_reader_workspace_size_io_fast(const nd_limits* limits) {
  return nd_reader_workspace_size_for(limits, ND_WS_IO | ND_WS_FAST);
}

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
    if (d.size != len || newsdigest::format::Crc32c(0, content, len) != d.crc) return ND_ERR_CHECKSUM;
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

nd_status nd_reader_file_info(const nd_reader* r, nd_file_info* out) {
  if (r == nullptr || out == nullptr) return ND_ERR_INVALID_ARGUMENT;
  out->article_limit = r->article_limit;
  out->created = r->created;
  out->first_record = r->first_record;
  return ND_OK;
}

nd_status nd_reader_dictionary(const nd_reader* r, uint32_t k, nd_dict_info* out) {
  if (r == nullptr || out == nullptr) return ND_ERR_INVALID_ARGUMENT;
  if (k >= r->dict_count) return ND_ERR_NOT_FOUND;
  const nd_reader_detail::Dict& d = r->dicts[k];
  out->id = d.id;
  out->content_crc = d.crc;
  out->size = d.size;
  out->embedded = d.embedded;
  out->compressed = d.compressed;
  out->lang.ptr = d.lang;
  out->lang.len = d.lang_len;
  out->content = d.content;
  return ND_OK;
}
