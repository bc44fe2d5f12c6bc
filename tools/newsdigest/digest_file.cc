#include "digest_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

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
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot open dictionary";
    return ND_ERR_IO;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  dictionaries_.push_back(ss.str());
  const std::string& d = dictionaries_.back();
  // zstd dictionaries carry their id at bytes 4..7 (after the magic).
  uint32_t id = 0;
  if (d.size() >= 8 && static_cast<uint8_t>(d[0]) == 0x37 && static_cast<uint8_t>(d[1]) == 0xA4 &&
      static_cast<uint8_t>(d[2]) == 0x30 && static_cast<uint8_t>(d[3]) == 0xEC) {
    const auto* b = reinterpret_cast<const uint8_t*>(d.data()) + 4;
    id = static_cast<uint32_t>(b[0] | (b[1] << 8) | (b[2] << 16)) | (static_cast<uint32_t>(b[3]) << 24);
  }
  nd_status s = nd_reader_add_dictionary(reader_, id, reinterpret_cast<const uint8_t*>(d.data()), d.size());
  if (s != ND_OK) *error = path + ": " + (s == ND_ERR_NOT_FOUND ? "the file does not use this dictionary"
                                                               : std::string(nd_status_str(s)));
  return s;
}

}  // namespace newsdigest::cli
