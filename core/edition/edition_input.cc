// Inputs of a merge: byte sources, header and dictionaries, index or scan,
// record reading with checksums, text frame decoding.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <unordered_map>

#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include "edition_internal.h"
#include "newsdigest.pb.h"
#include "newsdigest/format/container.h"

namespace newsdigest::edition {

namespace edition_input_detail {

// Reads through a window of kWindow bytes, so that records read in file
// order cost one pread per window rather than three per record. A small
// read behind the window (a shared text's record, an earlier copy of a
// body) is read directly and leaves the window where it is, unless several
// in a row are (reading started over behind it: the window moves). Release()
// closes the descriptor and frees the window; the next read reopens the
// path and checks that it is still the same file.
class FileSource : public ByteSource {
 public:
  static constexpr size_t kWindow = 256 * 1024;
  static constexpr int kBehind = 8;  // reads behind the window in a row that move it

  FileSource(int fd, const struct stat& st, std::string name)
      : fd_(fd),
        size_(static_cast<uint64_t>(st.st_size)),
        dev_(st.st_dev),
        ino_(st.st_ino),
        mtime_sec_(st.st_mtim.tv_sec),
        mtime_nsec_(st.st_mtim.tv_nsec),
        name_(std::move(name)) {}
  ~FileSource() override {
    if (fd_ >= 0) ::close(fd_);
  }
  Status ReadAt(uint64_t offset, size_t n, void* dst) override {
    if (offset > size_ || n > size_ - offset) return Status::Corruption("the file ends early");
    if (offset >= win_start_ && offset + n <= win_start_ + win_.size()) {
      std::memcpy(dst, win_.data() + (offset - win_start_), n);
      behind_ = 0;
      return Status::OK();
    }
    ND_RETURN_IF_ERROR(Reopen());
    if (n >= kWindow / 2 || (!win_.empty() && offset < win_start_ && ++behind_ < kBehind))
      return Pread(offset, n, static_cast<char*>(dst));
    behind_ = 0;
    const size_t len = static_cast<size_t>(std::min<uint64_t>(kWindow, size_ - offset));
    win_.resize(len);
    Status st = Pread(offset, len, win_.data());
    if (!st.ok()) {
      win_.clear();
      return st;
    }
    win_start_ = offset;
    std::memcpy(dst, win_.data(), n);
    return Status::OK();
  }
  void Release() override {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    std::string().swap(win_);
    win_start_ = 0;
  }
  uint64_t size() const override { return size_; }
  const std::string& name() const override { return name_; }

 private:
  Status Reopen() {
    if (fd_ >= 0) return Status::OK();
    const int fd = ::open(name_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::IOError("cannot reopen the input", errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_dev != dev_ || st.st_ino != ino_ || static_cast<uint64_t>(st.st_size) != size_ ||
        st.st_mtim.tv_sec != mtime_sec_ || st.st_mtim.tv_nsec != mtime_nsec_) {
      ::close(fd);
      return Status::IOError("the input changed during the merge");
    }
    fd_ = fd;
    return Status::OK();
  }
  Status Pread(uint64_t offset, size_t n, char* p) {
    while (n > 0) {
      const ssize_t r = ::pread(fd_, p, n, static_cast<off_t>(offset));
      if (r < 0) {
        if (errno == EINTR) continue;
        return Status::IOError("cannot read the input", errno);
      }
      if (r == 0) return Status::Corruption("the file ends early");
      p += r;
      n -= static_cast<size_t>(r);
      offset += static_cast<uint64_t>(r);
    }
    return Status::OK();
  }

  int fd_;
  uint64_t size_;
  dev_t dev_;
  ino_t ino_;
  time_t mtime_sec_;
  long mtime_nsec_;  // NOLINT(runtime/int): struct timespec's type
  std::string name_;
  std::string win_;
  uint64_t win_start_ = 0;
  int behind_ = 0;  // reads behind the window since the last one in it
};

class MemorySource : public ByteSource {
 public:
  MemorySource(std::string bytes, std::string name) : bytes_(std::move(bytes)), name_(std::move(name)) {}
  Status ReadAt(uint64_t offset, size_t n, void* dst) override {
    if (offset > bytes_.size() || n > bytes_.size() - offset) return Status::Corruption("the file ends early");
    std::memcpy(dst, bytes_.data() + offset, n);
    return Status::OK();
  }
  uint64_t size() const override { return bytes_.size(); }
  const std::string& name() const override { return name_; }

