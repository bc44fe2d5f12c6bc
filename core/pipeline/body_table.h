// Private to core/pipeline: identical-body detection for de-duplication.
//
// A body is identified by its length, a fast 64-bit hash (ingest::BodyHash by
// default) and its SHA-256. The fast hash only finds candidates; sharing
// requires the SHA-256 to match too, so two different bodies that collide on
// the fast hash (FNV-1a collisions can be found in minutes) are both stored.
// The table keeps 32 + 8 + 8 bytes per distinct body, never the bodies.
// Sha256 and Sha256Digest are public (newsdigest/pipeline/body_sha256.h).
#ifndef NEWSDIGEST_PIPELINE_BODY_TABLE_H_
#define NEWSDIGEST_PIPELINE_BODY_TABLE_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "newsdigest/pipeline/body_sha256.h"

namespace newsdigest::pipeline {

// The first-stage key: length and fast hash.
struct BodyKey {
  uint64_t hash = 0;
  uint64_t size = 0;
  bool operator==(const BodyKey&) const = default;
};
struct BodyKeyHasher {
  size_t operator()(const BodyKey& k) const { return static_cast<size_t>(k.hash ^ (k.size * 0x9E3779B97F4A7C15ull)); }
};

// Bodies stored so far, each with what a later identical body shares: the
// record that holds the text and its summary spans.
class BodyTable {
 public:
  using HashFn = uint64_t (*)(std::string_view);
  struct Entry {
    Sha256Digest sha{};
    uint32_t offset = 0;  // record holding the text
    std::vector<std::pair<uint32_t, uint32_t>> summary;
  };

  // `hash`: the fast hash; nullptr = ingest::BodyHash.
  explicit BodyTable(HashFn hash = nullptr);

  BodyKey KeyOf(std::string_view body) const;
  // True when a body with this key was seen before (MarkSeen): the body may
  // be a duplicate, to be confirmed with Find at append time.
  bool MarkSeen(const BodyKey& key) { return !seen_.insert(key).second; }
  // The stored body with this key and SHA-256, or nullptr.
  const Entry* Find(const BodyKey& key, const Sha256Digest& sha) const;
  // Records a stored body. REQUIRES: Find(key, entry.sha) == nullptr.
  void Insert(const BodyKey& key, Entry entry);

 private:
  HashFn hash_;
  std::unordered_set<BodyKey, BodyKeyHasher> seen_;  // keys of every body read
  std::unordered_map<BodyKey, std::vector<Entry>, BodyKeyHasher> stored_;
};

}  // namespace newsdigest::pipeline

#endif  // NEWSDIGEST_PIPELINE_BODY_TABLE_H_
