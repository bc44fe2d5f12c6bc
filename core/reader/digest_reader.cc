// DigestReader: a digest file's bytes, a workspace and an nd_reader.
#include <new>

#include "newsdigest/reader/digest_reader.h"

namespace newsdigest::reader {

DigestReader::~DigestReader() = default;

Status DigestReader::Open(const std::string& path, const Options& options, std::unique_ptr<DigestReader>* out) {
  out->reset();
  std::unique_ptr<FileBytes> bytes;
  ND_RETURN_IF_ERROR(FileBytes::Open(path, options.max_read_bytes, &bytes));
  return Open(std::move(bytes), options, out);
}

Status DigestReader::Open(std::unique_ptr<FileBytes> bytes, const Options& options,
                          std::unique_ptr<DigestReader>* out) {
  out->reset();
  if (bytes == nullptr || (options.workspace_flags & ND_WS_IO) != 0)
    return Status::InvalidArgument("DigestReader reads files in memory");
  if (bytes->size() == 0) return Status::Truncated("empty file");
  nd_limits limits;
  nd_status s = nd_reader_probe(bytes->data(), static_cast<size_t>(bytes->size()), &limits, nullptr);
  if (s != ND_OK) return FromNdStatus(s);
  const size_t ws = nd_reader_workspace_size_for(&limits, options.workspace_flags);
  std::unique_ptr<DigestReader> r(new (std::nothrow) DigestReader());
  if (r == nullptr) return Status::OutOfMemory("out of memory");
  r->workspace_.reset(new (std::nothrow) uint64_t[ws / 8 + 1]);
  if (r->workspace_ == nullptr) return Status::OutOfMemory("cannot allocate the reader workspace");
  s = nd_reader_open_memory(bytes->data(), static_cast<size_t>(bytes->size()), r->workspace_.get(), ws, &r->reader_);
  if (s != ND_OK) return FromNdStatus(s);
  r->bytes_ = std::move(bytes);
  *out = std::move(r);
  return Status::OK();
}

Status DigestReader::AddDictionaryFile(const std::string& path) {
  DictionaryFile d;
  ND_RETURN_IF_ERROR(LoadDictionary(path, &d));
  return AddDictionary(std::move(d));
}

Status DigestReader::AddDictionary(DictionaryFile dict) {
  if (dict.bytes == nullptr) return Status::InvalidArgument("dictionary without content");
  const nd_status s =
      nd_reader_add_dictionary(reader_, dict.id, dict.bytes->data(), static_cast<size_t>(dict.bytes->size()));
  if (s == ND_ERR_NOT_FOUND) return Status::NotFound("the file does not use this dictionary");
  if (s != ND_OK) return FromNdStatus(s);
  // The reader points into the bytes: keep them (FileBytes never move).
  dictionaries_.push_back(std::move(dict));
  return Status::OK();
}

}  // namespace newsdigest::reader
