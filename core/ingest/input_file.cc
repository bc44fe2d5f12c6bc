// InputFile: bounded reading of plain and gzip inputs (see input_file.h).
#include "newsdigest/ingest/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace newsdigest::ingest {
namespace input_file_detail {

std::string Errno(const char* what, int err) { return std::string(what) + ": " + std::strerror(err); }

}  // namespace input_file_detail

struct InputFile::Impl {
  int fd = -1;
  bool own_fd = false;
  bool gzip = false;
  bool z_ready = false;     // inflateInit2 done
  bool member_ended = false;  // the last inflate() returned Z_STREAM_END
  bool raw_eof = false;
  bool eof = false;         // no more decompressed bytes will come
  z_stream z{};
  std::string raw;          // compressed bytes read, not yet inflated: raw[raw_pos..]
  size_t raw_pos = 0;
  std::string buf;          // decompressed bytes not yet handed out: buf[pos..]
  size_t pos = 0;
  uint64_t handed_out = 0;

  ~Impl() {
    if (z_ready) inflateEnd(&z);
    if (own_fd && fd >= 0) ::close(fd);
  }

  size_t Buffered() const { return buf.size() - pos; }

  // Appends up to kChunkBytes raw bytes to `to`; sets raw_eof at the end.
  Status ReadRaw(std::string* to, std::string* reason) {
    const size_t old = to->size();
    to->resize(old + kChunkBytes);
    for (;;) {
      ssize_t n = ::read(fd, to->data() + old, kChunkBytes);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int err = errno;
        to->resize(old);
        *reason = input_file_detail::Errno("read error", err);
        return Status::IOError("read error");
      }
      to->resize(old + static_cast<size_t>(n));
      if (n == 0) raw_eof = true;
      return Status::OK();
    }
  }

  // Makes more decompressed bytes available in buf (or sets eof).
  Status Fill(std::string* reason) {
    if (eof) return Status::OK();
    if (pos > 0) {
      buf.erase(0, pos);
      pos = 0;
    }
    if (!gzip) {
      std::string* to = &buf;
      Status st = ReadRaw(to, reason);
      if (st.ok() && raw_eof) eof = true;
      return st;
    }
    for (;;) {
      if (raw_pos == raw.size()) {
        raw.clear();
        raw_pos = 0;
        if (!raw_eof) ND_RETURN_IF_ERROR(ReadRaw(&raw, reason));
        if (raw.empty()) {
          if (!member_ended) {
            *reason = "truncated gzip data";
            return Status::Truncated("truncated gzip data");
          }
          eof = true;
          return Status::OK();
        }
      }
      bool new_member = false;
      if (member_ended) {
        // Another member follows, or trailing bytes that gzip(1) ignores.
        const size_t left = raw.size() - raw_pos;
        if (static_cast<unsigned char>(raw[raw_pos]) != 0x1f ||
            (left > 1 && static_cast<unsigned char>(raw[raw_pos + 1]) != 0x8b)) {
          eof = true;
          return Status::OK();
        }
        inflateReset(&z);
        member_ended = false;
        new_member = true;
      }
      (void)new_member;
      z.next_in = reinterpret_cast<Bytef*>(raw.data() + raw_pos);
      z.avail_in = static_cast<uInt>(raw.size() - raw_pos);
      const size_t old = buf.size();
      buf.resize(old + kChunkBytes);
      z.next_out = reinterpret_cast<Bytef*>(buf.data() + old);
      z.avail_out = static_cast<uInt>(kChunkBytes);
      int ret = inflate(&z, Z_NO_FLUSH);
      buf.resize(old + kChunkBytes - z.avail_out);
      raw_pos = raw.size() - z.avail_in;
      if (ret == Z_STREAM_END) {
        member_ended = true;
      } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
        *reason = std::string("corrupt gzip data: ") + (z.msg != nullptr ? z.msg : zError(ret));
        return Status::Corruption("corrupt gzip data");
      }
      if (buf.size() > old) return Status::OK();
    }
  }
};

InputFile::InputFile() : impl_(std::make_unique<Impl>()) {}
InputFile::~InputFile() = default;

