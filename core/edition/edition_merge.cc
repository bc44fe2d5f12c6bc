// Merger: plan (headers, dictionaries, metadata of every digest), then
// stream the records into a DigestBuilder, re-encoding metadata only where
// it must change.
#include <algorithm>
#include <ctime>
#include <cstring>
#include <deque>

#include <sys/resource.h>

#include "edition_internal.h"
#include "newsdigest.pb.h"
#include "newsdigest/format/container.h"
#include "newsdigest/format/wire.h"
#include "newsdigest/writer/dictionary.h"

namespace newsdigest::edition {

namespace edition_merge_detail {

// Position in an input's index of a planned digest found by scanning.
constexpr uint32_t kNoIndex = 0xFFFFFFFFu;
// KeyTable values: a referenced source whose body is not known yet; the
// end of a chain of pending bodies.
constexpr uint32_t kUnset = 0xFFFFFFFEu;
// A dictionary of the output, with where its content came from.
struct OutDictionary {
  writer::DictionaryData data;
  uint32_t crc = 0;
  uint32_t size = 0;
  bool have_content = false;
  std::string named_by;  // the first input naming it
  std::string damaged_in;  // an input whose header says it embeds it, but whose copy is damaged
};

// A distinct body stored by the output: where its text record is in the
// output and in its input (the record is read again there to compare frame
// bytes, spans or bodies: nothing else of it is kept in memory).
struct BodyEntry {
  uint32_t out_offset = 0;
  uint32_t src_input = 0;
  uint32_t src_offset = 0;
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
  using OutDictionary = edition_merge_detail::OutDictionary;
  using BodyEntry = edition_merge_detail::BodyEntry;
  static constexpr uint32_t kNoIndex = edition_merge_detail::kNoIndex;
  static constexpr uint32_t kUnset = edition_merge_detail::kUnset;

  MergeOptions options;
  std::vector<InputFile> inputs;
  std::deque<OutDictionary> dicts;  // the output's list, in first-seen order
  writer::BuilderOptions builder;
  bool embed = false, compress = false, embed_set = false;
  int64_t newest = 0;
  uint64_t input_bytes = 0;

  // The plan: every intact digest of every input, in input order, as
  // arrays of fixed-size fields (4 to 24 bytes per digest; the optional
  // arrays only when an option reads them).
  std::vector<uint32_t> plan_off;        // record offset in its input
  std::vector<uint32_t> plan_index;      // position in its input's index; kNoIndex: found by a scan
  std::vector<int64_t> plan_published;   // when sorting or expiring
  std::vector<uint64_t> plan_id;         // id hashes, when an id rule applies
  std::vector<uint32_t> input_begin;     // per input: its first plan position
  // Per input whose planned offsets are not ascending (rare: a reordered
  // index): a sorted copy; empty otherwise (the plan range is searched).
  std::vector<std::vector<uint32_t>> unsorted_intact;
  KeyTable first_ids;  // skip_duplicates_of_first: id hashes of input 0
  // SourceKey (input, offset of a record holding text) -> its output body,
  // kUnset while unknown: every text_ref target (from the plan) and every
  // source identified as a copy of an earlier body.
  KeyTable sources;

  // Open inputs: at most max_open hold a file descriptor and window at once
  // (least recently used released first), so merge reads any number of inputs.
  size_t max_open = 32;
  std::vector<uint32_t> open_list;
  uint64_t use_clock = 0;

  // Write state.
  FrameDecoder decoder;
  std::vector<BodyEntry> bodies;
  KeyTable frames;      // fast identification: FrameKey -> bodies
  KeyTable body_index;  // deep_dedup / append: body key (CRC-32C, size) -> bodies
  // Append: bodies of the edition not identified yet, chained per body
  // size: lazy_heads size -> the newest, lazy_next[body] -> the one before.
  KeyTable lazy_heads;
  std::vector<uint32_t> lazy_next;
  // The summary spans of one output body (owner_spans_of; -1: none), as its
  // text record holds them.
  int64_t owner_spans_of = -1;
  std::vector<uint32_t> owner_spans;
  std::string buf, src_buf, text, body, other_body, other_buf, keep_text, meta_out;
  newsdigest::v1::Digest msg, src_msg, owner_msg;

