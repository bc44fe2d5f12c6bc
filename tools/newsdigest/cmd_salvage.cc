// newsdigest salvage DAMAGED.ndg -o OUT.ndg [--dict FILE ...]
//
// Recovers what a damaged digest file still holds: every digest record that
// checks out completely (both checksums and a full decompression, with its
// dictionary and shared-text record) is copied byte for byte into a new,
// valid file; embedded dictionaries are carried over; what was lost is
// reported. Records are found by scanning, so a damaged index or trailer
// costs nothing. When the file header itself is damaged, salvage puts a
// stand-in header (generous limits, the dictionaries found in the file) in
// front of the records so that the reader can scan them.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli_common.h"
#include "newsdigest/format/format.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/writer/dictionary.h"
#include "newsdigest/writer/digest_builder.h"

namespace newsdigest::cli {
namespace cmd_salvage_detail {

namespace fmt = newsdigest::format;

// ---- Minimal protobuf wire walking (the CLI must not see the reader's
// private nanopb structs; the header and Digest fields used here are few).
struct WireField {
  uint32_t number = 0;
  uint32_t wire = 0;
  uint64_t value = 0;            // varint / fixed value
  const uint8_t* data = nullptr;  // length-delimited payload
  size_t len = 0;
  const uint8_t* begin = nullptr;  // whole field, tag included
  const uint8_t* end = nullptr;
};

bool ReadVarint(const uint8_t** p, const uint8_t* end, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64 && *p < end; shift += 7) {
    const uint8_t b = *(*p)++;
    *v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

bool NextField(const uint8_t** p, const uint8_t* end, WireField* f) {
  f->begin = *p;
  uint64_t tag = 0;
  if (!ReadVarint(p, end, &tag)) return false;
  f->number = static_cast<uint32_t>(tag >> 3);
  f->wire = static_cast<uint32_t>(tag & 7);
  switch (f->wire) {
    case 0:
      if (!ReadVarint(p, end, &f->value)) return false;
      break;
    case 1:
      if (end - *p < 8) return false;
      *p += 8;
      break;
    case 5:
      if (end - *p < 4) return false;
      *p += 4;
      break;
    case 2: {
      uint64_t len = 0;
      if (!ReadVarint(p, end, &len) || len > static_cast<uint64_t>(end - *p)) return false;
      f->data = *p;
      f->len = static_cast<size_t>(len);
      *p += len;
      break;
    }
    default:
      return false;
  }
  f->end = *p;
  return true;
}

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutVarintField(std::string* out, uint32_t number, uint64_t v) {
  PutVarint(out, uint64_t{number} << 3);
  PutVarint(out, v);
}

void PutBytesField(std::string* out, uint32_t number, const std::string& s) {
  PutVarint(out, (uint64_t{number} << 3) | 2);
  PutVarint(out, s.size());
  out->append(s);
}

// A dictionary the file names (header) and, when found, its content.
struct DictInfo {
  writer::DictionaryData data;
  uint32_t crc = 0, size = 0;
  bool embedded = true;
  bool have_content = false;
};

struct HeaderInfo {
  bool intact = false;
  uint32_t article_limit = fmt::kDefaultArticleLimit;
  int64_t created = 0;
  uint32_t digest_count = 0;
  std::vector<DictInfo> dicts;
};

// Parses the (checked) file header for what the new file must carry over.
void ParseHeader(const uint8_t* h, size_t len, HeaderInfo* out) {
  const uint8_t* p = h;
  const uint8_t* end = h + len;
  WireField f;
  while (p < end && NextField(&p, end, &f)) {
    if (f.number == 1 && f.wire == 0) out->digest_count = static_cast<uint32_t>(f.value);
    if (f.number == 6 && f.wire == 0) out->article_limit = static_cast<uint32_t>(f.value);
    if (f.number == 7 && f.wire == 0) out->created = static_cast<int64_t>(f.value);
    if (f.number == 9 && f.wire == 2) {
      DictInfo d;
      const uint8_t* q = f.data;
      WireField g;
      while (q < f.data + f.len && NextField(&q, f.data + f.len, &g)) {
        if (g.number == 1 && g.wire == 0) d.data.id = static_cast<uint32_t>(g.value);
        if (g.number == 2 && g.wire == 0) d.crc = static_cast<uint32_t>(g.value);
        if (g.number == 3 && g.wire == 0) d.size = static_cast<uint32_t>(g.value);
        if (g.number == 4 && g.wire == 0) d.embedded = g.value != 0;
        if (g.number == 5 && g.wire == 2) d.data.lang.assign(reinterpret_cast<const char*>(g.data), g.len);
      }
      out->dicts.push_back(std::move(d));
    }
  }
}

// Whether a record that checks out (well-formed header, metadata CRC)
// starts at `at`; sets *kind, *header (header size) and *end.
bool RecordAt(const std::vector<uint8_t>& v, size_t at, uint8_t* kind, size_t* header, size_t* end) {
  fmt::RecordHeader rh{};
  if (at >= v.size() || fmt::DecodeRecordHeader(v.data() + at, v.size() - at, &rh) <= 0) return false;
  if (rh.payload_len > v.size() - at - rh.size) return false;
  const uint8_t* h = v.data() + at;
  if (fmt::Crc32c(fmt::Crc32c(0, h, rh.size - 8u), h + rh.size, rh.meta_len) != rh.meta_crc) return false;
  *kind = rh.kind;
  *header = rh.size;
  *end = at + rh.size + rh.payload_len;
  return true;
}

// Reads a Dictionary record's payload (id, content).
bool ParseDictionaryRecord(const uint8_t* payload, size_t len, writer::DictionaryData* out) {
  const uint8_t* p = payload;
  WireField f;
  bool have = false;
  while (p < payload + len && NextField(&p, payload + len, &f)) {
    if (f.number == 1 && f.wire == 0) out->id = static_cast<uint32_t>(f.value);
    if (f.number == 2 && f.wire == 2) {
      out->content.assign(reinterpret_cast<const char*>(f.data), f.len);
      have = true;
    }
  }
  return have && p == payload + len;
}

// Serializes a stand-in FileHeader of exactly `size` bytes (padding field 15).
bool StandInHeader(const std::vector<DictInfo>& dicts, size_t size, std::string* out) {
  for (int stretch = 0; stretch < 2; ++stretch) {
    std::string h;
    // digest_count 0 (unknown), written 1 byte longer when needed to fit.
    PutVarint(&h, uint64_t{1} << 3);
    if (stretch) h.append("\x80\x00", 2);
    else h.push_back('\0');
    PutVarintField(&h, 2, fmt::kMaxRecordPayload);
    PutVarintField(&h, 3, fmt::kMaxRecordPayload);
    PutVarintField(&h, 4, fmt::kMaxRecordPayload);
    PutVarintField(&h, 5, fmt::kMaxRecordPayload);
    for (const DictInfo& d : dicts) {
      std::string ref;
      PutVarintField(&ref, 1, d.data.id);
      PutVarintField(&ref, 2, d.crc);
      PutVarintField(&ref, 3, d.size);
      PutVarintField(&ref, 4, d.embedded ? 1 : 0);
      PutBytesField(&h, 9, ref);
    }
    PutVarintField(&h, 10, fmt::kMaxSummarySentences);
    if (h.size() == size) {
      *out = h;
      return true;
    }
    for (size_t vlen = 1; vlen <= 2; ++vlen) {
      if (h.size() + 1 + vlen > size) break;
      const size_t n = size - h.size() - 1 - vlen;
      std::string pad_len;
      PutVarint(&pad_len, n);
      if (pad_len.size() != vlen) continue;
      PutBytesField(&h, 15, std::string(n, '\0'));
      *out = h;
      return true;
    }
  }
  return false;
}

// Rewrites a shared-text digest's metadata so that text_ref (field 13)
// names `new_ref`. Fields stay in number order (13 is the last one present).
bool RewriteTextRef(const uint8_t* meta, size_t len, uint32_t new_ref, std::string* out) {
  out->clear();
  const uint8_t* p = meta;
  WireField f;
  while (p < meta + len) {
    if (!NextField(&p, meta + len, &f) || f.number > 13) return false;
    if (f.number == 13) continue;
    out->append(reinterpret_cast<const char*>(f.begin), static_cast<size_t>(f.end - f.begin));
  }
  PutVarintField(out, 13, new_ref);
  return true;
}

// A digest record: header + payload, checksums computed (writer framing).
std::string Frame(const std::string& payload, uint32_t meta_len) {
  fmt::RecordHeader rh{};
  rh.kind = fmt::kRecordDigest;
  rh.payload_len = static_cast<uint32_t>(payload.size());
  rh.meta_len = meta_len;
  uint8_t h[fmt::kMaxRecordHeaderSize];
  size_t n = fmt::EncodeRecordHeader(rh, h);
  rh.meta_crc = fmt::Crc32c(fmt::Crc32c(0, h, n - 8), payload.data(), meta_len);
  rh.text_crc = fmt::Crc32c(0, payload.data() + meta_len, payload.size() - meta_len);
  n = fmt::EncodeRecordHeader(rh, h);
  return std::string(reinterpret_cast<const char*>(h), n) + payload;
}

std::string Quote(nd_str s) { return std::string(s.ptr == nullptr ? "" : s.ptr, s.len); }

}  // namespace cmd_salvage_detail

int RunSalvage(int argc, char** argv) {
  namespace d = cmd_salvage_detail;
  namespace fmt = newsdigest::format;
  CLI::App app{"Recover the intact digests of a damaged digest file into a new, valid file.\n"
               "Exit 0 when nothing was lost, 2 when some digests could not be recovered, 1 on fatal errors.",
               "newsdigest salvage"};
  std::string in_path, out_path;
  std::vector<std::string> dict_paths;
  app.add_option("file", in_path, "Damaged digest file")->required();
  app.add_option("-o,--output", out_path, "Output digest file (written atomically)")->required();
  app.add_option("--dict", dict_paths, "Dictionary file(s) for digest files that do not embed theirs");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  if (in_path == out_path) {
    std::fprintf(stderr, "newsdigest salvage: the output must not be the damaged file itself\n");
    return kExitUsage;
  }

  std::ifstream in(in_path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot open: %s\n", in_path.c_str(), std::strerror(errno));
    return kExitUsage;
  }
  std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  // 1. The header: use it when it checks out, else stand in for it.
  d::HeaderInfo hi;
  nd_limits lim;
  std::vector<uint8_t> view = file;  // what the reader sees
  nd_status ps = nd_reader_probe(file.data(), file.size(), &lim, nullptr);
  // Dictionary records, found by walking the file (they follow the header).
  std::vector<writer::DictionaryData> found_dicts;
  size_t first_record = 0;
  for (size_t at = ps == ND_OK ? lim.header_size : fmt::kPreambleSize; at + fmt::kMinRecordHeaderSize <= file.size();
       ++at) {
    uint8_t kind = 0;
    size_t end = 0, hsize = 0;
    if (!d::RecordAt(file, at, &kind, &hsize, &end)) continue;
    if (first_record == 0) first_record = at;
    if (kind != fmt::kRecordDictionary) break;
    writer::DictionaryData dd;
    const uint8_t* payload = file.data() + at + hsize;
    if (d::ParseDictionaryRecord(payload, end - at - hsize, &dd)) found_dicts.push_back(dd);
    at = end - 1;
  }
  if (ps == ND_OK) {
    hi.intact = true;
    d::ParseHeader(file.data() + fmt::kPreambleSize, lim.header_size - fmt::kPreambleSize, &hi);
  } else {
    std::fprintf(stderr, "%s: file header unreadable (%s); scanning for records without it\n", in_path.c_str(),
                 nd_status_str(ps));
    if (first_record == 0 || first_record > fmt::kPreambleSize + fmt::kMaxHeaderSize) {
      std::fprintf(stderr, "%s: no intact record found; nothing to salvage\n", in_path.c_str());
      return kExitUsage;
    }
    for (const auto& dd : found_dicts) {
      d::DictInfo di;
      di.data = dd;
      di.crc = fmt::Crc32c(0, dd.content.data(), dd.content.size());
      di.size = static_cast<uint32_t>(dd.content.size());
      hi.dicts.push_back(di);
    }
  }
  // Dictionary contents: embedded ones (matching the header's CRC), then --dict.
  for (auto& di : hi.dicts) {
    for (const auto& dd : found_dicts) {
      if (dd.id == di.data.id && dd.content.size() == di.size &&
          fmt::Crc32c(0, dd.content.data(), dd.content.size()) == di.crc) {
        di.data.content = dd.content;
        di.have_content = true;
      }
    }
  }
  for (const auto& p : dict_paths) {
    writer::DictionaryData dd;
    Status s = writer::LoadDictionaryFile(p, &dd);
    if (!s.ok()) {
      std::fprintf(stderr, "%s: %s\n", p.c_str(), s.message());
      return kExitUsage;
    }
    bool used = false;
    for (auto& di : hi.dicts) {
      if (di.data.id != dd.id) continue;
      used = true;
      if (di.have_content) continue;
      if (dd.content.size() != di.size || fmt::Crc32c(0, dd.content.data(), dd.content.size()) != di.crc) {
        std::fprintf(stderr, "%s: not the dictionary %u the file was built with\n", p.c_str(), dd.id);
        return kExitUsage;
      }
      di.data.content = dd.content;
      di.have_content = true;
    }
    if (!used) {
      if (hi.intact) {
        std::fprintf(stderr, "%s: the file does not use this dictionary\n", p.c_str());
        return kExitUsage;
      }
      d::DictInfo di;  // header lost: trust the user's dictionary
      di.data = dd;
      di.crc = fmt::Crc32c(0, dd.content.data(), dd.content.size());
      di.size = static_cast<uint32_t>(dd.content.size());
      di.embedded = false;
      di.have_content = true;
      hi.dicts.push_back(di);
    }
  }
  if (!hi.intact) {
    std::string h;
    if (hi.dicts.size() > 8 || !d::StandInHeader(hi.dicts, first_record - fmt::kPreambleSize, &h)) {
      std::fprintf(stderr, "%s: cannot rebuild the file header\n", in_path.c_str());
      return kExitUsage;
    }
    std::memcpy(view.data(), fmt::kFileMagic, 4);
    view[4] = fmt::kVersionMajor;
    view[5] = fmt::kVersionMinor;
    fmt::StoreLE16(view.data() + 6, static_cast<uint16_t>(h.size()));
    std::memcpy(view.data() + fmt::kPreambleSize, h.data(), h.size());
    fmt::StoreLE32(view.data() + 8, fmt::Crc32c(fmt::Crc32c(0, view.data(), 8), h.data(), h.size()));
    if (nd_reader_probe(view.data(), view.size(), &lim, nullptr) != ND_OK) {
      std::fprintf(stderr, "%s: cannot rebuild the file header\n", in_path.c_str());
      return kExitUsage;
    }
  }

  // 2. Open the reader on it.
  const size_t ws_size = nd_reader_workspace_size(&lim);
  std::unique_ptr<uint64_t[]> ws(new uint64_t[ws_size / 8 + 1]);
  nd_reader* r = nullptr;
  nd_status s = nd_reader_open_memory(view.data(), view.size(), ws.get(), ws_size, &r);
  if (s != ND_OK) {
    std::fprintf(stderr, "%s: %s\n", in_path.c_str(), nd_status_str(s));
    return kExitUsage;
  }
  for (const auto& di : hi.dicts) {
    if (!di.have_content) continue;
    (void)nd_reader_add_dictionary(r, di.data.id, reinterpret_cast<const uint8_t*>(di.data.content.data()),
                                   di.data.content.size());
  }

  // 3. The new file: the same dictionaries (those whose content is known).
  writer::BuilderOptions bo;
  bo.article_limit = hi.article_limit;
  bo.created = hi.created;
  bo.embed_dictionaries = false;
  // Digests name their dictionary by id or, when absent, as the header's
  // first: the new header must list the same dictionaries in the same order,
  // so when one cannot be carried over, only digests without a dictionary
  // are copied.
  bool all_dicts = true;
  for (const auto& di : hi.dicts) all_dicts = all_dicts && di.have_content;
  for (const auto& di : hi.dicts) {
    if (!di.have_content) {
      std::fprintf(stderr, "%s: dictionary %u is neither embedded intact nor given with --dict; "
                           "its digests cannot be checked\n", in_path.c_str(), di.data.id);
      continue;
    }
    bo.dictionaries.push_back(&di.data);
    if (di.embedded) bo.embed_dictionaries = true;
  }
  std::unique_ptr<writer::DigestBuilder> b;
  Status ws_st = writer::DigestBuilder::Create(out_path, bo, &b);
  if (!ws_st.ok()) {
    std::fprintf(stderr, "%s: %s (%s)\n", out_path.c_str(), ws_st.message(), std::strerror(errno));
    return kExitUsage;
  }

  // 4. Copy every digest that checks out, in file order.
  std::map<uint64_t, uint32_t> new_offset;  // old record offset -> new
  std::map<uint64_t, bool> seen;
  uint32_t recovered = 0, lost = 0;
  uint64_t pos = 0, off = 0;
  uint32_t kind = 0;
  while (nd_reader_scan(r, &pos, &off, &kind) == ND_OK) {
    if (kind != fmt::kRecordDigest) continue;
    seen[off] = true;
    nd_meta m;
    s = nd_reader_meta_at(r, off, &m);
    nd_status cs = s == ND_OK ? nd_reader_check_at(r, off) : s;
    const std::string label = s == ND_OK ? "'" + d::Quote(m.id) + "' (" + d::Quote(m.title).substr(0, 60) + ")"
                                         : std::string("(metadata unreadable)");
    if (cs == ND_OK && !all_dicts && m.dict_id != 0) {
      ++lost;
      std::fprintf(stderr, "lost: digest at offset %llu %s: its dictionary %u cannot be carried over\n",
                   static_cast<unsigned long long>(off), label.c_str(), m.dict_id);
      continue;
    }
    if (cs != ND_OK) {
      ++lost;
      std::fprintf(stderr, "lost: digest at offset %llu %s: %s\n", static_cast<unsigned long long>(off),
                   label.c_str(), nd_status_str(cs));
      continue;
    }
    const uint8_t* h = view.data() + off;
    fmt::RecordHeader rh{};
    if (fmt::DecodeRecordHeader(h, view.size() - off, &rh) <= 0) continue;  // scan vouched for it
    const uint32_t payload_len = rh.payload_len, meta_len = rh.meta_len;
    writer::EncodedDigest e;
    e.meta_size = meta_len;
    e.text_size = m.text_size;
    e.summary_size = m.summary_size;
    e.summary_sentences = m.summary_count;
    e.dict_id = m.dict_id;
    if (payload_len == meta_len) {
      // Shared text: point text_ref at the holder's new offset.
      const uint8_t* meta = h + rh.size;
      const uint8_t* p = meta;
      d::WireField f;
      uint64_t old_ref = 0;
      while (p < meta + meta_len && d::NextField(&p, meta + meta_len, &f))
        if (f.number == 13 && f.wire == 0) old_ref = f.value;
      auto it = new_offset.find(old_ref);
      std::string rewritten;
      if (old_ref != 0) {
        if (it == new_offset.end() || !d::RewriteTextRef(meta, meta_len, it->second, &rewritten)) {
          ++lost;
          std::fprintf(stderr, "lost: digest at offset %llu %s: its shared text was not recovered\n",
                       static_cast<unsigned long long>(off), label.c_str());
          continue;
        }
        e.meta_size = static_cast<uint32_t>(rewritten.size());
        e.record = d::Frame(rewritten, e.meta_size);
      }
    }
    if (e.record.empty())
      e.record.assign(reinterpret_cast<const char*>(h), rh.size + payload_len);
    new_offset[off] = b->next_offset();
    Status as = b->Add(e);
    if (!as.ok()) {
      std::fprintf(stderr, "%s: %s\n", out_path.c_str(), as.message());
      b->Abandon();
      return kExitUsage;
    }
    ++recovered;
  }
  // Digests the index names but scanning could not even frame.
  uint32_t unframed = 0;
  if (!nd_reader_index_damaged(r)) {
    for (uint32_t i = 0; i < nd_reader_count(r); ++i) {
      uint64_t o = 0;
      if (nd_reader_offset(r, i, &o) == ND_OK && seen.count(o) == 0) {
        ++unframed;
        std::fprintf(stderr, "lost: digest %u at offset %llu: record header or metadata damaged\n", i,
                     static_cast<unsigned long long>(o));
      }
    }
  } else if (hi.intact && hi.digest_count > recovered + lost) {
    unframed = hi.digest_count - recovered - lost;
    std::fprintf(stderr, "lost: %u more digest(s) the header counts could not be found\n", unframed);
  }
  lost += unframed;
  Status fs = b->Finish();
  if (!fs.ok()) {
    std::fprintf(stderr, "%s: %s (%s)\n", out_path.c_str(), fs.message(), std::strerror(errno));
    return kExitUsage;
  }
  const bool damaged = lost > 0 || !hi.intact || nd_reader_index_damaged(r);
  std::printf("%s: %u digest(s) recovered into %s, %u lost%s%s\n", in_path.c_str(), recovered, out_path.c_str(),
              lost, hi.intact ? "" : " (file header was damaged: count of lost digests unknown)",
              nd_reader_index_damaged(r) && hi.intact ? " (index was damaged)" : "");
  return damaged ? kExitPartial : kExitOk;
}

}  // namespace newsdigest::cli