 private:
  std::string bytes_;
  std::string name_;
};

// Decompresses an embedded dictionary's `compressed` frame.
bool InflateDictionary(const std::string& z, uint32_t size, std::string* out) {
  ZSTD_DCtx* d = ZSTD_createDCtx();
  if (d == nullptr) return false;
  ZSTD_DCtx_setParameter(d, ZSTD_d_format, ZSTD_f_zstd1_magicless);
  out->resize(size);
  const size_t n = ZSTD_decompressDCtx(d, out->data(), out->size(), z.data(), z.size());
  ZSTD_freeDCtx(d);
  return !ZSTD_isError(n) && n == size;
}

}  // namespace edition_input_detail

Status OpenFileSource(const std::string& path, std::unique_ptr<ByteSource>* out, std::string* error_text) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    *error_text = path + ": " + std::strerror(e);
    if (e == EMFILE || e == ENFILE) {
      struct rlimit rl {};
      if (::getrlimit(RLIMIT_NOFILE, &rl) == 0)
        *error_text += " (the process may open " + std::to_string(rl.rlim_cur) +
                       " files, `ulimit -n`; merge keeps only a few inputs open at once, so other open files use them up)";
    }
    return Status::IOError("cannot open an input", e);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    *error_text = path + ": not a regular file (merge reads its inputs by offset)";
    return Status::InvalidArgument("an input is not a regular file");
  }
  *out = std::make_unique<edition_input_detail::FileSource>(fd, st, path);
  return Status::OK();
}

std::unique_ptr<ByteSource> NewMemorySource(std::string bytes, const std::string& name) {
  return std::make_unique<edition_input_detail::MemorySource>(std::move(bytes), name);
}

const InputDictionary* InputFile::Dict(uint32_t id) const {
  for (const InputDictionary& d : dicts)
    if (d.id == id) return &d;
  return nullptr;
}

Status InputFile::ReadMeta(uint64_t offset, std::string* buf, format::RecordHeader* h, std::string* why) {
  uint8_t hb[format::kMaxRecordHeaderSize];
  const uint64_t end = source->size();
  if (offset >= end) {
    *why = "record offset past the end of the file";
    return Status::Corruption("bad record offset");
  }
  const size_t avail = static_cast<size_t>(std::min<uint64_t>(sizeof hb, end - offset));
  Status st = source->ReadAt(offset, avail, hb);
  if (!st.ok()) {
    *why = st.message();
    return st;
  }
  if (format::ParseRecordHeader(hb, avail, h) != format::RecordParse::kOk || h->kind != format::kRecordDigest) {
    *why = "not a digest record header";
    return Status::Corruption("bad record header");
  }
  if (offset + h->size + h->payload_len > end) {
    *why = "record runs past the end of the file";
    return Status::Corruption("bad record length");
  }
  buf->resize(h->size + size_t{h->meta_len});
  std::memcpy(buf->data(), hb, h->size);
  st = source->ReadAt(offset + h->size, h->meta_len, buf->data() + h->size);
  if (!st.ok()) {
    *why = st.message();
    return st;
  }
  const auto* p = reinterpret_cast<const uint8_t*>(buf->data());
  if (format::RecordMetaCrc(*h, p, p + h->size) != h->meta_crc) {
    *why = "metadata checksum mismatch";
    return Status::Checksum("metadata checksum");
  }
  return Status::OK();
}

Status InputFile::ReadRecord(uint64_t offset, bool check_text, std::string* buf, format::RecordHeader* h,
                             std::string* why) {
  ND_RETURN_IF_ERROR(ReadMeta(offset, buf, h, why));
  const size_t meta_end = h->size + size_t{h->meta_len};
  buf->resize(h->size + size_t{h->payload_len});
  Status st = source->ReadAt(offset + meta_end, h->payload_len - h->meta_len, buf->data() + meta_end);
  if (!st.ok()) {
    *why = st.message();
    return st;
  }
  if (check_text) {
    const auto* p = reinterpret_cast<const uint8_t*>(buf->data());
    if (format::RecordTextCrc(*h, p + h->size) != h->text_crc) {
      *why = "text checksum mismatch";
      return Status::Checksum("text checksum");
    }
  }
  return Status::OK();
}

