// Identical-body table.
#include "body_table.h"

#include "newsdigest/ingest/ingest.h"

namespace newsdigest::pipeline {

BodyTable::BodyTable(HashFn hash) : hash_(hash != nullptr ? hash : &ingest::BodyHash) {}

BodyKey BodyTable::KeyOf(std::string_view body) const { return {hash_(body), body.size()}; }

const BodyTable::Entry* BodyTable::Find(const BodyKey& key, const Sha256Digest& sha) const {
  auto it = stored_.find(key);
  if (it == stored_.end()) return nullptr;
  for (const Entry& e : it->second)
    if (e.sha == sha) return &e;
  return nullptr;
}

void BodyTable::Insert(const BodyKey& key, Entry entry) { stored_[key].push_back(std::move(entry)); }

}  // namespace newsdigest::pipeline
