// The reader's record half: reading bytes, record headers and checked
// records, the index, scanning for records (linear in the file size) and
// finding digests when the index is damaged.
#include <cstring>

#include "nd_reader_internal.h"

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

nd_status ReadRecordHeader(nd_reader* r, uint64_t offset, const uint8_t** h, uint8_t* buf, fmt::RecordHeader* out) {
  if (offset >= r->size) return ND_ERR_TRUNCATED;
  const uint64_t left = r->size - offset;
  const size_t n = left < fmt::kMaxRecordHeaderSize ? static_cast<size_t>(left) : fmt::kMaxRecordHeaderSize;
  ND_TRY(ReadAt(r, offset, n, h, buf));
  switch (fmt::ParseRecordHeader(*h, n, out)) {
    case fmt::RecordParse::kOk: break;
    case fmt::RecordParse::kNeedMore: return ND_ERR_TRUNCATED;
    case fmt::RecordParse::kMalformed: return ND_ERR_CORRUPT;
  }
  if (out->kind == fmt::kRecordDigest &&
      (out->payload_len > r->limits.max_record_size || out->meta_len > r->limits.max_meta_size))
    return ND_ERR_CORRUPT;
  // Non-digest records have no text part: text_crc is the CRC of nothing (0),
  // checked here so that no header byte escapes detection.
  if (out->kind != fmt::kRecordDigest && (out->meta_len != out->payload_len || out->text_crc != 0))
    return ND_ERR_CORRUPT;
  const uint64_t end = offset + out->size + out->payload_len;
  if (end > r->size) return ND_ERR_TRUNCATED;
  return ND_OK;
}

nd_status ChecksumRange(nd_reader* r, uint64_t offset, uint64_t len, uint32_t crc, uint32_t* out) {
  if (offset > r->size || len > r->size - offset) return ND_ERR_TRUNCATED;
  if (r->data != nullptr) {
    *out = fmt::Crc32c(crc, r->data + offset, static_cast<size_t>(len));
    return ND_OK;
  }
  uint8_t chunk[64];
  while (len > 0) {
    const size_t n = len < sizeof chunk ? static_cast<size_t>(len) : sizeof chunk;
    const uint8_t* c = nullptr;
    ND_TRY(ReadAt(r, offset, n, &c, chunk));
    crc = fmt::Crc32c(crc, c, n);
    offset += n;
    len -= n;
  }
  *out = crc;
  return ND_OK;
}

uint8_t* IoPayloadBuf(nd_reader* r) { return r->io != nullptr ? r->io + fmt::kMaxRecordHeaderSize : nullptr; }

nd_status LoadRecord(nd_reader* r, uint64_t offset, int need_text) {
  if (r->rec_valid && r->rec_offset == offset) {
    if (!need_text || r->text_checked) return ND_OK;
  } else {
    r->rec_valid = 0;
    r->frame_active = 0;
    const uint8_t* h = nullptr;
    fmt::RecordHeader rh;
    ND_TRY(ReadRecordHeader(r, offset, &h, r->io, &rh));
    if (r->data == nullptr && rh.payload_len + fmt::kMaxRecordHeaderSize > r->io_cap) return ND_ERR_TOO_LARGE;
    const uint8_t* p = nullptr;
    ND_TRY(ReadAt(r, offset + rh.size, need_text ? rh.payload_len : rh.meta_len, &p, IoPayloadBuf(r)));
    if (fmt::RecordMetaCrc(rh, h, p) != rh.meta_crc) return ND_ERR_CHECKSUM;
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
    if (fmt::RecordTextCrc(r->rec, r->payload) != r->rec.text_crc) {
      r->rec_valid = 0;
      return ND_ERR_CHECKSUM;
    }
    r->text_checked = 1;
  }
  return ND_OK;
}

// ---- Prefix checksums (ScanCrc) ----------------------------------------------

// Starts the prefix checksums at `origin`, sized for ranges up to `reach`
// bytes ahead of the scan position.
void ScanCrcReset(nd_reader* r, uint64_t origin) {
  ScanCrc& s = r->scan_crc;
  const uint64_t reach = fmt::kMaxRecordHeaderSize + uint64_t{r->limits.max_meta_size};
  uint32_t shift = 6;  // strides of at least 64 bytes
  while ((uint64_t{1} << shift) * (kScanCheckpoints - 3) < reach) ++shift;
  s.valid = 1;
  s.origin = origin;
  s.shift = shift;
  s.cp_first = 0;
  s.cp_count = 1;
  s.cp[0] = 0;  // P(origin): the CRC of nothing
  s.last_x[0] = s.last_x[1] = 0;
  s.last_p[0] = s.last_p[1] = 0;
}

