// Merger: plan (headers, dictionaries, metadata of every digest), then
// stream the records into a DigestBuilder, re-encoding metadata only where
// it must change.
#include <algorithm>
#include <ctime>
#include <cstring>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "body_table.h"
#include "edition_internal.h"
#include "newsdigest.pb.h"
#include "newsdigest/format/container.h"
#include "newsdigest/format/wire.h"
#include "newsdigest/writer/dictionary.h"

namespace newsdigest::edition {

namespace edition_merge_detail {

// One digest of an input, as planned.
struct PlanEntry {
  uint64_t offset = 0;
  int64_t index = -1;
  int64_t published = 0;
  uint64_t id_hash = 0;
  uint32_t input = 0;
};

// A dictionary of the output, with where its content came from.
struct OutDictionary {
  writer::DictionaryData data;
  uint32_t crc = 0;
  uint32_t size = 0;
  bool have_content = false;
  std::string named_by;  // the first input naming it
  std::string damaged_in;  // an input whose header says it embeds it, but whose copy is damaged
};

// A distinct body stored by the output: the record holding its text.
struct BodyEntry {
  uint64_t hash = 0;
  uint32_t size = 0;
  bool has_sha = false;
  pipeline::Sha256Digest sha{};
  uint32_t out_offset = 0;  // 0 while no output record holds it (no-dedup bookkeeping aside)
  uint32_t src_input = 0;
  uint64_t src_offset = 0;
  bool from_first = false;
  // The stored frame (fast identification): its dictionary, CRC-32C (the
  // record's text_crc) and length.
  uint32_t frame_dict = 0;
  uint32_t frame_crc = 0;
  uint32_t frame_len = 0;
  std::vector<uint32_t> spans;  // summary_spans as stored (gap, length pairs)
};

// The fast key of a stored text: frame dictionary, body size, frame CRC-32C
// and frame length, mixed into 64 bits (equal frames give equal keys).
uint64_t FrameKey(uint32_t dict, uint32_t size, uint32_t crc, uint32_t len) {
  uint64_t k = (uint64_t{crc} << 32) | size;
  k ^= (uint64_t{len} * 0x9E3779B97F4A7C15ull) ^ (uint64_t{dict} * 0xC2B2AE3D27D4EB4Full);
  return k;
}

// CRC-32C of the body that `text` (summary sentences first) and the spans
// of `m` stand for, computed in body order without rebuilding it.
// @return false when the spans do not fit the text.
bool BodyCrc(const std::string& text, const newsdigest::v1::Digest& m, uint32_t* crc) {
  uint64_t summary = 0;
  const int n = m.summary_spans_size();
  if (n % 2 != 0) return false;
  for (int i = 1; i < n; i += 2) summary += m.summary_spans(i);
  if (summary > text.size()) return false;
  uint32_t c = 0;
  uint64_t rest = summary, sum = 0;
  for (int i = 0; i < n; i += 2) {
    const uint32_t gap = m.summary_spans(i), len = m.summary_spans(i + 1);
    if (rest + gap > text.size()) return false;
    c = format::Crc32c(c, text.data() + rest, gap);
    rest += gap;
    c = format::Crc32c(c, text.data() + sum, len);
    sum += len;
  }
  *crc = format::Crc32c(c, text.data() + rest, text.size() - rest);
  return true;
}

// A 64-bit hash of an id (FNV-1a).
uint64_t IdHash(std::string_view id) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

uint64_t SourceKey(uint32_t input, uint64_t offset) { return (uint64_t{input} << 40) | offset; }

// The body from a decoded text (summary sentences first) and its spans.
bool RebuildBody(const std::string& text, const newsdigest::v1::Digest& m, std::string* body) {
  uint64_t summary = 0;
  const int n = m.summary_spans_size();
  if (n % 2 != 0) return false;
  for (int i = 1; i < n; i += 2) summary += m.summary_spans(i);
  if (summary > text.size()) return false;
  body->clear();
  body->reserve(text.size());
  uint64_t rest = summary, sum = 0;
  for (int i = 0; i < n; i += 2) {
    const uint32_t gap = m.summary_spans(i), len = m.summary_spans(i + 1);
    if (rest + gap > text.size()) return false;
    body->append(text, rest, gap);
    rest += gap;
    body->append(text, sum, len);
    sum += len;
  }
  body->append(text, rest, std::string::npos);
  return body->size() == text.size();
}

// Gathers small appends into large writes (a record is often under 2 KB).
class BufferedSink : public writer::WritableSink {
 public:
  static constexpr size_t kBuffer = 256 * 1024;
  explicit BufferedSink(std::unique_ptr<writer::WritableSink> inner) : inner_(std::move(inner)) {}
  Status Append(std::string_view data) override {
    buf_.append(data);
    return buf_.size() >= kBuffer ? Flush() : inner_->status();
  }
  Status WriteAt(uint64_t offset, std::string_view data) override {
    ND_RETURN_IF_ERROR(Flush());
    return inner_->WriteAt(offset, data);
  }
  Status Commit() override {
    Status st = Flush();
    if (!st.ok()) {
      inner_->Abandon();
      return st;
    }
    return inner_->Commit();
  }
  void Abandon() override {
    buf_.clear();
    inner_->Abandon();
  }
  Status status() const override { return inner_->status(); }
  int last_errno() const override { return inner_->last_errno(); }
  const std::string& name() const override { return inner_->name(); }
  uint64_t size() const override { return inner_->size() + buf_.size(); }