  // The input at plan position p.
  uint32_t InputOf(size_t p) const {
    return static_cast<uint32_t>(std::upper_bound(input_begin.begin(), input_begin.end(), p) - input_begin.begin() - 1);
  }
  // Input i, with its source open (another one released when too many are).
  InputFile& In(uint32_t i) {
    InputFile& in = inputs[i];
    in.last_use = ++use_clock;
    if (in.held) return in;
    if (open_list.size() >= max_open) {
      size_t lru = 0;
      for (size_t k = 1; k < open_list.size(); ++k)
        if (inputs[open_list[k]].last_use < inputs[open_list[lru]].last_use) lru = k;
      InputFile& old = inputs[open_list[lru]];
      old.source->Release();
      old.held = false;
      open_list[lru] = i;
    } else {
      open_list.push_back(i);
    }
    in.held = true;
    return in;
  }

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

  bool NeedPublished() const {
    return options.sort == SortOrder::kPublished || options.expiry.since > 0 || options.expiry.max_age > 0 ||
           options.expiry.max_digests > 0;
  }
  bool NeedIds() const { return options.drop_duplicate_ids || options.skip_duplicates_of_first; }

  // Reads the metadata of every digest of input `i` into the plan, then
  // frees the input's list of places.
  void PlanInput(uint32_t i, MergeReport* report) {
    InputFile& in = In(i);
    format::RecordHeader h{};
    std::string why;
    const bool need_published = NeedPublished(), need_ids = NeedIds();
    input_begin.push_back(static_cast<uint32_t>(plan_off.size()));
    unsorted_intact.emplace_back();
    if (in.header_count > in.places.size())
      report->lost.push_back({in.name, in.header_count - static_cast<uint32_t>(in.places.size()), in.header_count});
    bool ascending = true;
    uint32_t last = 0;
    for (size_t k = 0; k < in.places.size(); ++k) {
      const uint32_t offset = in.places[k];
      const int64_t index = in.index_damaged ? -1 : static_cast<int64_t>(k);
      uint64_t id_hash = 0;
      int64_t published = 0;
      bool ok = in.ReadMeta(offset, &buf, &h, &why).ok();
      if (ok) {
        // Only id, published and text_ref are needed here: read at the wire level.
        const auto* p = reinterpret_cast<const uint8_t*>(buf.data()) + h.size;
        const uint8_t* end = p + h.meta_len;
        format::WireField f;
        while (ok && p < end) {
          ok = format::WireNext(&p, end, &f);
          if (!ok) break;
          if (f.number == format::field::kDigestId && f.type == format::kWireBytes) {
            id_hash = edition_merge_detail::IdHash(
                std::string_view(reinterpret_cast<const char*>(f.data), static_cast<size_t>(f.value)));
          } else if (f.number == format::field::kDigestPublished && f.type == format::kWireVarint) {
            published = static_cast<int64_t>(f.value);
          } else if (f.number == format::field::kDigestTextRef && f.type == format::kWireVarint && f.value != 0) {
            const uint64_t key = edition_merge_detail::SourceKey(i, f.value);
            if (sources.Find(key) == nullptr) sources.Insert(key, kUnset);
          }
        }
        if (!ok) why = "malformed metadata";
      }
      if (!ok) {
        report->damaged.push_back({in.name, index, offset, why});
        why.clear();
        continue;
      }
      newest = std::max(newest, published);
      if (i == 0 && options.skip_duplicates_of_first) first_ids.Insert(id_hash, 0);
      if (!plan_off.empty() && plan_off.size() > input_begin.back() && offset < last) ascending = false;
      last = offset;
      plan_off.push_back(offset);
      plan_index.push_back(index < 0 ? kNoIndex : static_cast<uint32_t>(index));
      if (need_published) plan_published.push_back(published);
      if (need_ids) plan_id.push_back(id_hash);
    }
    std::vector<uint32_t>().swap(in.places);
    if (!ascending) {
      std::vector<uint32_t>& offs = unsorted_intact.back();
      offs.assign(plan_off.begin() + input_begin.back(), plan_off.end());
      std::sort(offs.begin(), offs.end());
    }
  }

  // Whether `offset` is the record of a planned (intact) digest of input i.
  bool Intact(uint32_t i, uint32_t offset) const {
    if (!unsorted_intact[i].empty())
      return std::binary_search(unsorted_intact[i].begin(), unsorted_intact[i].end(), offset);
    const auto first = plan_off.begin() + input_begin[i];
    const auto last = i + 1 < input_begin.size() ? plan_off.begin() + input_begin[i + 1] : plan_off.end();
    return std::binary_search(first, last, offset);
  }

