#include "digest_file.h"

#include "newsdigest/format/format.h"
#include "newsdigest/reader/digest_reader.h"

#include <unistd.h>

#include <cstring>
#include <string_view>

namespace newsdigest::cli {
namespace digest_file_detail {

std::string Reason(int e) { return std::strerror(e); }

// True when the bytes are not a digest file at all, as opposed to a damaged
// one: the file magic is wrong and the trailer magic is missing too (a digest
// file with a damaged first byte is still a digest file).
bool Foreign(const uint8_t* data, uint64_t len) {
  const size_t m = sizeof format::kFileMagic, t = sizeof format::kTrailerMagic;
  if (len < m || std::memcmp(data, format::kFileMagic, m) == 0) return false;
  return len < t || std::memcmp(data + len - t, format::kTrailerMagic, t) != 0;
}

// True when not one byte of the file magic is right: surely not a digest
// file (zeros, text, JSON, HTML, images), so a pipe need not be read to its
// end to tell.
bool PlainlyForeign(const uint8_t* data, size_t len) {
  if (len < sizeof format::kFileMagic) return false;
  for (size_t i = 0; i < sizeof format::kFileMagic; ++i)
    if (data[i] == format::kFileMagic[i]) return false;
  return true;
}

std::string ForeignError(const std::string& name) {
  return name + ": not a digest file (it does not start with the digest magic NDGF)";
}

// "cannot open|map|read: <system's reason>" for a failed FileBytes::Open.
std::string LoadFailure(const Status& st) {
  const std::string_view what = st.message();
  const char* verb = what == "cannot map"                               ? "cannot map"
                     : what == "cannot open" || what == "cannot examine" ? "cannot open"
                                                                         : "cannot read";
  return std::string(verb) + ": " + (st.os_error() != 0 ? Reason(st.os_error()) : std::string(what));
}

}  // namespace digest_file_detail

std::string InputName(const std::string& path) { return path == "-" ? "standard input" : path; }

std::string ReaderError(const std::string& name, nd_status s) { return name + ": " + nd_status_str(s); }

std::string MissingDictionaryLine(const std::string& name, uint32_t dict_id, uint64_t count, bool embedded) {
  std::string line = name + ": dictionary missing for " + std::to_string(count) +
                     (count == 1 ? " digest" : " digests") + ": id " + std::to_string(dict_id);
  if (embedded)
    return line + ", whose embedded copy is damaged or absent; `newsdigest salvage` keeps the other digests, "
                  "--dict FILE (the file train-dict wrote) supplies it";
  return line + ", which the file names but does not embed; pass it with --dict FILE (the file train-dict wrote)";
}

bool DigestFile::embeds_dictionaries() const {
  nd_limits lim;
  nd_reader_limits(reader_, &lim);
  return lim.embedded_dict_bytes > 0;
}

DigestFile::~DigestFile() = default;

nd_status DigestFile::Load(const std::string& path, std::string* error, bool reject_foreign) {
  namespace d = digest_file_detail;
  name_ = InputName(path);
  if (path == "-" && ::isatty(0)) {
    *error = "standard input is a terminal: pipe a digest file in (cat x.ndg | newsdigest ls -) or name it";
    return ND_ERR_IO;
  }
  // A regular file read from its start is mapped; anything else (a pipe,
  // a character device, standard input part read) is read into memory.
  reader::FileBytes::StreamProbe probe;
  if (reject_foreign) {
    probe.head_size = sizeof format::kFileMagic;
    probe.reject = &d::PlainlyForeign;
  }
  const Status st = reader::FileBytes::Open(path, kMaxStreamedDigestBytes, &bytes_, probe);
  if (!st.ok()) {
    if (st.IsTooLarge()) {
      *error = name_ + ": more than " + std::to_string(kMaxStreamedDigestBytes >> 20) +
               " MiB from a pipe (a digest file read from a pipe is held in memory); save it to a file and pass "
               "its path";
      return ND_ERR_TOO_LARGE;
    }
    if (st.IsCorruption()) {  // the probe refused it
      *error = d::ForeignError(name_);
      foreign_ = true;
      return ND_ERR_CORRUPT;
    }
    *error = name_ + ": " + d::LoadFailure(st);
    return ND_ERR_IO;
  }
  if (bytes_->size() == 0) {
    *error = name_ + ": empty file";
    return ND_ERR_TRUNCATED;
  }
  return ND_OK;
}

nd_status DigestFile::Open(const std::string& path, std::string* error) {
  nd_status s = Load(path, error, /*reject_foreign=*/true);
  if (s != ND_OK) return s;
  nd_limits limits;
  s = nd_reader_probe(data(), size(), &limits, nullptr);
  if (s != ND_OK) {
    foreign_ = digest_file_detail::Foreign(data(), size());
    *error = foreign_ ? digest_file_detail::ForeignError(name_) : ReaderError(name_, s);
    return s;
  }
  // The fast layout: dictionary tables digested once, not per digest.
  size_t ws = nd_reader_workspace_size_fast(&limits);
  workspace_.reset(new uint64_t[ws / 8 + 1]);
  s = nd_reader_open_memory(data(), size(), workspace_.get(), ws, &reader_);
  if (s != ND_OK) *error = ReaderError(name_, s);
  return s;
}

nd_status DigestFile::AddDictionaryFile(const std::string& path, std::string* error) {
  reader::DictionaryFile dict;
  Status st = reader::LoadDictionary(path, &dict);
  if (!st.ok()) {
    *error = st.os_error() != 0 ? path + ": cannot open the dictionary: " + digest_file_detail::Reason(st.os_error())
                                : path + ": cannot load the dictionary: " + st.message();
    return st.code() == Status::Code::kIOError ? ND_ERR_IO : ND_ERR_CORRUPT;
  }
  dictionaries_.push_back(std::move(dict));
  const reader::DictionaryFile& d = dictionaries_.back();
  nd_status s = nd_reader_add_dictionary(reader_, d.id, d.bytes->data(), static_cast<size_t>(d.bytes->size()));
  if (s != ND_OK)
    *error = path + ": " +
             (s == ND_ERR_NOT_FOUND ? "dictionary " + std::to_string(d.id) + " is not one this file uses"
                                    : std::string(nd_status_str(s)));
  return s;
}

}  // namespace newsdigest::cli