 private:
  Status Flush() {
    if (buf_.empty()) return inner_->status();
    Status st = inner_->Append(buf_);
    buf_.clear();
    return st;
  }
  std::unique_ptr<writer::WritableSink> inner_;
  std::string buf_;
};

}  // namespace edition_merge_detail

struct Merger::Impl {
  using PlanEntry = edition_merge_detail::PlanEntry;
  using OutDictionary = edition_merge_detail::OutDictionary;
  using BodyEntry = edition_merge_detail::BodyEntry;

  MergeOptions options;
  std::vector<InputFile> inputs;
  std::vector<std::vector<uint64_t>> intact;  // per input: offsets of planned digests, ascending
  std::vector<PlanEntry> plan;
  std::deque<OutDictionary> dicts;  // the output's list, in first-seen order
  std::vector<std::pair<uint32_t, std::string>> supplied;  // dictionary files: id, path
  writer::BuilderOptions builder;
  bool embed = false, compress = false, embed_set = false;
  std::unordered_set<uint64_t> first_ids;  // skip_duplicates_of_first
  std::unordered_set<uint64_t> referenced;  // SourceKeys some text_ref names
  int64_t newest = 0;
  uint64_t input_bytes = 0;

  // Write state.
  FrameDecoder decoder;
  std::vector<BodyEntry> bodies;
  std::unordered_multimap<uint64_t, uint32_t> body_index;     // body key -> bodies
  // FrameKey -> bodies (fast identification): open addressing, linear
  // probing, a power-of-two size at least twice the digests; slots hold
  // (key, body index + 1), 0 = empty.
  std::vector<std::pair<uint64_t, uint32_t>> frame_slots;

  size_t FrameSlot(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & (frame_slots.size() - 1);
  }
  void FrameInsert(uint64_t key, uint32_t idx) {
    size_t i = FrameSlot(key);
    while (frame_slots[i].second != 0) i = (i + 1) & (frame_slots.size() - 1);
    frame_slots[i] = {key, idx + 1};
  }
  std::unordered_multimap<uint32_t, uint32_t> lazy_by_size;   // body size -> bodies not yet identified
  std::unordered_map<uint64_t, uint32_t> source_body;          // SourceKey -> bodies
  std::string buf, src_buf, text, body, other_body, other_buf, meta_out;
  newsdigest::v1::Digest msg, src_msg;

  const OutDictionary* Dict(uint32_t id) const {
    for (const OutDictionary& d : dicts)
      if (d.data.id == id) return &d;
    return nullptr;
  }

  // Adds the dictionaries of `in` to the output's list.
  Status MergeDictionaries(const InputFile& in, MergeReport* report) {
    for (const InputDictionary& d : in.dicts) {
      OutDictionary* have = nullptr;
      for (OutDictionary& o : dicts)
        if (o.data.id == d.id) have = &o;
      if (have != nullptr) {
        if (have->crc != d.crc || have->size != d.size) {
          report->error_text = in.name + ": dictionary " + std::to_string(d.id) + " (" + std::to_string(d.size) +
                               " bytes) is not the dictionary " + std::to_string(d.id) + " of " + have->named_by +
                               " (" + std::to_string(have->size) +
                               " bytes): two different dictionaries claim one id; rebuild one of them with the other's dictionary";
          return Status::InvalidArgument("conflicting dictionaries");
        }
        if (d.embedded && !d.have_content && have->damaged_in.empty()) have->damaged_in = in.name;
        if (!have->have_content && d.have_content) {
          have->data.content = d.content;
          have->have_content = true;
        }
        continue;
      }
      if (dicts.size() >= format::kMaxDictionaries) {
        report->error_text = in.name + ": the inputs use more than " + std::to_string(format::kMaxDictionaries) +
                             " dictionaries, the most one digest file may name";
        return Status::TooLarge("too many dictionaries");
      }
      OutDictionary o;
      o.data.id = d.id;
      o.data.lang = d.lang;
      o.crc = d.crc;
      o.size = d.size;
      o.named_by = in.name;
      if (d.embedded && !d.have_content) o.damaged_in = in.name;
      if (d.have_content) {
        o.data.content = d.content;
        o.have_content = true;
      }
      dicts.push_back(std::move(o));
      if (!embed_set) {
        embed = d.embedded;
        compress = d.compressed;
        embed_set = true;
      }
    }
    return Status::OK();
  }

