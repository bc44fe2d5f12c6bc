// MakeDelta / ApplyDelta (delta.h); the format is core/format/DELTA.md.
#include "newsdigest/delta/delta.h"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <thread>
#include <unordered_map>
#include <vector>

#include "newsdigest/format/container.h"
#include "newsdigest/format/format.h"
#include "newsdigest/format/wire.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/update/nd_update.h"
#include "newsdigest/update/nd_update_sha512.h"
#include "newsdigest/update/update_format.h"

namespace newsdigest::delta {
namespace delta_detail {

namespace fmt = newsdigest::format;
namespace up = newsdigest::update;

// A record of a file: [offset, offset + size).
struct Span {
  uint32_t offset;
  uint32_t size;
  uint8_t kind;
};

// The records of a digest file, front to back, from its first record to the
// trailer (or to the first bytes that do not frame a record). *first gets the
// end of preamble + header (0 when the file has no valid preamble).
std::vector<Span> Records(std::string_view file, uint32_t* first) {
  std::vector<Span> out;
  *first = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(file.data());
  fmt::Preamble pre{};
  if (fmt::DecodePreamble(p, file.size(), &pre) != fmt::PreambleParse::kOk) return out;
  const size_t start = fmt::kPreambleSize + pre.header_len;
  if (start + fmt::kTrailerSize > file.size()) return out;
  *first = static_cast<uint32_t>(start);
  const size_t end = file.size() - fmt::kTrailerSize;
  size_t pos = start;
  while (pos < end) {
    fmt::RecordHeader h{};
    if (fmt::ParseRecordHeader(p + pos, end - pos, &h) != fmt::RecordParse::kOk) break;
    const uint64_t size = static_cast<uint64_t>(h.size) + h.payload_len;
    if (size > end - pos) break;
    out.push_back(Span{static_cast<uint32_t>(pos), static_cast<uint32_t>(size), h.kind});
    pos += size;
  }
  return out;
}

uint64_t RecordKey(const uint8_t* rec, uint32_t size) {
  // The record's two CRCs (its last 8 header bytes) and its size: cheap and
  // nearly unique; matches are confirmed byte by byte.
  fmt::RecordHeader h{};
  if (fmt::ParseRecordHeader(rec, size, &h) != fmt::RecordParse::kOk) return size;
  return (static_cast<uint64_t>(h.meta_crc ^ (h.text_crc * 0x9E3779B1u)) << 32) ^ size;
}

// Builds the op stream.
class OpWriter {
 public:
  OpWriter(std::string* out, DeltaStats* stats) : out_(out), stats_(stats) {}

  void Literal(const uint8_t* p, size_t n) {
    FlushCopy();
    literal_.append(reinterpret_cast<const char*>(p), n);
  }
  void Copy(uint32_t old_offset, uint32_t len) {
    FlushLiteral();
    if (copy_len_ > 0 && copy_off_ + copy_len_ == old_offset && copy_len_ + len >= copy_len_) {
      copy_len_ += len;
      return;
    }
    FlushCopy();
    copy_off_ = old_offset;
    copy_len_ = len;
  }
  void Offsets(const uint8_t* payload, uint32_t count) {
    FlushAll();
    Op(up::kOpOffsets);
    Varint(count);
    uint32_t prev = 0;
    for (uint32_t i = 0; i < count; ++i) {
      const uint32_t v = fmt::LoadLE32(payload + 4u * i);
      Varint(up::ZigZagDelta(v, prev));
      prev = v;
    }
    stats_->offset_bytes += 4ull * count;
  }
  void Index(uint32_t first, uint32_t count) {
    FlushAll();
    Op(up::kOpIndex);
    Varint(first);
    Varint(count);
    stats_->offset_bytes += 4ull * count;
  }
  void FlushAll() {
    FlushLiteral();
    FlushCopy();
  }

