// Private to core/repair.
#ifndef NEWSDIGEST_REPAIR_REPAIR_INTERNAL_H_
#define NEWSDIGEST_REPAIR_REPAIR_INTERNAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "newsdigest/format/status.h"

namespace newsdigest::repair {

// A dictionary the stand-in header lists.
struct StandInDict {
  uint32_t id = 0;
  uint32_t crc = 0;   // of the plain content
  uint32_t size = 0;  // of the plain content
  bool embedded = false;
  bool compressed = false;
};

// Finds the first intact record of a file whose header is damaged (within
// kMaxHeaderSize bytes after the preamble) and the intact dictionary
// records that follow it; appends what they hold to *dicts (embedded).
// Linear in the file size. *first_record gets the first record's offset.
Status FindRecordsAfterDamagedHeader(const uint8_t* data, uint64_t size, uint64_t* first_record,
                                     std::vector<StandInDict>* dicts);

// Writes a stand-in preamble and header listing `dicts` over data[0,
// first_record): generous limits, digest count 0 (unknown).
Status WriteStandInHeader(const std::vector<StandInDict>& dicts, uint64_t first_record, uint8_t* data);

}  // namespace newsdigest::repair

#endif  // NEWSDIGEST_REPAIR_REPAIR_INTERNAL_H_
