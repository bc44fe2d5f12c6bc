// Salvage: recovers the intact digests of a damaged digest file into a new,
// valid one. Built on the public reader (scanning, checks, record framing,
// dictionary info) and format codecs; writes through the writer's
// DigestBuilder.
//
// Every digest record that checks out completely (both checksums and a full
// decompression, with its dictionary and its shared-text record) is copied
// byte for byte; a shared-text record gets its text_ref re-pointed at the
// holder's new offset. Dictionaries are carried over with their language,
// embedded (and compressed) as in the input.
//
// A dictionary the file names but does not embed (intact) and that was not
// supplied: the output's header must name it with its content CRC and size,
// which DigestBuilder computes from the content, so its digests cannot be
// carried over. They are counted per dictionary (SalvageReport::
// missing_dictionaries), not listed one by one, so that the caller can say
// once "pass it with --dict FILE". When the file header itself is
// damaged, a stand-in header (generous limits, the dictionaries found in the
// file) is patched over it in a copy-on-write mapping, so the reader can
// scan the records. Memory: the mapped input plus a reader workspace.
//
// Thread-safety: a Salvager is not thread-safe.
#ifndef NEWSDIGEST_REPAIR_SALVAGE_H_
#define NEWSDIGEST_REPAIR_SALVAGE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "newsdigest/format/status.h"
#include "newsdigest/reader/digest_reader.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/writer/digest_builder.h"

namespace newsdigest::repair {

// The most SalvageFile reads from an input that is not a regular file
// (standard input, a pipe, a device such as /dev/zero): such bytes are held
// in memory, whereas a regular file is mapped. A larger damaged file must be
// given as a regular file.
inline constexpr uint64_t kMaxStreamInputBytes = reader::kDefaultMaxReadBytes;

// Digests left out because their dictionary is not available.
struct MissingDictionary {
  uint32_t id = 0;
  uint32_t digests = 0;
};

// A digest that could not be recovered.
struct LostDigest {
  uint64_t offset = 0;      // of its record (0 when only the index names it: see index)
  int64_t index = -1;       // position in the input's index, -1 when unknown
  std::string id, title;    // when its metadata was readable
  nd_status reason = ND_OK;
  std::string why;          // a short explanation
};

struct SalvageReport {
  uint32_t recovered = 0;
  uint32_t lost = 0;            // every loss, counted ones included
  bool header_damaged = false;  // a stand-in header was used (losses beyond those seen are unknown)
  bool index_damaged = false;
  std::vector<LostDigest> lost_digests;  // the losses that could be named
  uint32_t lost_unnamed = 0;   // counted by the header only
  // Digests (counted in `lost`, not in lost_digests) whose dictionary the
  // file names but neither embeds intact nor was supplied, per dictionary.
  std::vector<MissingDictionary> missing_dictionaries;
  std::vector<std::string> warnings;     // e.g. a stand-in header was used
  // SalvageFile: whether the output was written (false when nothing was
  // recovered: an existing output is left as it was), and on error a
  // message naming the path and the system's reason.
  bool written = false;
  std::string error_text;
  // Whether the output holds everything the input did: every digest was
  // recovered (a damaged index is rebuilt; the header counts the digests).
  // With a damaged header the number of digests is unknown: never complete.
  bool complete() const { return lost == 0 && !header_damaged; }
};

class Salvager {
 public:
  // Takes the input's bytes and the dictionary files supplied for
  // dictionaries it does not embed intact. When its header is damaged the
  // bytes must be writable (FileBytes::OpenCopyOnWrite or FromBytes): the
  // stand-in header is patched over them, listing the embedded dictionaries
  // found and the supplied ones. @return OK; Corruption when no intact
  // record sits where the first must be; NotFound when an intact header
  // does not name a supplied dictionary; Checksum when a supplied one is
  // not the content the file was built with.
  static Status Open(std::unique_ptr<reader::FileBytes> input, std::vector<reader::DictionaryFile> dictionaries,
                     std::unique_ptr<Salvager>* out);
  // Opens the file at `path` (mapped copy-on-write).
  static Status Open(const std::string& path, std::vector<reader::DictionaryFile> dictionaries,
                     std::unique_ptr<Salvager>* out);
  ~Salvager();
  Salvager(const Salvager&) = delete;
  Salvager& operator=(const Salvager&) = delete;

  bool header_damaged() const { return header_damaged_; }

  // Options for the output's DigestBuilder: the input's article limit,
  // creation time and the dictionaries (with language) that are available,
  // embedded and compressed as in the input. The dictionaries point into
  // this Salvager, which must outlive the builder's use of them.
  Status MakeBuilderOptions(writer::BuilderOptions* out);

  // Copies every intact digest, in file order, into `builder` (created with
  // MakeBuilderOptions()); does not Finish it. *report gets the outcome.
  // REQUIRES: called once.
  Status CopyInto(writer::DigestBuilder* builder, SalvageReport* report);

  nd_reader* reader() const { return reader_ != nullptr ? reader_->get() : nullptr; }

 private:
  struct Dict;
  Salvager();
  std::unique_ptr<reader::DigestReader> reader_;
  bool header_damaged_ = false;
  std::vector<std::unique_ptr<Dict>> dicts_;     // the header's list, in order
  std::vector<reader::DictionaryFile> supplied_;  // their bytes, kept alive
  std::vector<std::string> warnings_;
};

// Salvages `in_path` ("-": standard input) into `out_path` (through
// writer::NewOutputSink: "-" is standard output, a regular file is replaced
// atomically), with dictionary files for dictionaries the input does not
// embed. An input that is not a regular file is read up to
// kMaxStreamInputBytes (TooLarge beyond). When no digest is recovered
// nothing is written (report->written false; an existing output is left as
// it was) and the result is OK. @return InvalidArgument when the output path
// is empty or is the input (same device and inode, whatever the spelling),
// or the first error, with report->error_text naming the path and the
// system's reason; *report as CopyInto. `wrap_sink`, when set, wraps the
// output sink (e.g. sign::NewSigningSink for `salvage --sign`).
using SinkWrapper = std::function<std::unique_ptr<writer::WritableSink>(std::unique_ptr<writer::WritableSink>)>;
Status SalvageFile(const std::string& in_path, const std::string& out_path,
                   const std::vector<std::string>& dictionary_paths, SalvageReport* report,
                   const SinkWrapper& wrap_sink = nullptr);

}  // namespace newsdigest::repair

#endif  // NEWSDIGEST_REPAIR_SALVAGE_H_