 private:
  void Op(uint8_t op) {
    out_->push_back(static_cast<char>(op));
    ++stats_->ops;
  }
  void Varint(uint32_t v) {
    uint8_t b[up::kMaxVarint];
    out_->append(reinterpret_cast<const char*>(b), format::EncodeVarint(v, b));
  }
  void FlushCopy() {
    if (copy_len_ == 0) return;
    Op(up::kOpCopy);
    Varint(copy_off_);
    Varint(copy_len_);
    stats_->copied_bytes += copy_len_;
    copy_len_ = 0;
  }
  // Literal bytes: runs of one byte of at least kMinFill become FILL (the
  // header's padding), the rest INSERT.
  void FlushLiteral() {
    constexpr size_t kMinFill = 16;
    const std::string lit = std::move(literal_);
    literal_.clear();
    size_t start = 0, i = 0;
    while (i < lit.size()) {
      size_t j = i + 1;
      while (j < lit.size() && lit[j] == lit[i]) ++j;
      if (j - i >= kMinFill) {
        Insert(lit, start, i);
        Op(up::kOpFill);
        Varint(static_cast<uint32_t>(j - i));
        out_->push_back(lit[i]);
        stats_->filled_bytes += j - i;
        start = j;
      }
      i = j;
    }
    Insert(lit, start, lit.size());
  }
  void Insert(const std::string& lit, size_t b, size_t e) {
    if (e <= b) return;
    Op(up::kOpInsert);
    Varint(static_cast<uint32_t>(e - b));
    out_->append(lit, b, e - b);
    stats_->literal_bytes += e - b;
  }