  // Loads supplied dictionary files into the list, then checks that every
  // dictionary has its content.
  Status CompleteDictionaries(MergeReport* report) {
    for (const std::string& path : options.dict_files) {
      writer::DictionaryData dd;
      Status st = writer::LoadDictionaryFile(path, &dd);
      if (!st.ok()) {
        report->error_text = path + ": " + st.message();
        return st;
      }
      for (OutDictionary& o : dicts) {
        if (o.data.id != dd.id) continue;
        if (dd.content.size() != o.size || format::Crc32c(0, dd.content.data(), dd.content.size()) != o.crc) {
          report->error_text = path + ": dictionary " + std::to_string(dd.id) + " is not the content " + o.named_by +
                               " was built with (size or CRC-32C differs)";
          return Status::Checksum("dictionary content differs");
        }
        if (!o.have_content) {
          o.data.content = std::move(dd.content);
          o.have_content = true;
        }
        break;
      }
    }
    for (const OutDictionary& o : dicts)
      if (!o.have_content) {
        if (!o.damaged_in.empty())
          report->error_text = o.damaged_in + ": its embedded dictionary " + std::to_string(o.data.id) +
                               " is damaged; pass the dictionary with --dict FILE";
        else
          report->error_text = o.named_by + ": names dictionary " + std::to_string(o.data.id) +
                               " but does not embed it; pass it with --dict FILE";
        return Status::DictionaryMissing("dictionary missing");
      }
    builder = writer::BuilderOptions();
    builder.dictionaries.clear();
    for (const OutDictionary& o : dicts) builder.dictionaries.push_back(&o.data);
    builder.embed_dictionaries = embed;
    builder.compress_dictionaries = embed && compress;
    uint32_t limit = 0;
    int64_t created = 0;
    for (const InputFile& in : inputs) {
      limit = std::max(limit, in.article_limit);
      created = std::max(created, in.created);
    }
    builder.article_limit = limit == 0 ? format::kDefaultArticleLimit : limit;
    builder.created = created;
    return Status::OK();
  }

  // Reads the metadata of every digest of input `i` into the plan.
  void PlanInput(uint32_t i, MergeReport* report) {
    InputFile& in = inputs[i];
    std::vector<uint64_t>& offs = intact[i];
    format::RecordHeader h{};
    std::string why;
    if (in.header_count > in.places.size())
      report->lost.push_back({in.name, in.header_count - static_cast<uint32_t>(in.places.size()), in.header_count});
    for (const RecordPlace& place : in.places) {
      PlanEntry e;
      bool ok = in.ReadMeta(place.offset, &buf, &h, &why).ok();
      if (ok) {
        // Only id, published and text_ref are needed here: read at the wire level.
        const auto* p = reinterpret_cast<const uint8_t*>(buf.data()) + h.size;
        const uint8_t* end = p + h.meta_len;
        format::WireField f;
        while (ok && p < end) {
          ok = format::WireNext(&p, end, &f);
          if (!ok) break;
          if (f.number == format::field::kDigestId && f.type == format::kWireBytes)
            e.id_hash = edition_merge_detail::IdHash(
                std::string_view(reinterpret_cast<const char*>(f.data), static_cast<size_t>(f.value)));
          else if (f.number == format::field::kDigestPublished && f.type == format::kWireVarint)
            e.published = static_cast<int64_t>(f.value);
          else if (f.number == format::field::kDigestTextRef && f.type == format::kWireVarint && f.value != 0)
            referenced.insert(edition_merge_detail::SourceKey(i, f.value));
        }
        if (!ok) why = "malformed metadata";
      }
      if (!ok) {
        report->damaged.push_back({in.name, place.index, place.offset, why});
        why.clear();
        continue;
      }
      e.offset = place.offset;
      e.index = place.index;
      e.input = i;
      newest = std::max(newest, e.published);
      if (i == 0 && options.skip_duplicates_of_first) first_ids.insert(e.id_hash);
      plan.push_back(e);
      offs.push_back(place.offset);
    }
    std::sort(offs.begin(), offs.end());
  }

  Status AddInput(std::unique_ptr<ByteSource> src, MergeReport* report) {
    inputs.emplace_back();
    intact.emplace_back();
    InputFile& in = inputs.back();
    input_bytes += src->size();
    ND_RETURN_IF_ERROR(in.Open(std::move(src), &report->warnings, &report->error_text));
    ND_RETURN_IF_ERROR(MergeDictionaries(in, report));
    ND_RETURN_IF_ERROR(CompleteDictionaries(report));
    PlanInput(static_cast<uint32_t>(inputs.size() - 1), report);
    return Status::OK();
  }

