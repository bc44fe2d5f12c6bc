// WritableSink implementations: atomic POSIX file, memory, spooled stream.
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

#include "newsdigest/writer/output.h"

namespace newsdigest::writer {

std::string ErrorText(const Status& st, const std::string& name, int err) {
  std::string s = name + ": " + st.message();
  if (err != 0) {
    s += ": ";
    s += std::strerror(err);
  }
  return s;
}

std::string ErrorText(const Status& st, const WritableSink& sink) {
  return ErrorText(st, sink.name(), sink.last_errno());
}

namespace output_detail {

// Tries of a fresh random temporary name before giving up (each collision
// means a file of that name already exists).
inline constexpr int kTempNameTries = 16;
// Copy buffer of a stream sink's Commit().
inline constexpr size_t kCopyBufferSize = 1 << 16;

// Writes all of `data` to `fd` (at `offset` when >= 0), retrying on EINTR and
// short writes. @return 0 or errno.
int WriteAll(int fd, const char* data, size_t n, int64_t offset) {
  while (n > 0) {
    const ssize_t w = offset >= 0 ? ::pwrite(fd, data, n, static_cast<off_t>(offset)) : ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (w == 0) return EIO;
    data += w;
    n -= static_cast<size_t>(w);
    if (offset >= 0) offset += w;
  }
  return 0;
}

// 16 hex digits from the kernel's random source (std::random_device when
// getrandom is unavailable).
std::string RandomHex() {
  uint64_t v = 0;
  if (::getrandom(&v, sizeof v, 0) != static_cast<ssize_t>(sizeof v)) {
    std::random_device rd;
    v = (uint64_t{rd()} << 32) ^ rd();
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// Shared sticky-error bookkeeping.
class SinkBase : public WritableSink {
 public:
  explicit SinkBase(std::string name) : name_(std::move(name)) {}
  Status status() const override { return status_; }
  int last_errno() const override { return errno_; }
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return size_; }

 protected:
  Status Fail(Status st, int err) {
    if (status_.ok()) {
      status_ = st;
      errno_ = err;
    }
    return status_;
  }
  void ClearFailure() {
    status_ = Status::OK();
    errno_ = 0;
  }
  bool finished_ = false;  // Commit() or Abandon() called
  uint64_t size_ = 0;

 private:
  std::string name_;
  Status status_;
  int errno_ = 0;
};

class AtomicFileSink final : public SinkBase {
 public:
  AtomicFileSink(const std::string& path, const std::string& tmp_path) : SinkBase(path) {
    if (!tmp_path.empty()) {
      Open(tmp_path);
      return;
    }
    // ".<base>.<random>.tmp" next to the destination: hidden, so directory
    // walks of the output's folder skip it.
    const size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    for (int i = 0; i < kTempNameTries; ++i) {
      if (Open(dir + "." + base + "." + RandomHex() + ".tmp") || last_errno() != EEXIST) return;
      ClearFailure();
    }
  }
  ~AtomicFileSink() override { Abandon(); }

  Status Append(std::string_view data) override {
    if (!status().ok()) return status();
    if (finished_) return Fail(Status::IOError("output already finished"), 0);
    if (const int err = WriteAll(fd_, data.data(), data.size(), -1); err != 0)
      return Fail(Status::IOError("cannot write the output"), err);
    size_ += data.size();
    return Status::OK();
  }
  Status WriteAt(uint64_t offset, std::string_view data) override {
    if (!status().ok()) return status();
    if (finished_ || offset + data.size() > size_) return Fail(Status::InvalidArgument("write outside the output"), 0);
    if (const int err = WriteAll(fd_, data.data(), data.size(), static_cast<int64_t>(offset)); err != 0)
      return Fail(Status::IOError("cannot write the output"), err);
    return Status::OK();
  }
  Status Commit() override {
    if (!status().ok() || finished_) {
      Abandon();
      return status().ok() ? Status::InvalidArgument("output already finished") : status();
    }
    // Replacing a regular file keeps its permission bits (a new file gets
    // 0666 & ~umask from open()).
    struct stat old_st {};
    if (::lstat(name().c_str(), &old_st) == 0 && S_ISREG(old_st.st_mode) &&
        ::fchmod(fd_, old_st.st_mode & 07777) != 0) {
      (void)Fail(Status::IOError("cannot copy the permissions of the replaced file"), errno);
      Abandon();
      return status();
    }
    if (::fsync(fd_) != 0) {
      (void)Fail(Status::IOError("cannot sync the output"), errno);
      Abandon();
      return status();
    }
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
      (void)Fail(Status::IOError("cannot close the output"), errno);
      Abandon();
      return status();
    }
    if (::rename(tmp_path_.c_str(), name().c_str()) != 0) {
      (void)Fail(Status::IOError("cannot rename the temporary file into place"), errno);
      Abandon();
      return status();
    }
    finished_ = true;
    // Make the rename durable. File systems that cannot sync a directory
    // (EINVAL) have nothing to do.
    const size_t slash = name().rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : name().substr(0, slash);
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return Fail(Status::IOError("cannot open the output's directory to sync it"), errno);
    const int rc = ::fsync(dfd);
    const int err = errno;
    ::close(dfd);
    if (rc != 0 && err != EINVAL) return Fail(Status::IOError("cannot sync the output's directory"), err);
    return Status::OK();
  }
  void Abandon() override {
    if (finished_) return;
    finished_ = true;
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (created_) ::unlink(tmp_path_.c_str());
  }

 private:
  bool Open(const std::string& tmp) {
    tmp_path_ = tmp;
    fd_ = ::open(tmp.c_str(), O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0666);
    if (fd_ < 0) {
      (void)Fail(Status::IOError("cannot create the output file"), errno);
      return false;
    }
    created_ = true;
    return true;
  }
  std::string tmp_path_;
  int fd_ = -1;
  bool created_ = false;
};

class MemorySink final : public SinkBase {
 public:
  explicit MemorySink(std::string* dest) : SinkBase("<memory>"), dest_(dest) {}
  Status Append(std::string_view data) override {
    if (!status().ok()) return status();
    if (finished_) return Fail(Status::IOError("output already finished"), 0);
    buf_.append(data);
    size_ = buf_.size();
    return Status::OK();
  }
  Status WriteAt(uint64_t offset, std::string_view data) override {
    if (!status().ok()) return status();
    if (finished_ || offset + data.size() > buf_.size()) return Fail(Status::InvalidArgument("write outside the output"), 0);
    buf_.replace(static_cast<size_t>(offset), data.size(), data);
    return Status::OK();
  }
  Status Commit() override {
    if (!status().ok() || finished_) {
      Abandon();
      return status().ok() ? Status::InvalidArgument("output already finished") : status();
    }
    finished_ = true;
    *dest_ = std::move(buf_);
    return Status::OK();
  }
  void Abandon() override {
    finished_ = true;
    buf_.clear();
    buf_.shrink_to_fit();
  }