  std::string* out_;
  DeltaStats* stats_;
  std::string literal_;
  uint32_t copy_off_ = 0;
  uint32_t copy_len_ = 0;
};

uint64_t DefaultSequence(std::string_view new_file) {
  const auto* p = reinterpret_cast<const uint8_t*>(new_file.data());
  nd_limits lim;
  size_t needed = 0;
  if (nd_reader_probe(p, new_file.size(), &lim, &needed) == ND_OK) {
    std::vector<uint64_t> ws((nd_reader_workspace_size_for(&lim, ND_WS_MIN) + 7) / 8);
    nd_reader* r = nullptr;
    nd_file_info fi{};
    if (nd_reader_open_memory(p, new_file.size(), ws.data(), ws.size() * 8, &r) == ND_OK &&
        nd_reader_file_info(r, &fi) == ND_OK && fi.created > 0)
      return static_cast<uint64_t>(fi.created);
  }
  const std::time_t now = std::time(nullptr);
  return now > 0 ? static_cast<uint64_t>(now) : 1u;
}

Status FromC(nd_status s) {
  switch (s) {
    case ND_OK: return Status::OK();
    case ND_ERR_UPDATE_WRONG_BASE:
      return Status::FromCode(Status::Code::kUpdateWrongBase, "the update is for another edition (OLD's SHA-512 differs)");
    case ND_ERR_UPDATE_TRUNCATED: return Status::FromCode(Status::Code::kUpdateTruncated, "the update is truncated");
    case ND_ERR_UPDATE_TAMPERED:
      return Status::FromCode(Status::Code::kUpdateTampered, "the update is damaged or tampered with (checksum)");
    case ND_ERR_UPDATE_REPLAYED:
      return Status::FromCode(Status::Code::kUpdateReplayed, "the update is not newer than the edition held");
    case ND_ERR_UPDATE_MALFORMED:
      return Status::FromCode(Status::Code::kUpdateMalformed, "the update's operations are malformed");
    case ND_ERR_BAD_VERSION: return Status::BadVersion("unsupported update format version");
    case ND_ERR_IO: return Status::IOError("cannot write the new edition");
    default: return Status::FromCode(static_cast<Status::Code>(s), "update failed");
  }
}

struct MemIo {
  std::string_view bytes;
};
int ReadMem(void* ctx, uint64_t off, void* dst, size_t len) {
  const auto* m = static_cast<const MemIo*>(ctx);
  if (off > m->bytes.size() || len > m->bytes.size() - off) return 1;
  std::memcpy(dst, m->bytes.data() + off, len);
  return 0;
}
// NEW is built in memory (the INDEX operation reads it back) and reaches the
// sink only once every check passed.
int WriteBuffer(void* ctx, uint64_t offset, const void* src, size_t len) {
  auto* out = static_cast<std::string*>(ctx);
  if (offset != out->size()) return 1;
  out->append(static_cast<const char*>(src), len);
  return 0;
}
int ReadBuffer(void* ctx, uint64_t off, void* dst, size_t len) {
  const auto* out = static_cast<const std::string*>(ctx);
  if (off > out->size() || len > out->size() - off) return 1;
  std::memcpy(dst, out->data() + off, len);
  return 0;
}

void CopyInfo(const nd_update_info& c, UpdateInfo* out) {
  out->sequence = c.sequence;
  out->update_size = c.update_size;
  out->old_size = c.old_size;
  out->new_size = c.new_size;
  std::memcpy(out->old_sha512, c.old_sha512, 64);
  std::memcpy(out->new_sha512, c.new_sha512, 64);
}

}  // namespace delta_detail

void Sha512(std::string_view bytes, uint8_t out[64]) {
  nd_update_sha512_state st;
  nd_update_sha512_init(&st);
  nd_update_sha512_update(&st, bytes.data(), bytes.size());
  nd_update_sha512_final(&st, out);
}

Status MakeDelta(std::string_view old_file, std::string_view new_file, const DeltaOptions& options,
                 std::string* update, DeltaStats* stats) {
  using namespace delta_detail;
  if (update == nullptr) return Status::InvalidArgument("MakeDelta: no output");
  if (old_file.size() > 0xFFFFFFFFu || new_file.size() > 0xFFFFFFFFu)
    return Status::TooLarge("MakeDelta: files must be below 4 GiB");
  DeltaStats local;
  DeltaStats* st = stats != nullptr ? stats : &local;
  *st = DeltaStats{};
  st->sequence = options.sequence != 0 ? options.sequence : DefaultSequence(new_file);

  // OLD's records by content.
  const auto* op = reinterpret_cast<const uint8_t*>(old_file.data());
  const auto* np = reinterpret_cast<const uint8_t*>(new_file.data());
  uint32_t old_first = 0, new_first = 0;
  std::unordered_multimap<uint64_t, Span> old_records;
  for (const Span& s : Records(old_file, &old_first))
    if (s.kind != fmt::kRecordIndex) old_records.emplace(RecordKey(op + s.offset, s.size), s);

  std::string out(up::kHeaderSize, '\0');
  OpWriter w(&out, st);
  const std::vector<Span> recs = Records(new_file, &new_first);
  std::vector<uint32_t> digest_offsets;  // NEW's digest records, in file order
  for (const Span& s : recs)
    if (s.kind == fmt::kRecordDigest) digest_offsets.push_back(s.offset);
  size_t pos = 0;
  for (const Span& s : recs) {
    if (s.offset > pos) w.Literal(np + pos, s.offset - pos);
    pos = static_cast<size_t>(s.offset) + s.size;
    const uint8_t* rec = np + s.offset;
    if (s.kind == fmt::kRecordIndex) {
      fmt::RecordHeader h{};
      if (fmt::ParseRecordHeader(rec, s.size, &h) == fmt::RecordParse::kOk && h.payload_len % 4u == 0 &&
          h.payload_len > 0) {
        w.Literal(rec, h.size);
        // The usual index (every digest record, in file order) is rebuilt by
        // the applier from the records it wrote (INDEX); any other is sent
        // as OFFSETS.
        const uint32_t count = h.payload_len / 4u;
        bool in_order = count == digest_offsets.size();
        for (uint32_t i = 0; i < count && in_order; ++i)
          in_order = fmt::LoadLE32(rec + h.size + 4u * i) == digest_offsets[i];
        if (in_order) {
          w.Index(new_first, count);
        } else {
          w.Offsets(rec + h.size, count);
        }
        continue;
      }
      w.Literal(rec, s.size);
      continue;
    }
    bool matched = false;
    auto range = old_records.equal_range(RecordKey(rec, s.size));
    for (auto it = range.first; it != range.second && !matched; ++it) {
      if (it->second.size == s.size && std::memcmp(op + it->second.offset, rec, s.size) == 0) {
        w.Copy(it->second.offset, s.size);
        matched = true;
      }
    }
    if (!matched) w.Literal(rec, s.size);
  }
  if (pos < new_file.size()) w.Literal(np + pos, new_file.size() - pos);
  w.FlushAll();
  out.push_back(static_cast<char>(up::kOpEnd));
  if (out.size() + up::kCrcSize > 0xFFFFFFFFu) return Status::TooLarge("MakeDelta: update above 4 GiB");

  auto* h = reinterpret_cast<uint8_t*>(out.data());
  std::memcpy(h + up::kOffMagic, up::kUpdateMagic, 4);
  h[up::kOffMajor] = up::kUpdateVersionMajor;
  h[up::kOffMinor] = up::kUpdateVersionMinor;
  fmt::StoreLE32(h + up::kOffUpdateSize, static_cast<uint32_t>(out.size() + up::kCrcSize));
  fmt::StoreLE32(h + up::kOffOldSize, static_cast<uint32_t>(old_file.size()));
  fmt::StoreLE32(h + up::kOffNewSize, static_cast<uint32_t>(new_file.size()));
  fmt::StoreLE32(h + up::kOffSequence, static_cast<uint32_t>(st->sequence));
  fmt::StoreLE32(h + up::kOffSequence + 4, static_cast<uint32_t>(st->sequence >> 32));
  Sha512(old_file, h + up::kOffOldSha);
  Sha512(new_file, h + up::kOffNewSha);
  uint8_t crc[4];
  fmt::StoreLE32(crc, fmt::Crc32c(0, out.data(), out.size()));
  out.append(reinterpret_cast<const char*>(crc), 4);
  st->update_bytes = out.size();
  *update = std::move(out);
  return Status::OK();
}

Status ReadUpdateInfo(std::string_view update, UpdateInfo* info) {
  nd_update_info c{};
  const nd_status s = nd_update_probe(reinterpret_cast<const uint8_t*>(update.data()), update.size(), &c);
  if (s != ND_OK) return delta_detail::FromC(s);
  if (info != nullptr) delta_detail::CopyInfo(c, info);
  return Status::OK();
}

Status ApplyDelta(std::string_view old_file, std::string_view update, const ApplyOptions& options,
                  writer::WritableSink* out, UpdateInfo* info) {
  using namespace delta_detail;
  if (out == nullptr) return Status::InvalidArgument("ApplyDelta: no output");
  // OLD's SHA-512 is computed on a second thread while the applier runs
  // with the hash the update claims (so the applier's own base check passes
  // only for that hash); the real hash is compared below, before anything
  // reaches the sink, with the applier's order of checks.
  uint8_t old_hash[64] = {};
  std::thread hasher([&old_hash, old_file] { Sha512(old_file, old_hash); });
  nd_update_info head{};
  const bool head_ok = nd_update_probe(reinterpret_cast<const uint8_t*>(update.data()), update.size(), &head) == ND_OK;
  MemIo old_io{old_file}, upd_io{update};
  std::string new_file;
  // new_size is untrusted until the end: reserve no more than the inputs
  // could plausibly expand to.
  if (head_ok) new_file.reserve(std::min<uint64_t>(head.new_size, 2 * (uint64_t{old_file.size()} + update.size())));
  nd_update_io io{};
  io.read_old = ReadMem;
  io.old_ctx = &old_io;
  io.old_size = old_file.size();
  io.read_update = ReadMem;
  io.update_ctx = &upd_io;
  io.update_size = update.size();
  io.write_new = WriteBuffer;
  io.read_new = ReadBuffer;
  io.new_ctx = &new_file;
  io.current_sequence = options.current_sequence;
  io.old_sha512 = head_ok ? head.old_sha512 : nullptr;
  std::vector<uint64_t> ws((nd_update_workspace_size(options.chunk) + 7) / 8);
  nd_update_info c{};
  nd_status s = nd_update_apply(&io, ws.data(), ws.size() * 8, &c);
  hasher.join();
  if (info != nullptr && c.update_size != 0) CopyInfo(c, info);
  // Steps 1-3 failed: their status stands. From step 4 on, the base check
  // with OLD's real hash comes before any later failure.
  if (c.step >= 4) {
    const bool noop = c.old_size == c.new_size && std::memcmp(c.old_sha512, c.new_sha512, 64) == 0;
    if (!noop && old_file.size() == c.new_size && std::memcmp(old_hash, c.new_sha512, 64) == 0)
      s = ND_ERR_UPDATE_REPLAYED;
    else if (old_file.size() != c.old_size || std::memcmp(old_hash, c.old_sha512, 64) != 0)
      s = ND_ERR_UPDATE_WRONG_BASE;
  }
  if (s != ND_OK) {
    out->Abandon();
    return FromC(s);
  }
  if (options.verify_new) {
    const Status v = options.verify_new(new_file);
    if (!v.ok()) {
      out->Abandon();
      return v;
    }
  }
  Status st = out->Append(new_file);
  if (st.ok()) st = out->Commit();
  if (!st.ok()) out->Abandon();
  return st;
}

}  // namespace newsdigest::delta
