// Private to core/reader: the reader's state and the functions its source
// files share. The file layout is core/format/FORMAT.md; the threat model
// is SECURITY.md next to this file.
//
// Files: nd_reader_open.cc (probe, workspace, open, dictionaries),
// nd_reader_records.cc (record loading, index, scanning, checks),
// nd_reader_meta.cc (digest metadata), nd_reader_text.cc (summary and body).
#ifndef NEWSDIGEST_READER_ND_READER_INTERNAL_H_
#define NEWSDIGEST_READER_ND_READER_INTERNAL_H_

#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include <cstddef>
#include <cstdint>

#include "newsdigest/format/container.h"
#include "newsdigest/format/format.h"
#include "newsdigest/reader/nd_reader.h"

#define ND_TRY(expr)                          \
  do {                                        \
    nd_status nd_try_s_ = (expr);             \
    if (nd_try_s_ != ND_OK) return nd_try_s_; \
  } while (0)

namespace nd_reader_detail {

namespace fmt = newsdigest::format;

constexpr uint32_t kMaxDicts = fmt::kMaxDictionaries;
constexpr size_t kAlign = 16;
constexpr size_t AlignUp(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

// Checkpoints of the scan's prefix checksums (see ScanCrc): 4 bytes each in
// the reader; fewer make each candidate cost more (stride ~ reach / n).
// Device builds set NEWSDIGEST_READER_SCAN_CHECKPOINTS lower to save RAM.
#ifndef NEWSDIGEST_READER_SCAN_CHECKPOINTS
#define NEWSDIGEST_READER_SCAN_CHECKPOINTS 64
#endif
constexpr uint32_t kScanCheckpoints = NEWSDIGEST_READER_SCAN_CHECKPOINTS;
static_assert(kScanCheckpoints >= 8 && (kScanCheckpoints & (kScanCheckpoints - 1)) == 0,
              "scan checkpoints: a power of two, at least 8");

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

// Prefix checksums for scanning in linear time: P(x) = CRC-32C of the file
// bytes [origin, x). Checkpoints P(origin + j * stride) for j in
// [cp_first, cp_first + cp_count) sit in a ring; any P(x) within the ring's
// reach costs at most `stride` bytes, and the metadata checksum of a
// candidate record follows from two of them (format::Crc32cShift), so
// overlapping candidates never checksum the same bytes twice.
struct ScanCrc {
  int valid;
  uint64_t origin;
  uint32_t shift;     // stride = 1 << shift bytes
  uint32_t cp_first;  // checkpoint numbers fit 32 bits: files are < 4 GiB
  uint32_t cp_count;
  uint32_t cp[kScanCheckpoints];
  // The last two results (queries of record starts and of metadata ends
  // each move forward): extending one is cheaper than a checkpoint.
  // Positions relative to origin (files are < 4 GiB).
  uint32_t last_x[2];
  uint32_t last_p[2];
};

// Where scanning for digests (a damaged index) got to: digest `next_i` is
// the first digest record at or after `pos`. Makes reading digests in order
// linear, and remembers the count once the end is reached.
struct DigestCursor {
  int valid;
  uint32_t next_i;
  uint64_t pos;
  int have_last;  // digest next_i - 1 starts at last_offset
  uint64_t last_offset;
  int done;        // the scan reached the end of the file
  uint32_t found;  // digests found in all (valid when done)
};

}  // namespace nd_reader_detail

struct nd_reader {
  // Input: either memory (data) or a read callback (fn, ctx).
  const uint8_t* data;
  nd_read_fn fn;
  void* ctx;
  uint64_t size;

  nd_limits limits;
  uint32_t article_limit;
  int64_t created;
  uint64_t first_record;   // offset of the first record (after the header)
  uint64_t index_payload;  // offset of the index payload
  int index_damaged;

  nd_reader_detail::Dict dicts[nd_reader_detail::kMaxDicts];
  uint32_t dict_count;
  // Dictionary records that checked out at open (the records right after
  // the header): the only places where scanning accepts a dictionary.
  uint32_t dict_records[nd_reader_detail::kMaxDicts];  // offsets (files are < 4 GiB)
  uint32_t dict_record_count;

