// FileBytes, SameFile and dictionary files for the host reader layer.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <new>

#include "newsdigest/format/dictionary_file.h"
#include "newsdigest/reader/digest_reader.h"

namespace newsdigest::reader {
namespace host_file_detail {

// Reads fd to its end into *out, at most `limit` bytes; `probe` may stop
// it early (FileBytes::StreamProbe).
Status ReadAll(int fd, uint64_t limit, const FileBytes::StreamProbe& probe, std::vector<uint8_t>* out) {
  out->clear();
  bool probed = probe.reject == nullptr;
  uint8_t buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IOError("read failed", errno);
    }
    if (n == 0) return Status::OK();
    if (out->size() + static_cast<uint64_t>(n) > limit) return Status::TooLarge("input larger than the read limit");
    out->insert(out->end(), buf, buf + n);
    if (!probed && out->size() >= probe.head_size) {
      probed = true;
      if (probe.reject(out->data(), out->size())) return Status::Corruption("refused by its first bytes");
    }
  }
}

}  // namespace host_file_detail

FileBytes::~FileBytes() {
  if (mapped_ && size_ > 0) ::munmap(const_cast<uint8_t*>(data_), size_);
}

std::unique_ptr<FileBytes> FileBytes::FromBytes(const void* data, size_t size) {
  std::unique_ptr<FileBytes> f(new FileBytes());
  const auto* p = static_cast<const uint8_t*>(data);
  f->owned_.assign(p, p + size);
  f->data_ = f->owned_.data();
  f->size_ = size;
  f->writable_ = true;
  return f;
}

Status FileBytes::Open(const std::string& path, uint64_t max_read_bytes, std::unique_ptr<FileBytes>* out,
                       const StreamProbe& probe) {
  return OpenImpl(path, max_read_bytes, false, probe, out);
}

Status FileBytes::OpenCopyOnWrite(const std::string& path, std::unique_ptr<FileBytes>* out) {
  return OpenImpl(path, kDefaultMaxReadBytes, true, StreamProbe{}, out);
}

Status FileBytes::OpenImpl(const std::string& path, uint64_t max_read_bytes, bool copy_on_write,
                           const StreamProbe& probe, std::unique_ptr<FileBytes>* out) {
  out->reset();
  const bool is_stdin = path == "-";
  const int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("cannot open", errno);
  std::unique_ptr<FileBytes> f(new (std::nothrow) FileBytes());
  if (f == nullptr) {
    if (!is_stdin) ::close(fd);
    return Status::OutOfMemory("out of memory");
  }
  struct stat st;
  Status s;
  if (::fstat(fd, &st) != 0) {
    s = Status::IOError("cannot examine", errno);
  } else if (S_ISDIR(st.st_mode)) {
    s = Status::IOError("is a directory", EISDIR);
  } else if (S_ISREG(st.st_mode) && st.st_size > 0 && ::lseek(fd, 0, SEEK_CUR) == 0) {
    f->dev_ = static_cast<uint64_t>(st.st_dev);
    f->ino_ = static_cast<uint64_t>(st.st_ino);
    f->size_ = static_cast<uint64_t>(st.st_size);
    void* m = ::mmap(nullptr, f->size_, copy_on_write ? PROT_READ | PROT_WRITE : PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
      f->size_ = 0;
      s = Status::IOError("cannot map", errno);
    } else {
      f->data_ = static_cast<const uint8_t*>(m);
      f->mapped_ = true;
      f->writable_ = copy_on_write;
    }
  } else {
    // A pipe, a terminal, an empty or special file, standard input part
    // read: read what it gives.
    if (S_ISREG(st.st_mode)) {
      f->dev_ = static_cast<uint64_t>(st.st_dev);
      f->ino_ = static_cast<uint64_t>(st.st_ino);
    }
    s = host_file_detail::ReadAll(fd, max_read_bytes, probe, &f->owned_);
    f->data_ = f->owned_.data();
    f->size_ = f->owned_.size();
    f->writable_ = true;
  }
  if (!is_stdin) ::close(fd);
  if (!s.ok()) return s;
  *out = std::move(f);
  return Status::OK();
}

Status SameFile(const std::string& a, const std::string& b, bool* same) {
  *same = false;
  struct stat sa, sb;
  if (::stat(a.c_str(), &sa) != 0) return errno == ENOENT ? Status::OK() : Status::IOError("cannot examine", errno);
  if (::stat(b.c_str(), &sb) != 0) return errno == ENOENT ? Status::OK() : Status::IOError("cannot examine", errno);
  *same = sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  return Status::OK();
}

Status LoadDictionary(const std::string& path, DictionaryFile* out) {
  std::unique_ptr<FileBytes> bytes;
  ND_RETURN_IF_ERROR(FileBytes::Open(path, format::kMaxRecordPayload, &bytes));
  const uint32_t id = format::DictionaryContentId(bytes->data(), static_cast<size_t>(bytes->size()));
  if (id == 0) return Status::Corruption("not a zstd dictionary (no dictionary header)");
  out->id = id;
  const std::string name = std::filesystem::path(path).filename().string();
  out->lang = std::string(format::DictionaryLangFromFileName(name));
  out->bytes = std::move(bytes);
  return Status::OK();
}

}  // namespace newsdigest::reader