Status InputFile::Open(const std::string& path, std::string* reason) {
  namespace d = input_file_detail;
  Impl& m = *impl_;
  if (path == "-") {
    m.fd = STDIN_FILENO;
    m.own_fd = false;
  } else {
    int fd;
    do {
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
      *reason = d::Errno("cannot open", errno);
      return Status::IOError("cannot open");
    }
    m.fd = fd;
    m.own_fd = true;
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      *reason = "cannot read: is a directory";
      return Status::IOError("is a directory");
    }
  }
  // Read until the magic can be told (a pipe may deliver one byte at a time).
  while (m.raw.size() < 2 && !m.raw_eof) ND_RETURN_IF_ERROR(m.ReadRaw(&m.raw, reason));
  if (m.raw.size() >= 2 && static_cast<unsigned char>(m.raw[0]) == 0x1f &&
      static_cast<unsigned char>(m.raw[1]) == 0x8b) {
    m.gzip = true;
    if (inflateInit2(&m.z, 16 + MAX_WBITS) != Z_OK) {
      *reason = "out of memory (zlib)";
      return Status::IOError("zlib init");
    }
    m.z_ready = true;
  } else {
    m.buf.swap(m.raw);
    m.raw.clear();
    if (m.raw_eof) m.eof = true;
  }
  return Status::OK();
}

bool InputFile::gzip() const { return impl_->gzip; }

uint64_t InputFile::bytes_read() const { return impl_->handed_out; }

Status InputFile::Peek(size_t n, std::string_view* head, std::string* reason) {
  Impl& m = *impl_;
  if (n > kChunkBytes) n = kChunkBytes;
  while (m.Buffered() < n && !m.eof) ND_RETURN_IF_ERROR(m.Fill(reason));
  size_t k = m.Buffered() < n ? m.Buffered() : n;
  *head = std::string_view(m.buf.data() + m.pos, k);
  return Status::OK();
}

Status InputFile::ReadAll(uint64_t max_bytes, std::string* out, std::string* reason) {
  Impl& m = *impl_;
  out->clear();
  for (;;) {
    const size_t avail = m.Buffered();
    if (out->size() + avail > max_bytes) {
      *reason = "larger than the limit of " + std::to_string(max_bytes) + " bytes";
      out->clear();
      return Status::TooLarge("input too large");
    }
    out->append(m.buf, m.pos, avail);
    m.pos += avail;
    m.handed_out += avail;
    if (m.eof) return Status::OK();
    ND_RETURN_IF_ERROR(m.Fill(reason));
  }
}

Status InputFile::ReadLine(uint64_t max_bytes, std::string* line, bool* too_long, uint64_t* line_bytes, bool* eof,
                           std::string* reason) {
  Impl& m = *impl_;
  line->clear();
  *too_long = false;
  *eof = false;
  uint64_t n = 0;
  for (;;) {
    if (m.Buffered() == 0) {
      if (!m.eof) ND_RETURN_IF_ERROR(m.Fill(reason));
      if (m.Buffered() == 0 && m.eof) {
        *line_bytes = n;
        if (n == 0) *eof = true;
        return Status::OK();
      }
      continue;
    }
    const char* begin = m.buf.data() + m.pos;
    const size_t avail = m.Buffered();
    const void* nl = std::memchr(begin, '\n', avail);
    const size_t seg = nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - begin) : avail;
    if (!*too_long) {
      if (line->size() + seg <= max_bytes) {
        line->append(begin, seg);
      } else {
        *too_long = true;
        std::string().swap(*line);  // release what was stored
      }
    }
    n += seg;
    m.pos += seg;
    m.handed_out += seg;
    if (nl != nullptr) {
      ++m.pos;
      ++m.handed_out;
      *line_bytes = n;
      return Status::OK();
    }
  }
}

Status ReadInputFile(const std::string& path, uint64_t max_bytes, std::string* out, std::string* reason) {
  InputFile in;
  ND_RETURN_IF_ERROR(in.Open(path, reason));
  return in.ReadAll(max_bytes, out, reason);
}

}  // namespace newsdigest::ingest