  // Workspace areas. `text` (max_text_size bytes) is absent (null) in a
  // minimal workspace; `scratch` (max_summary_size bytes) then holds the
  // summary while a body is rebuilt in place (it aliases `text` otherwise).
  ZSTD_DCtx* dctx;
  uint8_t* text;
  uint32_t text_cap;
  uint8_t* scratch;
  uint8_t* io;  // callback mode: one record (header + payload)
  uint32_t io_cap;
  uint8_t* dict_area;  // callback mode: embedded dictionaries
  uint32_t dict_area_cap;
  uint32_t dict_area_used;
  uint8_t* ddict_area;  // fast workspace: one DDict slot per dictionary, else null
  uint32_t ddict_slots;

  // The record currently loaded.
  int rec_valid;
  uint64_t rec_offset;
  newsdigest::format::RecordHeader rec;
  const uint8_t* payload;   // rec.payload_len bytes (callback mode: maybe only meta)
  uint32_t payload_loaded;  // bytes of payload available
  int text_checked;
  int meta_decoded;  // text_size .. spans below describe the loaded record

  // Decoded metadata of the loaded record.
  uint32_t text_size;
  uint32_t dict_id;
  uint32_t text_ref;
  uint32_t span_count;  // number of uint32 values (pairs * 2)
  uint32_t spans[2 * newsdigest::format::kMaxSummarySentences];

  // Frame decoding progress for the loaded record, into frame_buf (the
  // workspace text buffer or a caller's buffer of frame_cap bytes).
  int frame_active;
  uint8_t* frame_buf;
  const uint8_t* frame;
  uint32_t frame_len;
  uint32_t src_pos;
  uint32_t decoded;
  int frame_done;

  nd_reader_detail::ScanCrc scan_crc;
  nd_reader_detail::DigestCursor cursor;
};

namespace nd_reader_detail {

// ---- nd_reader_records.cc
// Points *out at file bytes [offset, offset + len): into the file in memory
// mode, else read into buf (len bytes).
nd_status ReadAt(nd_reader* r, uint64_t offset, size_t len, const uint8_t** out, uint8_t* buf);
// Reads and parses the record header at `offset` (well-formed, within the
// file and the limits; checksums not verified).
nd_status ReadRecordHeader(nd_reader* r, uint64_t offset, const uint8_t** h, uint8_t* buf, fmt::RecordHeader* out);
// CRC-32C of file bytes [offset, offset + len), read in small chunks.
nd_status ChecksumRange(nd_reader* r, uint64_t offset, uint64_t len, uint32_t crc, uint32_t* out);
// Where a record's payload is read to in callback mode (null in memory mode).
uint8_t* IoPayloadBuf(nd_reader* r);
// Loads the record at `offset`: header and metadata (checked) and, when
// need_text, the rest of the payload (checked).
nd_status LoadRecord(nd_reader* r, uint64_t offset, int need_text);

// ---- nd_reader_meta.cc
// Decodes the metadata of the loaded digest record into r (and *out).
nd_status DecodeMeta(nd_reader* r, nd_meta* out);

// ---- nd_reader_text.cc
// Loads the digest at `offset` (and, when need_text, the record holding its
// text), with its metadata decoded.
nd_status LoadDigest(nd_reader* r, uint64_t offset, int need_text, nd_meta* meta);
// Decodes the loaded record's frame into buf[0 .. cap) up to `target` bytes.
nd_status DecodeText(nd_reader* r, uint32_t target, uint8_t* buf, size_t cap);
// Decompresses one whole dictionary-less magic-less frame of exactly `size`
// bytes into dst.
nd_status InflateFrame(nd_reader* r, const uint8_t* src, size_t len, uint8_t* dst, size_t size);

// ---- nd_reader_open.cc
// Digests dictionary k's tables into its DDict slot (fast workspace only).
void MakeDDict(nd_reader* r, uint32_t k);

}  // namespace nd_reader_detail

#endif  // NEWSDIGEST_READER_ND_READER_INTERNAL_H_