  // Takes one more input: header, dictionaries, index (not planned yet).
  Status OpenInput(std::unique_ptr<ByteSource> src, MergeReport* report) {
    inputs.emplace_back();
    input_bytes += src->size();
    InputFile& in = In(static_cast<uint32_t>(inputs.size() - 1));
    ND_RETURN_IF_ERROR(in.Open(std::move(src), &report->warnings, &report->error_text));
    return MergeDictionaries(in, report);
  }

  Status AddInput(std::unique_ptr<ByteSource> src, MergeReport* report) {
    ND_RETURN_IF_ERROR(OpenInput(std::move(src), report));
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
    InputFile& in = In(input);
    if (offset > 0xFFFFFFFFu || !Intact(input, static_cast<uint32_t>(offset))) {
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
    return DecodeBody(In(input), *rec_buf, h, m, true, key, why);
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
  // entry whose stored frame has dictionary `dict`, the bytes of `frame`
  // and text_size of `m`, and whose summary spans are those of `m`, or -1.
  // Candidates (same FrameKey) are read again from their inputs. Equal
  // frames with one dictionary are equal texts; with equal spans, equal
  // bodies. Equal frames with other spans (rare): both bodies are rebuilt
  // from the one decoded text and compared. Nothing is decoded otherwise.
  // On a match, owner_spans holds the match's spans.
  int64_t FindFrame(uint32_t dict, std::string_view frame, uint32_t crc, const newsdigest::v1::Digest& m) {
    const uint32_t size = m.text_size();
    const uint64_t key = edition_merge_detail::FrameKey(dict, size, crc, static_cast<uint32_t>(frame.size()));
    int64_t found = -1;
    frames.ForEach(key, [&](uint32_t& idx) {
      const BodyEntry e = bodies[idx];
      InputFile& oin = In(e.src_input);
      format::RecordHeader oh{};
      std::string why;
      if (!oin.ReadRecord(e.src_offset, false, &other_buf, &oh, &why).ok()) return false;
      if (std::string_view(other_buf).substr(oh.size + size_t{oh.meta_len}) != frame) return false;
      if (!owner_msg.ParseFromArray(other_buf.data() + oh.size, static_cast<int>(oh.meta_len))) return false;
      if (owner_msg.text_size() != size || FrameDictionary(oin, owner_msg) != dict) return false;
      bool same_spans = owner_msg.summary_spans_size() == m.summary_spans_size();
      for (int k = 0; same_spans && k < m.summary_spans_size(); ++k)
        same_spans = owner_msg.summary_spans(k) == m.summary_spans(k);
      if (!same_spans) {
        const OutDictionary* od = dict != 0 ? Dict(dict) : nullptr;
        if (!decoder.Decode(frame.data(), frame.size(), dict, od != nullptr ? &od->data.content : nullptr, size,
                            &text))
          return false;
        if (!edition_merge_detail::RebuildBody(text, m, &body) ||
            !edition_merge_detail::RebuildBody(text, owner_msg, &other_body) || body != other_body)
          return false;
      }
      found = idx;
      owner_spans_of = idx;
      owner_spans.assign(owner_msg.summary_spans().begin(), owner_msg.summary_spans().end());
      return true;
    });
    return found;
  }

  // Sets owner_spans to the summary spans of output body `idx`, reading its
  // text record again unless they are at hand. @return false when it no
  // longer reads (*why).
  bool OwnerSpans(uint32_t idx, std::string* why) {
    if (owner_spans_of == static_cast<int64_t>(idx)) return true;
    const BodyEntry e = bodies[idx];
    format::RecordHeader oh{};
    if (!In(e.src_input).ReadMeta(e.src_offset, &other_buf, &oh, why).ok() ||
        !owner_msg.ParseFromArray(other_buf.data() + oh.size, static_cast<int>(oh.meta_len))) {
      *why = "the record holding its text (stored earlier) no longer reads";
      return false;
    }
    owner_spans_of = idx;
    owner_spans.assign(owner_msg.summary_spans().begin(), owner_msg.summary_spans().end());
    return true;
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
  // `m`, key `key`), or -1: candidates with the same key are decoded again
  // and their bodies compared. May overwrite `text`. On a match,
  // owner_spans holds the match's spans.
  int64_t FindBody(uint64_t key, const newsdigest::v1::Digest& m) {
    // Bodies of the first input stored without identification (append):
    // those of this size are identified now, once each.
    uint32_t* head = lazy_heads.Find(static_cast<uint32_t>(key));
    if (head != nullptr && *head != kUnset) {
      uint32_t idx = *head;
      *head = kUnset;
      keep_text.swap(text);
      while (idx != kUnset) {
        const BodyEntry e = bodies[idx];
        newsdigest::v1::Digest om;
        std::string why;
        uint64_t okey = 0;
        if (SourceBody(e.src_input, e.src_offset, &other_buf, &om, &okey, &why)) body_index.Insert(okey, idx);
        idx = lazy_next[idx];
      }
      text.swap(keep_text);
    }
    bool rebuilt = false;
    int64_t found = -1;
    body_index.ForEach(key, [&](uint32_t& idx) {
      if (!rebuilt) {
        edition_merge_detail::RebuildBody(text, m, &body);
        rebuilt = true;
      }
      const BodyEntry e = bodies[idx];
      std::string why;
      uint64_t okey = 0;
      if (!SourceBody(e.src_input, e.src_offset, &other_buf, &owner_msg, &okey, &why)) return false;
      if (!edition_merge_detail::RebuildBody(text, owner_msg, &other_body) || other_body != body) return false;
      found = idx;
      owner_spans_of = idx;
      owner_spans.assign(owner_msg.summary_spans().begin(), owner_msg.summary_spans().end());
      return true;
    });
    return found;
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

  // The plan positions in output order with sorting, id rules and expiry
  // applied.
  std::vector<uint32_t> Order(MergeReport* report) {
    const auto n = static_cast<uint32_t>(plan_off.size());
    std::vector<uint32_t> kept;
    kept.reserve(n);
    std::vector<uint32_t> order;
    if (options.sort == SortOrder::kPublished) {
      order.resize(n);
      for (uint32_t i = 0; i < n; ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [this](uint32_t a, uint32_t b) { return plan_published[a] < plan_published[b]; });
    }
    KeyTable seen;
    int64_t cutoff = options.expiry.since;
    if (options.expiry.max_age > 0) {
      const int64_t now = options.expiry.now > 0 ? options.expiry.now : static_cast<int64_t>(std::time(nullptr));
      cutoff = std::max(cutoff, std::min(newest, now) - options.expiry.max_age);
    }
    const uint32_t first_end = input_begin.size() > 1 ? input_begin[1] : n;
    for (uint32_t k = 0; k < n; ++k) {
      const uint32_t i = order.empty() ? k : order[k];
      if (options.skip_duplicates_of_first && i >= first_end && first_ids.Find(plan_id[i]) != nullptr) {
        ++report->dropped_duplicates;
        continue;
      }
      if (options.drop_duplicate_ids) {
        if (seen.Find(plan_id[i]) != nullptr) {
          ++report->dropped_duplicates;
          continue;
        }
        seen.Insert(plan_id[i], 0);
      }
      const int64_t published = plan_published.empty() ? 0 : plan_published[i];
      if (cutoff > 0 && published != 0 && published < cutoff) {
        ++report->expired;
        continue;
      }
      kept.push_back(i);
    }
    std::vector<uint32_t>().swap(order);
    seen.Clear();
    if (options.expiry.max_digests > 0) {
      // Undated digests are kept and not counted: drop the first dated ones.
      size_t dated = 0;
      for (uint32_t i : kept) dated += plan_published[i] != 0 ? 1 : 0;
      if (dated > options.expiry.max_digests) {
        size_t drop = dated - options.expiry.max_digests;
        report->expired += static_cast<uint32_t>(drop);
        size_t w = 0;
        for (uint32_t i : kept) {
          if (drop > 0 && plan_published[i] != 0) {
            --drop;
            continue;
          }
          kept[w++] = i;
        }
        kept.resize(w);
      }
    }
    return kept;
  }

  // Frees the plan and the identification tables (after Write's copying).
  void ReleaseWriteState() {
    std::vector<uint32_t>().swap(plan_off);
    std::vector<uint32_t>().swap(plan_index);
    std::vector<int64_t>().swap(plan_published);
    std::vector<uint64_t>().swap(plan_id);
    std::vector<BodyEntry>().swap(bodies);
    std::vector<uint32_t>().swap(lazy_next);
    std::vector<std::vector<uint32_t>>().swap(unsorted_intact);
    frames.Clear();
    body_index.Clear();
    lazy_heads.Clear();
    sources.Clear();
    first_ids.Clear();
    for (uint32_t i : open_list) {
      inputs[i].source->Release();
      inputs[i].held = false;
    }
    open_list.clear();
  }

  // Sets the output body of source key `skey`.
  void SetSource(uint64_t skey, uint32_t idx) {
    uint32_t* v = sources.Find(skey);
    if (v != nullptr)
      *v = idx;
    else
      sources.Insert(skey, idx);
  }

  // Copies the digest at plan position p into the builder.
  Status CopyOne(writer::DigestBuilder* b, uint32_t p, bool same_defaults, MergeReport* report) {
    namespace d = edition_merge_detail;
    const uint32_t input = InputOf(p);
    const uint32_t offset = plan_off[p];
    InputFile& in = In(input);
    format::RecordHeader h{};
    std::string why;
    auto damaged = [&](const std::string& w) {
      report->damaged.push_back({in.name, plan_index[p] == kNoIndex ? -1 : static_cast<int64_t>(plan_index[p]),
                                 offset, w});
      return Status::OK();
    };
    if (!in.ReadRecord(offset, true, &buf, &h, &why).ok()) return damaged(why);
    if (!msg.ParseFromArray(buf.data() + h.size, static_cast<int>(h.meta_len))) return damaged("malformed metadata");
    const bool own_text = msg.text_ref() == 0;
    const uint64_t src_offset = own_text ? offset : msg.text_ref();
    const uint64_t skey = d::SourceKey(input, src_offset);
    const std::string lang = EffectiveLang(in, msg);

    // Which output body this digest's text is, when known.
    int64_t body_idx = -1;
    const uint32_t* known = sources.Find(skey);
    const bool referenced = known != nullptr;
    if (known != nullptr && *known != kUnset) body_idx = *known;
    const std::string* src_rec = &buf;
    const newsdigest::v1::Digest* sm = &msg;  // the metadata of the record holding the text
    format::RecordHeader src_h = h;
    uint64_t hash = 0;
    bool decoded = false;  // hash is the body key
    // Append: the edition's own bodies are identified lazily (FindBody).
    const bool lazy = options.skip_duplicates_of_first && options.dedup && input == 0 && own_text && body_idx < 0;
    // Fast identification by frame bytes, unless deep_dedup (or append,
    // whose new texts come from another encoder run) asks for body contents.
    const bool fast = options.dedup && !options.deep_dedup && !options.skip_duplicates_of_first;
    if (body_idx < 0 && !lazy && (options.dedup || !own_text)) {
      if (own_text) {
        if (fast ? !FrameFits(in, msg, &why) : !DecodeBody(in, buf, h, &msg, true, &hash, &why)) return damaged(why);
      } else {
        if (!SourceRecord(input, src_offset, &src_buf, &src_msg, &src_h, &why)) return damaged(why);
        src_rec = &src_buf;
        sm = &src_msg;
        if (fast ? !FrameFits(in, src_msg, &why) : !DecodeBody(in, src_buf, src_h, &src_msg, true, &hash, &why))
          return damaged(why);
      }
      decoded = !fast;
      if (fast) {
        body_idx = FindFrame(FrameDictionary(in, *sm),
                             std::string_view(*src_rec).substr(src_h.size + size_t{src_h.meta_len}), src_h.text_crc,
                             *sm);
        if (body_idx >= 0) SetSource(skey, static_cast<uint32_t>(body_idx));
      } else if (options.dedup) {
        body_idx = FindBody(hash, *sm);
        if (body_idx >= 0) SetSource(skey, static_cast<uint32_t>(body_idx));
      }
    }
    if (body_idx >= 0) {
      const BodyEntry owner = bodies[static_cast<size_t>(body_idx)];
      if (options.skip_duplicates_of_first && input > 0 && owner.src_input == 0) {
        ++report->dropped_duplicates;
        return Status::OK();
      }
      if (!OwnerSpans(static_cast<uint32_t>(body_idx), &why)) return damaged(why);
      // A shared-text record, as the writer's encoder makes one.
      msg.clear_keywords();
      msg.clear_summary_spans();
      for (uint32_t v : owner_spans) msg.add_summary_spans(v);
      msg.set_text_ref(owner.out_offset);
      SetDictionaryFields(&msg, true, 0, lang);
      ND_RETURN_IF_ERROR(Emit(b, msg, std::string_view(), nullptr, report));
      if (own_text) ++report->shared;
      return Status::OK();
    }
    // This digest stores the text.
    const uint32_t out_offset = b->next_offset();
    const std::string_view frame = std::string_view(*src_rec).substr(src_h.size + size_t{src_h.meta_len});
    const uint32_t frame_dict = FrameDictionary(in, *sm);
    const uint32_t frame_size = sm->text_size();
    if (!own_text) {
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
    const auto idx = static_cast<uint32_t>(bodies.size());
    bodies.push_back({out_offset, input, static_cast<uint32_t>(src_offset)});
    if (decoded && options.dedup) body_index.Insert(hash, idx);
    if (fast && body_idx < 0 && !lazy)
      frames.Insert(d::FrameKey(frame_dict, frame_size, src_h.text_crc, static_cast<uint32_t>(frame.size())), idx);
    if (lazy) {
      uint32_t* head = lazy_heads.Find(frame_size);
      if (lazy_next.size() <= idx) lazy_next.resize(idx + 1, kUnset);
      if (head != nullptr) {
        lazy_next[idx] = *head;
        *head = idx;
      } else {
        lazy_heads.Insert(frame_size, idx);
      }
    }
    if (!own_text || referenced) SetSource(skey, idx);
    return Status::OK();
  }
};

Merger::Merger() : impl_(std::make_unique<Impl>()) {}
Merger::~Merger() = default;

namespace edition_merge_detail {

// How many inputs a merge keeps open at once: an eighth of the process's
// file descriptor limit, 4 to 32.
size_t MaxOpenInputs() {
  struct rlimit rl {};
  size_t limit = 1024;
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) limit = static_cast<size_t>(rl.rlim_cur);
  return std::clamp<size_t>(limit / 8, 4, 32);
}

}  // namespace edition_merge_detail

Status Merger::Open(std::vector<std::unique_ptr<ByteSource>> inputs, const MergeOptions& options,
                    std::unique_ptr<Merger>* out, MergeReport* report) {
  out->reset();
  std::unique_ptr<Merger> m(new Merger());
  Impl& im = *m->impl_;
  im.options = options;
  im.max_open = edition_merge_detail::MaxOpenInputs();
  im.inputs.reserve(inputs.size() + 1);
  for (auto& src : inputs) ND_RETURN_IF_ERROR(im.OpenInput(std::move(src), report));
  ND_RETURN_IF_ERROR(im.CompleteDictionaries(report));
  for (uint32_t i = 0; i < im.inputs.size(); ++i) im.PlanInput(i, report);
  report->input_bytes = im.input_bytes;
  *out = std::move(m);
  return Status::OK();
}

Status Merger::Open(const std::vector<std::string>& paths, const MergeOptions& options, std::unique_ptr<Merger>* out,
                    MergeReport* report) {
  // Each file is opened when its turn comes (and released when too many
  // are open), so any number of inputs stays under the descriptor limit.
  out->reset();
  std::unique_ptr<Merger> m(new Merger());
  Impl& im = *m->impl_;
  im.options = options;
  im.max_open = edition_merge_detail::MaxOpenInputs();
  im.inputs.reserve(paths.size() + 1);
  for (const std::string& p : paths) {
    std::unique_ptr<ByteSource> src;
    ND_RETURN_IF_ERROR(OpenFileSource(p, &src, &report->error_text));
    ND_RETURN_IF_ERROR(im.OpenInput(std::move(src), report));
  }
  ND_RETURN_IF_ERROR(im.CompleteDictionaries(report));
  for (uint32_t i = 0; i < im.inputs.size(); ++i) im.PlanInput(i, report);
  report->input_bytes = im.input_bytes;
  *out = std::move(m);
  return Status::OK();
}

const writer::BuilderOptions& Merger::builder_options() const { return impl_->builder; }

Status Merger::AddInput(std::unique_ptr<ByteSource> input, MergeReport* report) {
  Status st = impl_->AddInput(std::move(input), report);
  report->input_bytes = impl_->input_bytes;
  return st;
}

Status Merger::Write(std::unique_ptr<writer::WritableSink> sink, MergeReport* report) {
  Impl& im = *impl_;
  std::vector<uint32_t> order = im.Order(report);
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
  im.bodies.reserve(order.size());  // pages past the bodies stored are never touched
  if (im.options.dedup && !im.options.skip_duplicates_of_first) {
    if (im.options.deep_dedup)
      im.body_index.Reserve(order.size());
    else
      im.frames.Reserve(order.size());
  }
  for (uint32_t p : order) {
    st = im.CopyOne(b.get(), p, same[im.InputOf(p)], report);
    if (!st.ok()) {
      report->error_text = b->ErrorText(st);
      b->Abandon();
      return st;
    }
  }
  // The plan and tables are done with: free them before the builder
  // writes its index (peak memory).
  std::vector<uint32_t>().swap(order);
  im.ReleaseWriteState();
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