// P(x) (CRC-32C of bytes [origin, x)) into *out. `slot` (0 or 1) names the
// remembered result to reuse. ND_ERR_NOT_FOUND when x lies before the
// ring's first checkpoint (the caller starts over at a later origin).
nd_status ScanPrefix(nd_reader* r, uint64_t x, int slot, uint32_t* out) {
  ScanCrc& s = r->scan_crc;
  constexpr uint32_t kMask = kScanCheckpoints - 1;
  if (x < s.origin || x - s.origin > 0xFFFFFFFFu) return ND_ERR_NOT_FOUND;
  const uint32_t rel = static_cast<uint32_t>(x - s.origin);
  const uint32_t j = rel >> s.shift;
  if (j < s.cp_first) return ND_ERR_NOT_FOUND;
  // Extend the ring up to checkpoint j (each byte is hashed once here).
  while (j - s.cp_first >= s.cp_count) {
    const uint32_t last = s.cp_first + s.cp_count - 1;
    uint32_t next = 0;
    ND_TRY(ChecksumRange(r, s.origin + (last << s.shift), 1u << s.shift, s.cp[last & kMask], &next));
    if (s.cp_count == kScanCheckpoints) {
      ++s.cp_first;
      --s.cp_count;
    }
    s.cp[(last + 1) & kMask] = next;
    ++s.cp_count;
  }
  // From the checkpoint, or from the last result of this slot when closer.
  uint32_t from = j << s.shift;
  uint32_t crc = s.cp[j & kMask];
  if (s.last_x[slot] <= rel && s.last_x[slot] > from) {
    from = s.last_x[slot];
    crc = s.last_p[slot];
  }
  ND_TRY(ChecksumRange(r, s.origin + from, rel - from, crc, &crc));
  s.last_x[slot] = rel;
  s.last_p[slot] = crc;
  *out = crc;
  return ND_OK;
}

// Whether the metadata checksum of the digest candidate at `at` (header h,
// parsed as rh) holds, from prefix checksums:
//   meta_crc = Crc32c(Crc32c(0, h[0, n)), bytes [s, e))
//            = Shift(Crc32c(0, h[0, n)) ^ P(s), e - s) ^ P(e)
// with s, e the metadata's bounds and n the bytes before the checksums.
nd_status ScanMetaCrcHolds(nd_reader* r, uint64_t at, const uint8_t* h, const fmt::RecordHeader& rh, bool* holds) {
  const uint32_t head = fmt::Crc32c(0, h, fmt::RecordCrcPrefix(rh));
  const uint64_t s = at + rh.size, e = s + rh.meta_len;
  // Start over when the scan moved back, or jumped past the checkpoints
  // (over an accepted record: its bytes need no prefix checksums).
  const ScanCrc& sc = r->scan_crc;
  if (!sc.valid || at < sc.origin || at - sc.origin >= (uint64_t{sc.cp_first + sc.cp_count} << sc.shift))
    ScanCrcReset(r, at);
  uint32_t ps = 0, pe = 0;
  nd_status st = ScanPrefix(r, s, 0, &ps);
  if (st == ND_ERR_NOT_FOUND) {
    ScanCrcReset(r, at);
    st = ScanPrefix(r, s, 0, &ps);
  }
  ND_TRY(st);
  ND_TRY(ScanPrefix(r, e, 1, &pe));
  *holds = (fmt::Crc32cShift(head ^ ps, rh.meta_len) ^ pe) == rh.meta_crc;
  return ND_OK;
}

// Whether a checked record of kind `kind` starts at `at` (see nd_reader_scan).
nd_status ScanCandidate(nd_reader* r, uint64_t at, const uint8_t* h, const fmt::RecordHeader& rh, bool* ok) {
  *ok = false;
  switch (rh.kind) {
    case fmt::kRecordDigest:
      return ScanMetaCrcHolds(r, at, h, rh, ok);
    case fmt::kRecordDictionary:
      // Only where open found an intact dictionary record.
      for (uint32_t k = 0; k < r->dict_record_count; ++k) *ok = *ok || uint64_t{r->dict_records[k]} == at;
      return ND_OK;
    case fmt::kRecordIndex: {
      // Only where the index must be: ending at the trailer, one u32 per digest.
      if (rh.payload_len != 4ull * r->limits.digest_count ||
          at + rh.size + rh.payload_len + fmt::kTrailerSize != r->size)
        return ND_OK;
      uint32_t crc = 0;
      ND_TRY(ChecksumRange(r, at + rh.size, rh.payload_len, fmt::Crc32c(0, h, fmt::RecordCrcPrefix(rh)), &crc));
      *ok = crc == rh.meta_crc;
      return ND_OK;
    }
    default:
      return ND_OK;
  }
}

