// KeyTable: the compact hash table of merge's per-digest bookkeeping.
#include <algorithm>

#include "edition_internal.h"

namespace newsdigest::edition {

void KeyTable::Rehash(size_t slots) {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(slots, Slot{0, 0, kEmpty});
  mask_ = slots - 1;
  shift_ = 64;
  for (size_t s = slots; s > 1; s >>= 1) --shift_;
  // shift_ = 64 - log2(slots): the top bits of the multiplied key (slots >= 16).
  for (const Slot& s : old) {
    if (s.value == kEmpty) continue;
    size_t i = Home((uint64_t{s.hi} << 32) | s.lo);
    while (slots_[i].value != kEmpty) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

void KeyTable::Reserve(size_t n) {
  size_t slots = 16;
  while (slots * 7 < n * 10) slots *= 2;
  if (slots > slots_.size()) Rehash(slots);
}

void KeyTable::Insert(uint64_t key, uint32_t value) {
  if (slots_.empty() || (used_ + 1) * 10 > slots_.size() * 7) Rehash(std::max<size_t>(16, slots_.size() * 2));
  size_t i = Home(key);
  while (slots_[i].value != kEmpty) i = (i + 1) & mask_;
  slots_[i] = Slot{static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32), value};
  ++used_;
}

void KeyTable::Clear() {
  std::vector<Slot>().swap(slots_);
  mask_ = 0;
  shift_ = 63;
  used_ = 0;
}

}  // namespace newsdigest::edition