  // The frame dictionary of a digest of `in` whose metadata is `m`.
  static uint32_t FrameDictionary(const InputFile& in, const newsdigest::v1::Digest& m) {
    if (m.has_dict_id()) return m.dict_id();
    return in.dicts.empty() ? 0 : in.dicts[0].id;
  }
  // The language a digest of `in` has (FORMAT.md defaults).
  static std::string EffectiveLang(const InputFile& in, const newsdigest::v1::Digest& m) {
    if (m.has_lang()) return m.lang();
    const InputDictionary* d = in.Dict(FrameDictionary(in, m));
    return d != nullptr ? d->lang : std::string();
  }

  // Sets dict_id and lang of `m` as the writer's encoder does for a digest
  // whose frame uses `frame_dict` (0: none) or, when `shared`, no frame.
  void SetDictionaryFields(newsdigest::v1::Digest* m, bool shared, uint32_t frame_dict, const std::string& lang) {
    m->clear_dict_id();
    m->clear_lang();
    if (dicts.empty()) {
      m->set_dict_id(0);
      if (!lang.empty()) m->set_lang(lang);
      return;
    }
    const OutDictionary* eff = nullptr;
    if (shared || frame_dict == dicts[0].data.id) {
      eff = &dicts[0];
    } else {
      m->set_dict_id(frame_dict);
      eff = Dict(frame_dict);
    }
    if (eff != nullptr && eff->data.lang == lang) return;
    if (eff != nullptr || !lang.empty()) m->set_lang(lang);
  }

  // Reads the record holding the text of source (input, offset) into
  // *rec_buf / *m (parsed; it must hold its own text). @return false with *why.
  bool SourceRecord(uint32_t input, uint64_t offset, std::string* rec_buf, newsdigest::v1::Digest* m,
                    format::RecordHeader* h, std::string* why) {
    InputFile& in = inputs[input];
    if (!std::binary_search(intact[input].begin(), intact[input].end(), offset)) {
      *why = "its shared text's record is damaged or missing";
      return false;
    }
    if (!in.ReadRecord(offset, true, rec_buf, h, why).ok()) {
      *why = "its shared text's record: " + *why;
      return false;
    }
    if (!m->ParseFromArray(rec_buf->data() + h->size, static_cast<int>(h->meta_len))) {
      *why = "its shared text's record: malformed metadata";
      return false;
    }
    if (m->text_ref() != 0) {
      *why = "shared text refers to a record that shares text itself";
      return false;
    }
    return true;
  }

  // Reads the record holding the text of source (input, offset) into
  // *rec_buf / *m, decodes its text into `text` and sets *key (BodyKey).
  // @return false with *why.
  bool SourceBody(uint32_t input, uint64_t offset, std::string* rec_buf, newsdigest::v1::Digest* m, uint64_t* key,
                  std::string* why) {
    format::RecordHeader h{};
    if (!SourceRecord(input, offset, rec_buf, m, &h, why)) return false;
    return DecodeBody(inputs[input], *rec_buf, h, m, true, key, why);
  }

  // The checks fast identification makes instead of decoding a text: the
  // frame's dictionary is named and the summary spans fit text_size.
  bool FrameFits(const InputFile& in, const newsdigest::v1::Digest& m, std::string* why) const {
    const uint32_t did = FrameDictionary(in, m);
    if (did != 0 && Dict(did) == nullptr) {
      *why = "dictionary " + std::to_string(did) + " is not named by the file";
      return false;
    }
    const int n = m.summary_spans_size();
    uint64_t summary = 0, gaps = 0;
    for (int i = 0; i + 1 < n; i += 2) {
      gaps += m.summary_spans(i);
      summary += m.summary_spans(i + 1);
    }
    if (n % 2 != 0 || summary + gaps > m.text_size()) {
      *why = "summary spans do not fit the text";
      return false;
    }
    return true;
  }