void InputFile::Scan(uint64_t begin, uint64_t end) {
  std::string buf, why;
  uint64_t pos = begin;
  while (pos + format::kMinRecordHeaderSize <= end) {
    uint8_t hb[format::kMaxRecordHeaderSize];
    const size_t avail = static_cast<size_t>(std::min<uint64_t>(sizeof hb, end - pos));
    format::RecordHeader h{};
    if (!source->ReadAt(pos, avail, hb).ok()) return;
    if (format::ParseRecordHeader(hb, avail, &h) == format::RecordParse::kOk) {
      if (h.kind == format::kRecordDigest && ReadMeta(pos, &buf, &h, &why).ok()) {
        places.push_back(static_cast<uint32_t>(pos));
        pos += h.size + uint64_t{h.payload_len};
        continue;
      }
      if (h.kind == format::kRecordIndex && pos + h.size + h.payload_len + format::kTrailerSize == end)
        return;
    }
    ++pos;  // resynchronize on the next valid record header
  }
}

Status InputFile::Open(std::unique_ptr<ByteSource> src, std::vector<std::string>* warnings, std::string* error_text) {
  namespace d = edition_input_detail;
  source = std::move(src);
  name = source->name();
  auto fail = [&](Status st, const std::string& why) {
    *error_text = name + ": " + why;
    return st;
  };
  if (source->size() > 0xFFFFFFFFull)
    return fail(Status::TooLarge("input over 4 GiB"),
                "larger than 4 GiB, the format's limit for one digest file; not a digest file");
  uint8_t pre[format::kPreambleSize];
  if (source->size() < format::kPreambleSize + format::kTrailerSize || !source->ReadAt(0, sizeof pre, pre).ok())
    return fail(Status::InvalidArgument("not a digest file"), "not a digest file (too short)");
  format::Preamble p{};
  switch (format::DecodePreamble(pre, sizeof pre, &p)) {
    case format::PreambleParse::kOk:
      break;
    case format::PreambleParse::kBadVersion:
      return fail(Status::BadVersion("another major version"),
                  "format major version " + std::to_string(pre[4]) + "; this newsdigest reads and writes version " +
                      std::to_string(format::kVersionMajor) + " only");
    case format::PreambleParse::kBadMagic:
      return fail(Status::InvalidArgument("not a digest file"), "not a digest file (no NDGF magic)");
    default:
      return fail(Status::InvalidArgument("damaged header"), "damaged file header; run `newsdigest salvage` first");
  }
  std::string hbytes(p.header_len, '\0');
  if (!source->ReadAt(format::kPreambleSize, hbytes.size(), hbytes.data()).ok() ||
      format::ComputeHeaderCrc(p, hbytes.data()) != p.header_crc)
    return fail(Status::InvalidArgument("damaged header"), "damaged file header; run `newsdigest salvage` first");
  newsdigest::v1::FileHeader header;
  if (!header.ParseFromString(hbytes))
    return fail(Status::InvalidArgument("damaged header"), "malformed file header; run `newsdigest salvage` first");
  article_limit = header.article_limit();
  created = header.created();
  header_count = header.digest_count();
  for (const auto& ref : header.dictionaries()) {
    InputDictionary dict;
    dict.id = ref.id();
    dict.crc = ref.content_crc();
    dict.size = ref.size();
    dict.lang = ref.lang();
    dict.embedded = ref.embedded();
    dict.compressed = ref.compressed();
    dicts.push_back(std::move(dict));
  }
  // Dictionary records: the run right after the header.
  uint64_t pos = format::kPreambleSize + p.header_len;
  const uint64_t file_end = source->size();
  for (;;) {
    uint8_t hb[format::kMaxRecordHeaderSize];
    const size_t avail = static_cast<size_t>(std::min<uint64_t>(sizeof hb, file_end - pos));
    format::RecordHeader h{};
    if (!source->ReadAt(pos, avail, hb).ok() ||
        format::ParseRecordHeader(hb, avail, &h) != format::RecordParse::kOk || h.kind != format::kRecordDictionary ||
        pos + h.size + h.payload_len > file_end)
      break;
    std::string rec(h.size + size_t{h.payload_len}, '\0');
    if (!source->ReadAt(pos, rec.size(), rec.data()).ok()) break;
    const auto* r = reinterpret_cast<const uint8_t*>(rec.data());
    pos += rec.size();
    if (format::RecordMetaCrc(h, r, r + h.size) != h.meta_crc) {
      warnings->push_back(name + ": a dictionary record is damaged");
      continue;
    }
    newsdigest::v1::Dictionary msg;
    if (!msg.ParseFromArray(r + h.size, static_cast<int>(h.payload_len))) continue;
    for (InputDictionary& dict : dicts) {
      if (dict.id != msg.id() || dict.have_content) continue;
      std::string content;
      if (!msg.compressed().empty()) {
        if (!d::InflateDictionary(msg.compressed(), dict.size, &content)) continue;
      } else {
        content = msg.content();
      }
      if (content.size() == dict.size && format::Crc32c(0, content.data(), content.size()) == dict.crc) {
        dict.content = std::move(content);
        dict.have_content = true;
      }
    }
  }
  const uint64_t first_digest = pos;
  // Trailer and index.
  uint8_t tr[format::kTrailerSize];
  format::Trailer t{};
  bool ok = source->ReadAt(file_end - format::kTrailerSize, sizeof tr, tr).ok() && format::DecodeTrailer(tr, &t) &&
            t.header_crc == p.header_crc && t.digest_count == header_count && t.index_offset >= first_digest &&
            t.index_offset < file_end - format::kTrailerSize;
  if (ok) {
    uint8_t hb[format::kMaxRecordHeaderSize];
    const uint64_t index_end = file_end - format::kTrailerSize;
    const size_t avail = static_cast<size_t>(std::min<uint64_t>(sizeof hb, index_end - t.index_offset));
    format::RecordHeader h{};
    ok = source->ReadAt(t.index_offset, avail, hb).ok() &&
         format::ParseRecordHeader(hb, avail, &h) == format::RecordParse::kOk && h.kind == format::kRecordIndex &&
         uint64_t{h.payload_len} == uint64_t{header_count} * 4 && t.index_offset + h.size + h.payload_len == index_end;
    if (ok) {
      std::string rec(h.size + size_t{h.payload_len}, '\0');
      ok = source->ReadAt(t.index_offset, rec.size(), rec.data()).ok();
      const auto* r = reinterpret_cast<const uint8_t*>(rec.data());
      ok = ok && format::RecordMetaCrc(h, r, r + h.size) == h.meta_crc;
      if (ok) {
        places.reserve(header_count);
        for (uint32_t i = 0; i < header_count; ++i) places.push_back(format::LoadLE32(r + h.size + 4 * size_t{i}));
      }
    }
  }
  if (!ok) {
    index_damaged = true;
    places.clear();
    warnings->push_back(name + ": trailer or index damaged; digests found by scanning the records");
    Scan(first_digest, file_end);
  }
  return Status::OK();
}