 private:
  std::string* dest_;
  std::string buf_;
};

class StreamSink final : public SinkBase {
 public:
  StreamSink(int fd, const std::string& name) : SinkBase(name), out_fd_(fd) {
    const char* env = std::getenv("TMPDIR");
    const std::string dir = env != nullptr && env[0] != '\0' ? env : "/tmp";
    spool_ = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (spool_ < 0) {
      // No O_TMPFILE support: an exclusive random name, unlinked at once.
      for (int i = 0; i < kTempNameTries && spool_ < 0; ++i) {
        const std::string p = dir + "/.newsdigest." + RandomHex() + ".spool";
        spool_ = ::open(p.c_str(), O_CREAT | O_EXCL | O_NOFOLLOW | O_RDWR | O_CLOEXEC, 0600);
        if (spool_ >= 0) ::unlink(p.c_str());
        else if (errno != EEXIST) break;
      }
    }
    if (spool_ < 0) (void)Fail(Status::IOError("cannot create a temporary spool file"), errno);
  }
  ~StreamSink() override { Abandon(); }

  Status Append(std::string_view data) override {
    if (!status().ok()) return status();
    if (finished_) return Fail(Status::IOError("output already finished"), 0);
    if (const int err = WriteAll(spool_, data.data(), data.size(), -1); err != 0)
      return Fail(Status::IOError("cannot write the temporary spool file"), err);
    size_ += data.size();
    return Status::OK();
  }
  Status WriteAt(uint64_t offset, std::string_view data) override {
    if (!status().ok()) return status();
    if (finished_ || offset + data.size() > size_) return Fail(Status::InvalidArgument("write outside the output"), 0);
    if (const int err = WriteAll(spool_, data.data(), data.size(), static_cast<int64_t>(offset)); err != 0)
      return Fail(Status::IOError("cannot write the temporary spool file"), err);
    return Status::OK();
  }
  Status Commit() override {
    if (!status().ok() || finished_) {
      Abandon();
      return status().ok() ? Status::InvalidArgument("output already finished") : status();
    }
    std::string buf(kCopyBufferSize, '\0');
    for (uint64_t off = 0; off < size_;) {
      const ssize_t r = ::pread(spool_, buf.data(), buf.size(), static_cast<off_t>(off));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) {
        (void)Fail(Status::IOError("cannot read the temporary spool file"), r < 0 ? errno : EIO);
        Abandon();
        return status();
      }
      if (const int err = WriteAll(out_fd_, buf.data(), static_cast<size_t>(r), -1); err != 0) {
        (void)Fail(Status::IOError("cannot write the output"), err);
        Abandon();
        return status();
      }
      off += static_cast<uint64_t>(r);
    }
    Abandon();  // closes the spool
    return Status::OK();
  }
  void Abandon() override {
    finished_ = true;
    if (spool_ >= 0) ::close(spool_);
    spool_ = -1;
  }