  // Fast identification (MergeOptions::deep_dedup off): the output body
  // entry whose stored frame has dictionary `dict` and the bytes of `frame`
  // (CRC-32C `crc`) and whose summary spans are those of `m`, or -1. Equal
  // frames with one dictionary are equal texts; with equal spans, equal
  // bodies. Equal frames with other spans (rare): both bodies are rebuilt
  // from the one decoded text and compared. Nothing is decoded otherwise.
  int64_t FindFrame(uint32_t dict, std::string_view frame, uint32_t crc, const newsdigest::v1::Digest& m) {
    const uint32_t size = m.text_size();
    const auto flen = static_cast<uint32_t>(frame.size());
    const uint64_t key = edition_merge_detail::FrameKey(dict, size, crc, flen);
    for (size_t i = FrameSlot(key); frame_slots[i].second != 0; i = (i + 1) & (frame_slots.size() - 1)) {
      if (frame_slots[i].first != key) continue;
      const uint32_t idx = frame_slots[i].second - 1;
      const BodyEntry& e = bodies[idx];
      if (e.frame_dict != dict || e.size != size || e.frame_crc != crc || e.frame_len != flen) continue;
      format::RecordHeader oh{};
      std::string why;
      if (!inputs[e.src_input].ReadRecord(e.src_offset, false, &other_buf, &oh, &why).ok()) continue;
      if (std::string_view(other_buf).substr(oh.size + size_t{oh.meta_len}) != frame) continue;
      bool same_spans = e.spans.size() == static_cast<size_t>(m.summary_spans_size());
      for (size_t k = 0; same_spans && k < e.spans.size(); ++k)
        same_spans = e.spans[k] == m.summary_spans(static_cast<int>(k));
      if (same_spans) return idx;
      const OutDictionary* od = dict != 0 ? Dict(dict) : nullptr;
      if (!decoder.Decode(frame.data(), frame.size(), dict, od != nullptr ? &od->data.content : nullptr, size, &text))
        continue;
      newsdigest::v1::Digest om;
      for (uint32_t v : e.spans) om.add_summary_spans(v);
      if (!edition_merge_detail::RebuildBody(text, m, &body) || !edition_merge_detail::RebuildBody(text, om, &other_body))
        continue;
      if (body == other_body) return idx;
    }
    return -1;
  }

  // Decodes the text of record `rec` (metadata *m, parsed unless `parsed`)
  // into `text` and sets *key: CRC-32C of the body (in body order, without
  // rebuilding it) and its size.
  bool DecodeBody(const InputFile& in, const std::string& rec, const format::RecordHeader& h,
                  newsdigest::v1::Digest* m, bool parsed, uint64_t* key, std::string* why) {
    if (!parsed && !m->ParseFromArray(rec.data() + h.size, static_cast<int>(h.meta_len))) {
      *why = "malformed metadata";
      return false;
    }
    if (m->text_ref() != 0) {
      *why = "shared text refers to a record that shares text itself";
      return false;
    }
    const uint32_t did = FrameDictionary(in, *m);
    const OutDictionary* od = did != 0 ? Dict(did) : nullptr;
    if (did != 0 && od == nullptr) {
      *why = "dictionary " + std::to_string(did) + " is not named by the file";
      return false;
    }
    const size_t meta_end = h.size + size_t{h.meta_len};
    if (!decoder.Decode(rec.data() + meta_end, h.payload_len - h.meta_len, did,
                        od != nullptr ? &od->data.content : nullptr, m->text_size(), &text)) {
      *why = "text does not decompress";
      return false;
    }
    uint32_t crc = 0;
    if (!edition_merge_detail::BodyCrc(text, *m, &crc)) {
      *why = "summary spans do not fit the text";
      return false;
    }
    *key = (uint64_t{crc} << 32) | text.size();
    return true;
  }

  // The output body entry whose body equals the one in `text` (spans of
  // `m`, key `key`), or -1. May overwrite `text`.
  int64_t FindBody(uint64_t key, const newsdigest::v1::Digest& m, pipeline::Sha256Digest* sha, bool* has_sha) {
    // Bodies of the first input stored without identification (append):
    // those of this size are identified now, once each.
    auto lazy = lazy_by_size.equal_range(static_cast<uint32_t>(key));
    if (lazy.first != lazy.second) {
      std::vector<uint32_t> pending;
      for (auto it = lazy.first; it != lazy.second; ++it) pending.push_back(it->second);
      lazy_by_size.erase(lazy.first, lazy.second);
      std::string keep_text;
      keep_text.swap(text);
      for (uint32_t idx : pending) {
        BodyEntry& e = bodies[idx];
        newsdigest::v1::Digest om;
        std::string why;
        uint64_t okey = 0;
        if (!SourceBody(e.src_input, e.src_offset, &other_buf, &om, &okey, &why)) continue;
        e.hash = okey;
        body_index.emplace(okey, idx);
      }
      text.swap(keep_text);
    }
    auto range = body_index.equal_range(key);
    for (auto it = range.first; it != range.second; ++it) {
      BodyEntry& e = bodies[it->second];
      if (e.hash != key) continue;
      if (!*has_sha) {
        edition_merge_detail::RebuildBody(text, m, &body);
        *sha = pipeline::Sha256(body);
        *has_sha = true;
      }
      if (!e.has_sha) {
        newsdigest::v1::Digest om;
        std::string why;
        uint64_t okey = 0;
        if (!SourceBody(e.src_input, e.src_offset, &other_buf, &om, &okey, &why)) continue;
        edition_merge_detail::RebuildBody(text, om, &other_body);
        e.sha = pipeline::Sha256(other_body);
        e.has_sha = true;
      }
      if (e.sha == *sha) return it->second;
    }
    return -1;
  }

