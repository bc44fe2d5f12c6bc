// Shared body of the reader fuzz targets (memory and callback input).
//
// The first input byte picks how the rest is used: bit 0 clear = the bytes
// as they are (exercises framing and checksum rejection); set = the same
// bytes with every checksum recomputed first (header, each record that frames
// cleanly, trailer), so the fuzzer gets past the CRCs into protobuf, span and
// zstd decoding. Bit 1 selects the minimal workspace (summary_into, body in
// place) instead of the full one; fuzz_reader_fast uses bit 2 (callback). Either way the reader must return a status, never crash, read
// outside the input or write outside its workspace (ASan checks), and every
// successful read must be self-consistent.
// Thread-safety: single-threaded (libFuzzer).
#ifndef NEWSDIGEST_TESTS_FUZZ_FUZZ_READER_COMMON_H_
#define NEWSDIGEST_TESTS_FUZZ_FUZZ_READER_COMMON_H_

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "newsdigest/format/container.h"
#include "newsdigest/format/format.h"
#include "newsdigest/reader/nd_reader.h"

namespace fuzz_reader_common {

namespace f = newsdigest::format;

// Recomputes every checksum the input frames cleanly enough to locate.
inline void FixChecksums(std::vector<uint8_t>& v) {
  f::Preamble pre{};
  if (f::DecodePreamble(v.data(), v.size(), &pre) != f::PreambleParse::kOk) return;
  if (f::kPreambleSize + pre.header_len > v.size()) return;
  pre.header_crc = f::ComputeHeaderCrc(pre, v.data() + f::kPreambleSize);
  f::EncodePreamble(pre, v.data());
  size_t pos = f::kPreambleSize + pre.header_len;
  const size_t body_end = v.size() >= pos + f::kTrailerSize ? v.size() - f::kTrailerSize : v.size();
  while (pos < body_end) {
    f::RecordHeader rh{};
    uint8_t* h = v.data() + pos;
    if (f::ParseRecordHeader(h, body_end - pos, &rh) != f::RecordParse::kOk ||
        rh.payload_len > body_end - pos - rh.size)
      break;
    f::FrameRecord(rh.kind, h + rh.size, rh.payload_len, rh.meta_len, h);  // same size: minimal varints
    pos += rh.size + rh.payload_len;
  }
  if (v.size() >= f::kPreambleSize + pre.header_len + f::kTrailerSize) {
    uint8_t* t = v.data() + v.size() - f::kTrailerSize;
    f::Trailer tr{};
    if (f::ReadTrailerFields(t, &tr)) f::EncodeTrailer({tr.index_offset, tr.digest_count, pre.header_crc}, t);
  }
}

struct IoInput {
  const uint8_t* data;
  size_t size;
};

inline int ReadFromInput(void* ctx, uint64_t offset, void* dst, size_t len) {
  auto* in = static_cast<IoInput*>(ctx);
  if (offset > in->size || len > in->size - offset) std::abort();  // the reader asked past the end
  std::memcpy(dst, in->data + offset, len);
  return 0;
}

inline void Check(bool ok) {
  if (!ok) std::abort();
}

// Reads digest at `offset` every way there is; checks consistency.
inline void ExerciseDigest(nd_reader* r, uint64_t offset, const nd_limits& lim) {
  nd_meta m;
  if (nd_reader_meta_at(r, offset, &m) != ND_OK) return;
  Check(m.text_size <= lim.max_text_size);
  nd_str sentences[f::kMaxSummarySentences + 1];
  uint32_t count = 0;
  if (nd_reader_summary_at(r, offset, sentences, f::kMaxSummarySentences + 1, &count) == ND_OK) {
    size_t total = 0;
    for (uint32_t k = 0; k < count; ++k) total += sentences[k].len;
    Check(total <= lim.max_summary_size);
  }
  std::unique_ptr<char[]> body(new char[m.text_size + 1]);
  size_t len = 0;
  if (nd_reader_body_at(r, offset, body.get(), m.text_size, &len) == ND_OK) Check(len == m.text_size);
  (void)nd_reader_check_at(r, offset);
  // Summary into the caller's buffer, then the body resumed in place.
  std::unique_ptr<char[]> buf(new char[m.text_size + 1]);
  if (nd_reader_summary_into_at(r, offset, buf.get(), m.text_size, sentences, f::kMaxSummarySentences + 1, &count) ==
      ND_OK) {
    for (uint32_t k = 0; k < count; ++k)
      Check(sentences[k].ptr >= buf.get() && sentences[k].ptr + sentences[k].len <= buf.get() + m.text_size);
    if (nd_reader_body_at(r, offset, buf.get(), m.text_size, &len) == ND_OK) Check(len == m.text_size);
  }
  // A too-small buffer is refused, not overrun.
  if (m.text_size > 0) {
    char one = 0;
    Check(nd_reader_body_at(r, offset, &one, 0, &len) != ND_OK);
  }
}

// Opens the input (memory or callback) and reads everything reachable.
// `fast`: the fast workspace layout (ND_WS_FAST: dictionary tables
// digested once into DDicts) instead of the full one.
inline int Run(const uint8_t* data, size_t size, bool callback, bool fast = false) {
  if (size < 1) return 0;
  const bool fix = (data[0] & 1) != 0;
  // Exact-size copy so ASan catches any read past the end.
  std::vector<uint8_t> bytes(data + 1, data + size);
  if (fix) FixChecksums(bytes);
  const size_t n = bytes.size();
  std::unique_ptr<uint8_t[]> file(new uint8_t[n == 0 ? 1 : n]);
  if (n > 0) std::memcpy(file.get(), bytes.data(), n);
  nd_limits lim;
  size_t needed = 0;
  if (nd_reader_probe(file.get(), n, &lim, &needed) != ND_OK) {
    // Still try to open: it must fail cleanly.
    alignas(8) static uint8_t small[1 << 16];
    nd_reader* r = nullptr;
    IoInput in{file.get(), n};
    nd_status s = callback ? nd_reader_open_io(ReadFromInput, &in, n, small, sizeof small, &r)
                           : nd_reader_open_memory(file.get(), n, small, sizeof small, &r);
    Check(s != ND_OK);
    return 0;
  }
  // Bit 1 of the mode byte: the minimal workspace (no text buffer).
  const bool minimal = (data[0] & 2) != 0;
  const unsigned io_flag = callback ? ND_WS_IO : 0u;
  const unsigned layout = minimal ? ND_WS_MIN : fast ? ND_WS_FAST : 0u;
  const size_t ws_size = nd_reader_workspace_size_for(&lim, io_flag | layout);
  if (ws_size > (2u << 20)) return 0;  // a legal but huge claim; not worth the allocation
  std::unique_ptr<uint64_t[]> ws(new uint64_t[ws_size / 8 + 1]);
  IoInput in{file.get(), n};
  nd_reader* r = nullptr;
  // One byte short of the minimal workspace is refused.
  const size_t min_size = nd_reader_workspace_size_for(&lim, io_flag | ND_WS_MIN);
  if (min_size > 0 && min_size <= ws_size) {
    nd_status s = callback ? nd_reader_open_io(ReadFromInput, &in, n, ws.get(), min_size - 1, &r)
                           : nd_reader_open_memory(file.get(), n, ws.get(), min_size - 1, &r);
    Check(s != ND_OK);
  }
  nd_status s = callback ? nd_reader_open_io(ReadFromInput, &in, n, ws.get(), ws_size, &r)
                         : nd_reader_open_memory(file.get(), n, ws.get(), ws_size, &r);
  if (s != ND_OK) return 0;
  if (fast) {
    // Every dictionary the file names, as the reader reports it.
    for (uint32_t k = 0; k < lim.dict_count; ++k) {
      nd_dict_info di;
      Check(nd_reader_dictionary(r, k, &di) == ND_OK);
      if (di.content != nullptr) Check(newsdigest::format::Crc32c(0, di.content, di.size) == di.content_crc);
    }
  }
  uint32_t readable = 0;
  if (nd_reader_readable_count(r, &readable) == ND_OK) Check(readable <= nd_reader_count(r));
  const uint32_t count = nd_reader_count(r);
  // With a damaged index every lookup rescans the file: look up a few only.
  const uint32_t cap = nd_reader_index_damaged(r) ? 4 : 64;
  const uint32_t by_index = count < cap ? count : cap;
  for (uint32_t i = 0; i < by_index; ++i) {
    uint64_t off = 0;
    if (nd_reader_offset(r, i, &off) == ND_OK) ExerciseDigest(r, off, lim);
  }
  uint64_t pos = 0, off = 0;
  uint32_t kind = 0;
  for (int k = 0; k < 256 && nd_reader_scan(r, &pos, &off, &kind) == ND_OK; ++k) {
    Check(pos > off && pos <= n);
    if (kind == 1) ExerciseDigest(r, off, lim);
  }
  return 0;
}

}  // namespace fuzz_reader_common

#endif  // NEWSDIGEST_TESTS_FUZZ_FUZZ_READER_COMMON_H_