 private:
  int out_fd_;
  int spool_ = -1;
};

// A stream sink that owns the descriptor it writes to.
class OwnedStreamSink final : public WritableSink {
 public:
  OwnedStreamSink(int fd, const std::string& name) : fd_(fd), inner_(fd, name) {}
  ~OwnedStreamSink() override {
    inner_.Abandon();
    if (fd_ >= 0) ::close(fd_);
  }
  Status Append(std::string_view data) override { return inner_.Append(data); }
  Status WriteAt(uint64_t offset, std::string_view data) override { return inner_.WriteAt(offset, data); }
  Status Commit() override { return inner_.Commit(); }
  void Abandon() override { inner_.Abandon(); }
  Status status() const override { return inner_.status(); }
  int last_errno() const override { return inner_.last_errno(); }
  const std::string& name() const override { return inner_.name(); }
  uint64_t size() const override { return inner_.size(); }

 private:
  int fd_;
  StreamSink inner_;
};

// A sink that failed before it could be anything else.
class FailedSink final : public SinkBase {
 public:
  FailedSink(const std::string& name, Status st, int err) : SinkBase(name) { (void)Fail(st, err); }
  Status Append(std::string_view) override { return status(); }
  Status WriteAt(uint64_t, std::string_view) override { return status(); }
  Status Commit() override { return status(); }
  void Abandon() override {}
};

std::unique_ptr<WritableSink> NewAtomicFileSinkAt(const std::string& path, const std::string& tmp_path) {
  return std::make_unique<AtomicFileSink>(path, tmp_path);
}

}  // namespace output_detail

std::unique_ptr<WritableSink> NewAtomicFileSink(const std::string& path) {
  return std::make_unique<output_detail::AtomicFileSink>(path, std::string());
}

std::unique_ptr<WritableSink> NewMemorySink(std::string* dest) {
  return std::make_unique<output_detail::MemorySink>(dest);
}

std::unique_ptr<WritableSink> NewStreamSink(int fd, const std::string& name) {
  return std::make_unique<output_detail::StreamSink>(fd, name);
}

std::unique_ptr<WritableSink> NewOutputSink(const std::string& path) {
  if (path == "-") return NewStreamSink(STDOUT_FILENO, "<stdout>");
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
      return std::make_unique<output_detail::FailedSink>(path, Status::IOError("cannot open the output"), errno);
    return std::make_unique<output_detail::OwnedStreamSink>(fd, path);
  }
  return NewAtomicFileSink(path);
}

}  // namespace newsdigest::writer
