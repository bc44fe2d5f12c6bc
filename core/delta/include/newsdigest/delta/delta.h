// Deltas between two editions of a digest file (core/format/DELTA.md).
//
// MakeDelta(OLD, NEW) writes an update: what a holder of OLD needs to make NEW
// byte for byte (records NEW shares with OLD are copied from OLD, matched by
// content wherever they sit; everything else travels literally). ApplyDelta
// rebuilds NEW through a WritableSink with the same no-heap applier devices
// run (core/update, nd_update.h): the update's CRC, OLD's SHA-512 before and
// NEW's SHA-512 after are checked, and the sink is committed only when all
// hold (abandoned otherwise, so an output path is replaced atomically or not
// at all).
//
// Errors (Status codes, one per case; the same values as the C API):
//   kUpdateWrongBase  OLD is not the update's base (size or SHA-512)
//   kUpdateTruncated  the update is shorter than it says
//   kUpdateTampered   its CRC-32C does not hold, or NEW's SHA-512 does not
//   kUpdateReplayed   its sequence is not above the holder's, or OLD is NEW
//   kUpdateMalformed  bad magic or operations (with a valid CRC)
//   kBadVersion       another major version of the update format
// Thread-safety: pure functions of their arguments.
#ifndef NEWSDIGEST_DELTA_DELTA_H_
#define NEWSDIGEST_DELTA_DELTA_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "newsdigest/format/status.h"
#include "newsdigest/writer/output.h"

namespace newsdigest::delta {

struct DeltaOptions {
  // The update's sequence (DELTA.md, "Replays"): a device accepts only an
  // update whose sequence is above that of the edition it holds. 0 picks
  // NEW's header creation time (UTC seconds) when set, else the current time.
  uint64_t sequence = 0;
};

// What MakeDelta produced.
struct DeltaStats {
  uint64_t update_bytes = 0;
  uint64_t copied_bytes = 0;   // bytes of NEW copied from OLD
  uint64_t literal_bytes = 0;  // bytes of NEW carried in the update (INSERT)
  uint64_t filled_bytes = 0;   // bytes of NEW made by FILL
  uint64_t offset_bytes = 0;   // bytes of NEW made by OFFSETS (the index)
  uint32_t ops = 0;
  uint64_t sequence = 0;
};

// Writes to *update the update from old_file to new_file (whole files in
// memory). Either file may be any bytes (a non-digest file just travels
// literally); both must be below 4 GiB (TooLarge). *stats may be null.
Status MakeDelta(std::string_view old_file, std::string_view new_file, const DeltaOptions& options,
                 std::string* update, DeltaStats* stats = nullptr);

struct ApplyOptions {
  // The sequence of the edition held (0: none recorded).
  uint64_t current_sequence = 0;
  // Chunk of the applier's workspace (bytes read or written per callback).
  size_t chunk = 64 * 1024;
  // Step 7 (DELTA.md), the hook for NEW's signature check: called with the
  // complete NEW after its SHA-512 matched, before anything reaches the
  // sink; a non-OK Status is returned as is (the sink is abandoned).
  std::function<Status(std::string_view new_file)> verify_new;
};

// The header fields of an update.
struct UpdateInfo {
  uint64_t sequence = 0;
  uint32_t update_size = 0, old_size = 0, new_size = 0;
  uint8_t old_sha512[64] = {};
  uint8_t new_sha512[64] = {};
};

// Reads the header of `update` (magic, version, sizes; not its CRC).
Status ReadUpdateInfo(std::string_view update, UpdateInfo* info);

// Rebuilds NEW from old_file and update into *out (Append calls, then
// Commit on success; Abandon on any error). *info (may be null) receives the
// header once decoded. A sink failure is returned as the sink's status.
Status ApplyDelta(std::string_view old_file, std::string_view update, const ApplyOptions& options,
                  writer::WritableSink* out, UpdateInfo* info = nullptr);

// SHA-512 of `bytes` (the hash that names editions in updates).
void Sha512(std::string_view bytes, uint8_t out[64]);

}  // namespace newsdigest::delta

#endif  // NEWSDIGEST_DELTA_DELTA_H_