  Status Emit(writer::DigestBuilder* b, const newsdigest::v1::Digest& m, std::string_view frame,
              std::string* verbatim, MergeReport* report) {
    writer::EncodedDigest enc;
    uint32_t meta_len = 0;
    if (verbatim != nullptr) {
      format::RecordHeader h{};
      format::ParseRecordHeader(reinterpret_cast<const uint8_t*>(verbatim->data()), verbatim->size(), &h);
      enc.record = std::move(*verbatim);  // given back below
      meta_len = h.meta_len;
    } else {
      meta_out.clear();
      if (!m.SerializeToString(&meta_out)) return Status::Corruption("protobuf serialization failed");
      meta_len = static_cast<uint32_t>(meta_out.size());
      if (meta_len > format::kMaxMetaSize) return Status::TooLarge("metadata exceeds 64 KiB");
      meta_out.append(frame);
      uint8_t hb[format::kMaxRecordHeaderSize];
      const size_t hn = format::FrameRecord(format::kRecordDigest, meta_out.data(),
                                            static_cast<uint32_t>(meta_out.size()), meta_len, hb);
      enc.record.assign(reinterpret_cast<const char*>(hb), hn);
      enc.record += meta_out;
    }
    enc.meta_size = meta_len;
    enc.text_size = m.text_size();
    enc.summary_sentences = static_cast<uint32_t>(m.summary_spans_size() / 2);
    for (int i = 1; i < m.summary_spans_size(); i += 2) enc.summary_size += m.summary_spans(i);
    enc.text_ref = m.text_ref();
    const Status st = b->Add(enc);
    if (verbatim != nullptr) *verbatim = std::move(enc.record);
    ND_RETURN_IF_ERROR(st);
    ++report->digests;
    return Status::OK();
  }