struct FrameDecoder::Impl {
  ZSTD_DCtx* dctx = nullptr;
  std::unordered_map<uint32_t, ZSTD_DDict*> ddicts;
};

FrameDecoder::FrameDecoder() : impl_(std::make_unique<Impl>()) {
  impl_->dctx = ZSTD_createDCtx();
  if (impl_->dctx != nullptr) ZSTD_DCtx_setParameter(impl_->dctx, ZSTD_d_format, ZSTD_f_zstd1_magicless);
}

FrameDecoder::~FrameDecoder() {
  for (auto& [id, dd] : impl_->ddicts) ZSTD_freeDDict(dd);
  ZSTD_freeDCtx(impl_->dctx);
}

bool FrameDecoder::Decode(const void* frame, size_t n, uint32_t dict_id, const std::string* dict, size_t size,
                          std::string* out) {
  if (impl_->dctx == nullptr) return false;
  ZSTD_DDict* dd = nullptr;
  if (dict_id != 0) {
    if (dict == nullptr) return false;
    auto it = impl_->ddicts.find(dict_id);
    if (it == impl_->ddicts.end()) {
      dd = ZSTD_createDDict(dict->data(), dict->size());
      if (dd == nullptr) return false;
      impl_->ddicts.emplace(dict_id, dd);
    } else {
      dd = it->second;
    }
  }
  ZSTD_DCtx_reset(impl_->dctx, ZSTD_reset_session_only);
  if (ZSTD_isError(ZSTD_DCtx_refDDict(impl_->dctx, dd))) return false;
  out->resize(size);
  const size_t r = ZSTD_decompressDCtx(impl_->dctx, out->data(), size, frame, n);
  return !ZSTD_isError(r) && r == size;
}

}  // namespace newsdigest::edition
