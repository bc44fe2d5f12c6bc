#include "digest_file.h"

#include "newsdigest/writer/dictionary.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace newsdigest::cli {

std::string ReaderError(const std::string& path, nd_status s) { return path + ": " + nd_status_str(s); }

DigestFile::~DigestFile() {
  if (data_ != nullptr && size_ > 0) ::munmap(const_cast<uint8_t*>(data_), size_);
}

nd_status DigestFile::Open(const std::string& path, std::string* error) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) {
    *error = path + ": cannot open: " + std::strerror(errno);
    return ND_ERR_IO;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    *error = path + ": not a regular file";
    return ND_ERR_IO;
  }
  size_ = static_cast<uint64_t>(st.st_size);
  if (size_ == 0) {
    ::close(fd);
    *error = path + ": empty file";
    return ND_ERR_TRUNCATED;
  }
  void* m = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (m == MAP_FAILED) {
    size_ = 0;
    *error = path + ": cannot map: " + std::strerror(errno);
    return ND_ERR_IO;
  }
  data_ = static_cast<const uint8_t*>(m);
  nd_limits limits;
  size_t needed = 0;
  nd_status s = nd_reader_probe(data_, size_, &limits, &needed);
  if (s != ND_OK) {
    *error = ReaderError(path, s);
    return s;
  }
  // The fast layout: dictionary tables digested once, not per digest.
  size_t ws = nd_reader_workspace_size_fast(&limits);
  workspace_.reset(new uint64_t[ws / 8 + 1]);
  s = nd_reader_open_memory(data_, size_, workspace_.get(), ws, &reader_);
  if (s != ND_OK) *error = ReaderError(path, s);
  return s;
}

nd_status DigestFile::AddDictionaryFile(const std::string& path, std::string* error) {
  writer::DictionaryData dict;
  Status st = writer::LoadDictionaryFile(path, &dict);
  if (!st.ok()) {
    *error = path + ": " + st.message();
    return st.code() == Status::Code::kIOError ? ND_ERR_IO : ND_ERR_CORRUPT;
  }
  dictionaries_.push_back(std::move(dict.content));
  const std::string& d = dictionaries_.back();
  nd_status s = nd_reader_add_dictionary(reader_, dict.id, reinterpret_cast<const uint8_t*>(d.data()), d.size());
  if (s != ND_OK) *error = path + ": " + (s == ND_ERR_NOT_FOUND ? "the file does not use this dictionary"
                                                               : std::string(nd_status_str(s)));
  return s;
}

}  // namespace newsdigest::cli