  // The plan in output order with sorting, id rules and expiry applied.
  std::vector<uint32_t> Order(MergeReport* report) {
    std::vector<uint32_t> order(plan.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    if (options.sort == SortOrder::kPublished)
      std::stable_sort(order.begin(), order.end(),
                       [this](uint32_t a, uint32_t b) { return plan[a].published < plan[b].published; });
    std::vector<uint32_t> kept;
    kept.reserve(order.size());
    std::unordered_set<uint64_t> seen;
    int64_t cutoff = options.expiry.since;
    if (options.expiry.max_age > 0) {
      const int64_t now = options.expiry.now > 0 ? options.expiry.now : static_cast<int64_t>(std::time(nullptr));
      cutoff = std::max(cutoff, std::min(newest, now) - options.expiry.max_age);
    }
    for (uint32_t i : order) {
      const PlanEntry& e = plan[i];
      if (options.skip_duplicates_of_first && e.input > 0 && first_ids.count(e.id_hash) != 0) {
        ++report->dropped_duplicates;
        continue;
      }
      if (options.drop_duplicate_ids && !seen.insert(e.id_hash).second) {
        ++report->dropped_duplicates;
        continue;
      }
      if (cutoff > 0 && e.published != 0 && e.published < cutoff) {
        ++report->expired;
        continue;
      }
      kept.push_back(i);
    }
    if (options.expiry.max_digests > 0) {
      // Undated digests are kept and not counted: drop the first dated ones.
      size_t dated = 0;
      for (uint32_t i : kept) dated += plan[i].published != 0 ? 1 : 0;
      if (dated > options.expiry.max_digests) {
        size_t drop = dated - options.expiry.max_digests;
        report->expired += static_cast<uint32_t>(drop);
        std::vector<uint32_t> rest;
        rest.reserve(kept.size() - drop);
        for (uint32_t i : kept) {
          if (drop > 0 && plan[i].published != 0) {
            --drop;
            continue;
          }
          rest.push_back(i);
        }
        kept = std::move(rest);
      }
    }
    return kept;
  }

  // Copies one planned digest into the builder.
  Status CopyOne(writer::DigestBuilder* b, const PlanEntry& e, bool same_defaults, MergeReport* report) {
    namespace d = edition_merge_detail;
    InputFile& in = inputs[e.input];
    format::RecordHeader h{};
    std::string why;
    auto damaged = [&](const std::string& w) {
      report->damaged.push_back({in.name, e.index, e.offset, w});
      return Status::OK();
    };
    if (!in.ReadRecord(e.offset, true, &buf, &h, &why).ok()) return damaged(why);
    if (!msg.ParseFromArray(buf.data() + h.size, static_cast<int>(h.meta_len))) return damaged("malformed metadata");
    const bool own_text = msg.text_ref() == 0;
    const uint64_t src_offset = own_text ? e.offset : msg.text_ref();
    const uint64_t skey = d::SourceKey(e.input, src_offset);
    const std::string lang = EffectiveLang(in, msg);

    // Which output body this digest's text is, when known.
    int64_t body_idx = -1;
    auto known = source_body.find(skey);
    if (known != source_body.end()) body_idx = known->second;
    bool decoded = false;  // `body` holds the source's body
    const std::string* src_rec = &buf;
    format::RecordHeader src_h = h;
    uint64_t hash = 0;
    pipeline::Sha256Digest sha{};
    bool has_sha = false;
    // Append: the edition's own bodies are identified lazily (FindBody).
    const bool lazy = options.skip_duplicates_of_first && options.dedup && e.input == 0 && own_text && body_idx < 0;
    // Fast identification by frame bytes, unless deep_dedup (or append,
    // whose new texts come from another encoder run) asks for body contents.
    const bool fast = options.dedup && !options.deep_dedup && !options.skip_duplicates_of_first;
    if (body_idx < 0 && !lazy && (options.dedup || !own_text)) {
      if (own_text) {
        if (fast ? !FrameFits(in, msg, &why) : !DecodeBody(in, buf, h, &msg, true, &hash, &why)) return damaged(why);
      } else {
        if (!SourceRecord(e.input, src_offset, &src_buf, &src_msg, &src_h, &why)) return damaged(why);
        src_rec = &src_buf;
        if (fast ? !FrameFits(in, src_msg, &why) : !DecodeBody(in, src_buf, src_h, &src_msg, true, &hash, &why))
          return damaged(why);
      }
      decoded = !fast;
      if (fast) {
        const newsdigest::v1::Digest& sm = own_text ? msg : src_msg;
        body_idx = FindFrame(FrameDictionary(in, sm),
                             std::string_view(*src_rec).substr(src_h.size + size_t{src_h.meta_len}), src_h.text_crc,
                             sm);
        if (body_idx >= 0) source_body[skey] = static_cast<uint32_t>(body_idx);
      } else if (options.dedup) {
        body_idx = FindBody(hash, own_text ? msg : src_msg, &sha, &has_sha);
        if (body_idx >= 0) source_body[skey] = static_cast<uint32_t>(body_idx);
      }
    }
    if (body_idx >= 0) {
      const BodyEntry& owner = bodies[static_cast<size_t>(body_idx)];
      if (options.skip_duplicates_of_first && e.input > 0 && owner.from_first) {
        ++report->dropped_duplicates;
        return Status::OK();
      }
      // A shared-text record, as the writer's encoder makes one.
      msg.clear_keywords();
      msg.clear_summary_spans();
      for (uint32_t v : owner.spans) msg.add_summary_spans(v);
      msg.set_text_ref(owner.out_offset);
      SetDictionaryFields(&msg, true, 0, lang);
      ND_RETURN_IF_ERROR(Emit(b, msg, std::string_view(), nullptr, report));
      if (own_text) ++report->shared;
      return Status::OK();
    }
    // This digest stores the text.
    const uint32_t out_offset = b->next_offset();
    std::string_view frame;
    uint32_t frame_dict = 0;
    if (own_text) {
      frame = std::string_view(buf).substr(h.size + size_t{h.meta_len});
      frame_dict = FrameDictionary(in, msg);
    } else {
      frame = std::string_view(*src_rec).substr(src_h.size + size_t{src_h.meta_len});
      frame_dict = FrameDictionary(in, src_msg);
      msg.set_text_ref(0);
      msg.clear_summary_spans();
      for (int i = 0; i < src_msg.summary_spans_size(); ++i) msg.add_summary_spans(src_msg.summary_spans(i));
    }
    if (own_text && same_defaults) {
      ND_RETURN_IF_ERROR(Emit(b, msg, frame, &buf, report));
    } else {
      SetDictionaryFields(&msg, false, frame_dict, lang);
      ND_RETURN_IF_ERROR(Emit(b, msg, frame, nullptr, report));
    }
    {
      BodyEntry be;
      be.hash = decoded ? hash : 0;
      be.size = msg.text_size();
      be.has_sha = has_sha;
      be.sha = sha;
      be.src_input = e.input;
      be.src_offset = src_offset;
      be.from_first = e.input == 0;
      be.out_offset = out_offset;
      be.spans.assign(msg.summary_spans().begin(), msg.summary_spans().end());
      be.frame_dict = frame_dict;
      be.frame_crc = src_h.text_crc;
      be.frame_len = static_cast<uint32_t>(frame.size());
      const auto idx = static_cast<uint32_t>(bodies.size());
      bodies.push_back(std::move(be));
      if (decoded && options.dedup) body_index.emplace(hash, idx);
      if (fast && body_idx < 0 && !lazy)
        FrameInsert(edition_merge_detail::FrameKey(frame_dict, bodies.back().size, src_h.text_crc,
                                                   bodies.back().frame_len),
                    idx);
      if (lazy) lazy_by_size.emplace(msg.text_size(), idx);
      if (!own_text || referenced.count(skey) != 0) source_body[skey] = idx;
    }
    return Status::OK();
  }
};

Merger::Merger() : impl_(std::make_unique<Impl>()) {}
Merger::~Merger() = default;

Status Merger::Open(std::vector<std::unique_ptr<ByteSource>> inputs, const MergeOptions& options,
                    std::unique_ptr<Merger>* out, MergeReport* report) {
  out->reset();
  std::unique_ptr<Merger> m(new Merger());
  Impl& im = *m->impl_;
  im.options = options;
  im.inputs.reserve(inputs.size() + 1);
  for (auto& src : inputs) {
    im.inputs.emplace_back();
    im.intact.emplace_back();
    im.input_bytes += src->size();
    ND_RETURN_IF_ERROR(im.inputs.back().Open(std::move(src), &report->warnings, &report->error_text));
    ND_RETURN_IF_ERROR(im.MergeDictionaries(im.inputs.back(), report));
  }
  ND_RETURN_IF_ERROR(im.CompleteDictionaries(report));
  for (uint32_t i = 0; i < im.inputs.size(); ++i) im.PlanInput(i, report);
  report->input_bytes = im.input_bytes;
  *out = std::move(m);
  return Status::OK();
}

Status Merger::Open(const std::vector<std::string>& paths, const MergeOptions& options, std::unique_ptr<Merger>* out,
                    MergeReport* report) {
  std::vector<std::unique_ptr<ByteSource>> sources;
  for (const std::string& p : paths) {
    sources.emplace_back();
    ND_RETURN_IF_ERROR(OpenFileSource(p, &sources.back(), &report->error_text));
  }
  return Open(std::move(sources), options, out, report);
}

const writer::BuilderOptions& Merger::builder_options() const { return impl_->builder; }

Status Merger::AddInput(std::unique_ptr<ByteSource> input, MergeReport* report) {
  Status st = impl_->AddInput(std::move(input), report);
  report->input_bytes = impl_->input_bytes;
  return st;
}

Status Merger::Write(std::unique_ptr<writer::WritableSink> sink, MergeReport* report) {
  Impl& im = *impl_;
  const std::vector<uint32_t> order = im.Order(report);
  if (order.empty()) {  // like build: no empty output replaces an existing file
    sink->Abandon();
    return Status::OK();
  }
  // Limits, before anything is written.
  uint64_t bytes = format::kPreambleSize + format::kMaxHeaderSize + format::kTrailerSize +
                   format::kMaxRecordHeaderSize + 4 * uint64_t{order.size()};
  for (const auto& d : im.dicts) bytes += d.data.content.size() + 64;
  for (const InputFile& in : im.inputs) bytes += in.source->size();
  if (order.size() > format::kMaxDigests) {
    report->error_text = sink->name() + ": " + std::to_string(order.size()) + " digests; a digest file holds at most " +
                         std::to_string(format::kMaxDigests);
    sink->Abandon();
    return Status::TooLarge("too many digests");
  }
  if (bytes > 0xFFFFFFFFull - (1u << 26)) {
    report->error_text = sink->name() + ": the merged file could exceed 4 GiB, the format's limit";
    sink->Abandon();
    return Status::TooLarge("file too large");
  }
  std::unique_ptr<writer::DigestBuilder> b;
  Status st = writer::DigestBuilder::Create(std::make_unique<edition_merge_detail::BufferedSink>(std::move(sink)),
                                            im.builder, &b, &report->error_text);
  if (!st.ok()) return st;
  // Inputs whose dictionary list (ids and languages, in order) is the
  // output's keep their digests' metadata as it is.
  std::vector<bool> same(im.inputs.size());
  for (size_t i = 0; i < im.inputs.size(); ++i) {
    const InputFile& in = im.inputs[i];
    bool eq = in.dicts.size() == im.dicts.size();
    for (size_t k = 0; eq && k < in.dicts.size(); ++k)
      eq = in.dicts[k].id == im.dicts[k].data.id && in.dicts[k].lang == im.dicts[k].data.lang;
    same[i] = eq;
  }
  im.body_index.reserve(order.size());
  if (im.options.dedup && !im.options.deep_dedup && !im.options.skip_duplicates_of_first) {
    size_t slots = 1024;
    while (slots < 2 * order.size()) slots *= 2;
    im.frame_slots.assign(slots, {0, 0});
  }
  im.source_body.reserve(im.referenced.size() * 2 + 16);
  for (uint32_t i : order) {
    const auto& e = im.plan[i];
    st = im.CopyOne(b.get(), e, same[e.input], report);
    if (!st.ok()) {
      report->error_text = b->ErrorText(st);
      b->Abandon();
      return st;
    }
  }
  st = b->Finish();
  if (!st.ok()) {
    report->error_text = b->ErrorText(st);
    return st;
  }
  report->output_bytes = b->bytes_written();
  report->written = true;
  return Status::OK();
}

}  // namespace newsdigest::edition