// Finds digest i by scanning, continuing from the cursor when it is not
// past i (reading digests in order costs one scan in all).
nd_status FindDigestByScan(nd_reader* r, uint32_t i, uint64_t* offset) {
  DigestCursor& c = r->cursor;
  if (c.valid && c.have_last && c.next_i == i + 1) {
    *offset = c.last_offset;
    return ND_OK;
  }
  if (!c.valid || c.next_i > i) {
    // Start over; what is known of the total stays known.
    const int done = c.valid && c.done;
    const uint32_t found = c.found;
    std::memset(&c, 0, sizeof c);
    c.valid = 1;
    c.pos = r->first_record;
    c.done = done;
    c.found = found;
  }
  if (c.done && i >= c.found) return ND_ERR_NOT_FOUND;
  uint64_t off = 0;
  uint32_t kind = 0;
  for (;;) {
    const nd_status s = nd_reader_scan(r, &c.pos, &off, &kind);
    if (s == ND_ERR_NOT_FOUND) {
      c.done = 1;
      c.found = c.next_i;
      return ND_ERR_NOT_FOUND;
    }
    ND_TRY(s);
    if (kind != fmt::kRecordDigest) continue;
    c.last_offset = off;
    c.have_last = 1;
    if (c.next_i++ == i) {
      *offset = off;
      return ND_OK;
    }
  }
}

}  // namespace nd_reader_detail

nd_status nd_reader_offset(nd_reader* r, uint32_t i, uint64_t* offset) {
  if (r == nullptr || offset == nullptr) return ND_ERR_INVALID_ARGUMENT;
  if (i >= r->limits.digest_count) return ND_ERR_NOT_FOUND;
  if (r->index_damaged) return nd_reader_detail::FindDigestByScan(r, i, offset);
  uint8_t buf[4];
  const uint8_t* p = nullptr;
  ND_TRY(nd_reader_detail::ReadAt(r, r->index_payload + 4ull * i, 4, &p, buf));
  const uint64_t off = newsdigest::format::LoadLE32(p);
  if (off < r->first_record || off >= r->index_payload) return ND_ERR_CORRUPT;
  *offset = off;
  return ND_OK;
}

nd_status nd_reader_readable_count(nd_reader* r, uint32_t* count) {
  if (r == nullptr || count == nullptr) return ND_ERR_INVALID_ARGUMENT;
  if (!r->index_damaged) {
    *count = r->limits.digest_count;
    return ND_OK;
  }
  nd_reader_detail::DigestCursor& c = r->cursor;
  if (!(c.valid && c.done)) {
    // Scan to the end once; the cursor remembers the count.
    uint64_t off = 0;
    const nd_status s = nd_reader_detail::FindDigestByScan(r, 0xFFFFFFFFu, &off);
    if (s != ND_ERR_NOT_FOUND && s != ND_OK) return s;
  }
  *count = c.found < r->limits.digest_count ? c.found : r->limits.digest_count;
  return ND_OK;
}

nd_status nd_reader_scan(nd_reader* r, uint64_t* pos, uint64_t* offset, uint32_t* kind) {
  namespace fmt = newsdigest::format;
  if (r == nullptr || pos == nullptr || offset == nullptr || kind == nullptr) return ND_ERR_INVALID_ARGUMENT;
  uint64_t at = *pos < r->first_record ? r->first_record : *pos;
  uint8_t buf[fmt::kMaxRecordHeaderSize];
  while (at + fmt::kMinRecordHeaderSize <= r->size) {
    const uint8_t* h = nullptr;
    fmt::RecordHeader rh;
    const nd_status hs = nd_reader_detail::ReadRecordHeader(r, at, &h, buf, &rh);
    if (hs == ND_ERR_IO) return hs;
    if (hs == ND_OK) {
      bool ok = false;
      ND_TRY(nd_reader_detail::ScanCandidate(r, at, h, rh, &ok));
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

nd_status nd_reader_record_at(nd_reader* r, uint64_t offset, nd_record* out) {
  if (r == nullptr || out == nullptr) return ND_ERR_INVALID_ARGUMENT;
  ND_TRY(nd_reader_detail::LoadRecord(r, offset, 0));
  out->kind = r->rec.kind;
  out->header_size = r->rec.size;
  out->payload_len = r->rec.payload_len;
  out->meta_len = r->rec.meta_len;
  out->text_ref = 0;
  if (r->rec.kind == newsdigest::format::kRecordDigest) {
    if (!r->meta_decoded) {
      const nd_status s = nd_reader_detail::DecodeMeta(r, nullptr);
      if (s != ND_OK) {
        r->rec_valid = 0;
        return s;
      }
      r->meta_decoded = 1;
    }
    out->text_ref = r->text_ref;
  }
  return ND_OK;
}

nd_status nd_reader_check_at(nd_reader* r, uint64_t offset) {
  if (r == nullptr) return ND_ERR_INVALID_ARGUMENT;
  ND_TRY(nd_reader_detail::LoadDigest(r, offset, 1, nullptr));
  // A full decompression needs the text buffer of a full workspace.
  if (r->text == nullptr) return ND_ERR_TOO_LARGE;
  return nd_reader_detail::DecodeText(r, r->text_size, r->text, r->text_cap);
}
