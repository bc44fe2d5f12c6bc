// Salvager: intact digests of a damaged file into a new one.
#include "newsdigest/repair/salvage.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "newsdigest/format/container.h"
#include "newsdigest/format/format.h"
#include "newsdigest/format/wire.h"
#include "repair_internal.h"

namespace newsdigest::repair {

struct Salvager::Dict {
  writer::DictionaryData data;  // id, lang; content when available
  bool available = false;
  bool embedded = false;
  bool compressed = false;
};

namespace salvage_detail {

namespace f = newsdigest::format;

// The metadata of a shared-text digest with text_ref (field 13) set to
// `ref`, every other field kept in place. @return false when malformed.
bool RepointTextRef(const uint8_t* meta, size_t len, uint32_t ref, std::string* out) {
  out->clear();
  const uint8_t* p = meta;
  const uint8_t* end = meta + len;
  f::WireField fld;
  bool done = false;
  while (p < end) {
    if (!f::WireNext(&p, end, &fld)) return false;
    if (fld.number == f::field::kDigestTextRef) {
      if (fld.type != f::kWireVarint) return false;
      if (!done) {
        uint8_t b[2 * f::kMaxVarintSize];
        out->append(reinterpret_cast<const char*>(b), f::EncodeVarintField(f::field::kDigestTextRef, ref, b));
        done = true;
      }
      continue;
    }
    out->append(reinterpret_cast<const char*>(fld.begin), static_cast<size_t>(fld.end - fld.begin));
  }
  return done;
}

std::string Label(nd_reader* r, uint64_t off, LostDigest* lost) {
  nd_meta m;
  if (nd_reader_meta_at(r, off, &m) != ND_OK) return "(metadata unreadable)";
  lost->id = std::string(reader::View(m.id));
  lost->title = std::string(reader::View(m.title).substr(0, 60));
  return lost->id;
}

// The input: a regular file mapped copy-on-write (a damaged header is
// patched in the copy); anything else read into memory, at most
// kMaxStreamInputBytes.
Status OpenInput(const std::string& path, std::unique_ptr<reader::FileBytes>* out) {
  struct stat st;
  const int r = path == "-" ? ::fstat(STDIN_FILENO, &st) : ::stat(path.c_str(), &st);
  const bool regular = r == 0 && S_ISREG(st.st_mode);
  if (regular) return reader::FileBytes::OpenCopyOnWrite(path, out);
  return reader::FileBytes::Open(path, kMaxStreamInputBytes, out);
}

}  // namespace salvage_detail

Salvager::Salvager() = default;
Salvager::~Salvager() = default;

Status Salvager::Open(const std::string& path, std::vector<reader::DictionaryFile> dictionaries,
                      std::unique_ptr<Salvager>* out) {
  out->reset();
  std::unique_ptr<reader::FileBytes> bytes;
  ND_RETURN_IF_ERROR(reader::FileBytes::OpenCopyOnWrite(path, &bytes));
  return Open(std::move(bytes), std::move(dictionaries), out);
}

Status Salvager::Open(std::unique_ptr<reader::FileBytes> input, std::vector<reader::DictionaryFile> dictionaries,
                      std::unique_ptr<Salvager>* out) {
  namespace f = newsdigest::format;
  out->reset();
  if (input == nullptr) return Status::InvalidArgument("no input");
  std::unique_ptr<Salvager> s(new Salvager());
  nd_limits lim;
  const nd_status ps = nd_reader_probe(input->data(), static_cast<size_t>(input->size()), &lim, nullptr);
  if (ps != ND_OK) {
    // The header is damaged: stand in for it, listing the embedded
    // dictionaries found and the supplied ones.
    s->header_damaged_ = true;
    if (input->mutable_data() == nullptr) return Status::InvalidArgument("a damaged header needs writable bytes");
    uint64_t first = 0;
    std::vector<StandInDict> found;
    ND_RETURN_IF_ERROR(FindRecordsAfterDamagedHeader(input->data(), input->size(), &first, &found));
    for (const reader::DictionaryFile& d : dictionaries) {
      if (std::any_of(found.begin(), found.end(), [&](const StandInDict& x) { return x.id == d.id; })) continue;
      if (found.size() >= f::kMaxDictionaries) return Status::TooLarge("more than 8 dictionaries");
      StandInDict sd;
      sd.id = d.id;
      sd.size = static_cast<uint32_t>(d.bytes->size());
      sd.crc = f::Crc32c(0, d.bytes->data(), static_cast<size_t>(d.bytes->size()));
      found.push_back(sd);
    }
    ND_RETURN_IF_ERROR(WriteStandInHeader(found, first, input->mutable_data()));
    s->warnings_.push_back("file header unreadable: a stand-in header was used; dictionary languages are unknown");
  }
  reader::DigestReader::Options ro;
  ro.workspace_flags = ND_WS_FAST;
  ND_RETURN_IF_ERROR(reader::DigestReader::Open(std::move(input), ro, &s->reader_));
  nd_reader* r = s->reader_->get();
  nd_limits l;
  nd_reader_limits(r, &l);
  for (uint32_t k = 0; k < l.dict_count; ++k) {
    nd_dict_info di;
    if (nd_reader_dictionary(r, k, &di) != ND_OK) continue;
    auto d = std::make_unique<Dict>();
    d->data.id = di.id;
    d->data.lang = std::string(reader::View(di.lang));
    d->embedded = di.embedded != 0;
    d->compressed = di.compressed != 0;
    s->dicts_.push_back(std::move(d));
  }
  for (reader::DictionaryFile& d : dictionaries) {
    const uint32_t id = d.id;
    const auto it = std::find_if(s->dicts_.begin(), s->dicts_.end(), [&](const auto& x) { return x->data.id == id; });
    if (it == s->dicts_.end()) return Status::NotFound("the file does not use this dictionary");
    nd_dict_info di;
    const uint32_t k = static_cast<uint32_t>(it - s->dicts_.begin());
    if (nd_reader_dictionary(r, k, &di) == ND_OK && di.content != nullptr) continue;  // embedded intact
    ND_RETURN_IF_ERROR(s->reader_->AddDictionary(std::move(d)));
  }
  // Contents now available (embedded or supplied), for the new file.
  for (uint32_t k = 0; k < s->dicts_.size(); ++k) {
    nd_dict_info di;
    // Neither embedded intact nor supplied: CopyInto counts its digests in
    // SalvageReport::missing_dictionaries.
    if (nd_reader_dictionary(r, k, &di) != ND_OK || di.content == nullptr) continue;
    s->dicts_[k]->data.content.assign(reinterpret_cast<const char*>(di.content), di.size);
    s->dicts_[k]->available = true;
  }
  *out = std::move(s);
  return Status::OK();
}

Status Salvager::MakeBuilderOptions(writer::BuilderOptions* out) {
  nd_file_info fi;
  if (nd_reader_file_info(reader(), &fi) != ND_OK) return Status::Internal("no reader");
  *out = writer::BuilderOptions();
  out->article_limit = header_damaged_ ? format::kDefaultArticleLimit : fi.article_limit;
  out->created = fi.created;
  out->embed_dictionaries = false;
  out->compress_dictionaries = false;
  for (const auto& d : dicts_) {
    if (!d->available) continue;
    out->dictionaries.push_back(&d->data);
    out->embed_dictionaries = out->embed_dictionaries || d->embedded;
    out->compress_dictionaries = out->compress_dictionaries || d->compressed;
  }
  return Status::OK();
}

Status Salvager::CopyInto(writer::DigestBuilder* builder, SalvageReport* report) {
  namespace d = salvage_detail;
  namespace f = newsdigest::format;
  *report = SalvageReport();
  report->warnings = warnings_;
  report->header_damaged = header_damaged_;
  nd_reader* r = reader();
  report->index_damaged = nd_reader_index_damaged(r) != 0;
  // Digests name their dictionary by id or, when absent, as the header's
  // first: the new header lists the same dictionaries in the same order, so
  // when one cannot be carried over, only digests without one are copied.
  const bool all_dicts = std::all_of(dicts_.begin(), dicts_.end(), [](const auto& x) { return x->available; });
  const reader::FileBytes& in = reader_->file();
  std::unordered_map<uint64_t, uint32_t> new_offset;  // old record -> new, for text holders
  std::vector<uint64_t> seen;                         // digest records found, ascending
  uint64_t pos = 0, off = 0;
  uint32_t kind = 0;
  std::string meta;
  nd_status ss;
  while ((ss = nd_reader_scan(r, &pos, &off, &kind)) == ND_OK) {
    if (kind != f::kRecordDigest) continue;
    seen.push_back(off);
    LostDigest lost;
    lost.offset = off;
    nd_meta m;
    nd_status s = nd_reader_meta_at(r, off, &m);
    if (s == ND_OK) s = nd_reader_check_at(r, off);
    d::Label(r, off, &lost);
    nd_record rec;
    if (s == ND_OK) s = nd_reader_record_at(r, off, &rec);
    if (s == ND_OK) s = nd_reader_meta_at(r, off, &m);  // the strings again (check_at reloaded)
    if (s == ND_ERR_DICTIONARY_MISSING || (s == ND_OK && !all_dicts && m.dict_id != 0)) {
      // Its dictionary is not available: counted once per dictionary.
      uint32_t id = 0;
      if (nd_reader_meta_at(r, off, &m) == ND_OK) id = m.dict_id;
      if (id == 0) {
        const auto u = std::find_if(dicts_.begin(), dicts_.end(), [](const auto& x) { return !x->available; });
        if (u != dicts_.end()) id = (*u)->data.id;
      }
      auto md = std::find_if(report->missing_dictionaries.begin(), report->missing_dictionaries.end(),
                             [&](const MissingDictionary& x) { return x.id == id; });
      if (md == report->missing_dictionaries.end()) {
        report->missing_dictionaries.push_back(MissingDictionary{id, 0});
        md = report->missing_dictionaries.end() - 1;
      }
      ++md->digests;
      ++report->lost;
      continue;
    }
    if (s != ND_OK) {
      lost.reason = s;
      lost.why = nd_status_str(s);
    }
    writer::EncodedDigest e;
    if (lost.why.empty() && rec.text_ref != 0) {
      const auto it = new_offset.find(rec.text_ref);
      if (it == new_offset.end() ||
          !d::RepointTextRef(in.data() + off + rec.header_size, rec.meta_len, it->second, &meta)) {
        lost.reason = ND_ERR_NOT_FOUND;
        lost.why = "its shared text was not recovered";
      } else {
        uint8_t h[f::kMaxRecordHeaderSize];
        const size_t hs = f::FrameRecord(f::kRecordDigest, meta.data(), static_cast<uint32_t>(meta.size()),
                                         static_cast<uint32_t>(meta.size()), h);
        e.record.assign(reinterpret_cast<const char*>(h), hs);
        e.record += meta;
        e.meta_size = static_cast<uint32_t>(meta.size());
        e.text_ref = it->second;
      }
    } else if (lost.why.empty()) {
      e.record.assign(reinterpret_cast<const char*>(in.data() + off), rec.header_size + rec.payload_len);
      e.meta_size = rec.meta_len;
    }
    if (!lost.why.empty()) {
      ++report->lost;
      report->lost_digests.push_back(std::move(lost));
      continue;
    }
    e.text_size = m.text_size;
    e.summary_size = m.summary_size;
    e.summary_sentences = m.summary_count;
    e.dict_id = m.dict_id;
    if (rec.text_ref == 0) new_offset[off] = builder->next_offset();
    ND_RETURN_IF_ERROR(builder->Add(e));
    ++report->recovered;
  }
  if (ss != ND_ERR_NOT_FOUND) return reader::FromNdStatus(ss);
  // Digests the index names but scanning could not even frame.
  const uint32_t count = nd_reader_count(r);
  if (!report->index_damaged) {
    for (uint32_t i = 0; i < count; ++i) {
      uint64_t o = 0;
      if (nd_reader_offset(r, i, &o) != ND_OK || std::binary_search(seen.begin(), seen.end(), o)) continue;
      LostDigest lost;
      lost.offset = o;
      lost.index = i;
      lost.reason = ND_ERR_CORRUPT;
      lost.why = "record header or metadata damaged";
      ++report->lost;
      report->lost_digests.push_back(std::move(lost));
    }
  } else if (!header_damaged_ && count > report->recovered + report->lost) {
    report->lost_unnamed = count - report->recovered - report->lost;
    report->lost += report->lost_unnamed;
  }
  return Status::OK();
}

Status SalvageFile(const std::string& in_path, const std::string& out_path,
                   const std::vector<std::string>& dictionary_paths, SalvageReport* report,
                   const SinkWrapper& wrap_sink) {
  namespace d = salvage_detail;
  *report = SalvageReport();
  if (out_path.empty()) {
    report->error_text = "no output path (use -o FILE, or -o - for standard output)";
    return Status::InvalidArgument("no output path");
  }
  if (out_path != "-" && in_path != "-") {
    bool same = false;
    const Status ss = reader::SameFile(in_path, out_path, &same);
    if (!ss.ok()) {
      report->error_text = writer::ErrorText(ss, in_path, ss.os_error());
      return ss;
    }
    if (same) {
      report->error_text = out_path + ": the output is the input file";
      return Status::InvalidArgument("the output is the input file");
    }
  }
  std::vector<reader::DictionaryFile> dicts;
  for (const std::string& p : dictionary_paths) {
    reader::DictionaryFile df;
    const Status ls = reader::LoadDictionary(p, &df);
    if (!ls.ok()) {
      report->error_text = writer::ErrorText(ls, p, ls.os_error());
      return ls;
    }
    dicts.push_back(std::move(df));
  }
  const std::string in_name = in_path == "-" ? "standard input" : in_path;
  std::unique_ptr<reader::FileBytes> bytes;
  Status st = d::OpenInput(in_path, &bytes);
  if (!st.ok()) {
    report->error_text = st.code() == Status::Code::kTooLarge
                             ? in_name + ": not a regular file and larger than " +
                                   std::to_string(kMaxStreamInputBytes >> 20) +
                                   " MiB, the most salvage reads from a pipe or device; save it to a file first"
                             : writer::ErrorText(st, in_name, st.os_error());
    return st;
  }
  std::unique_ptr<Salvager> s;
  st = Salvager::Open(std::move(bytes), std::move(dicts), &s);
  if (!st.ok()) {
    report->error_text = writer::ErrorText(st, in_name, st.os_error());
    return st;
  }
  writer::BuilderOptions bo;
  ND_RETURN_IF_ERROR(s->MakeBuilderOptions(&bo));
  std::unique_ptr<writer::WritableSink> sink = writer::NewOutputSink(out_path);
  if (wrap_sink && sink->status().ok()) sink = wrap_sink(std::move(sink));
  if (!sink->status().ok()) {
    st = sink->status();
    report->error_text = writer::ErrorText(st, *sink);
    return st;
  }
  std::unique_ptr<writer::DigestBuilder> b;
  st = writer::DigestBuilder::Create(std::move(sink), bo, &b);
  if (!st.ok()) {
    report->error_text = writer::ErrorText(st, out_path == "-" ? "<stdout>" : out_path, st.os_error());
    return st;
  }
  const Status cs = s->CopyInto(b.get(), report);
  if (!cs.ok()) {
    report->error_text = cs.IsIOError() ? writer::ErrorText(cs, b->output()) : writer::ErrorText(cs, in_name, 0);
    b->Abandon();
    return cs;
  }
  if (report->recovered == 0) {  // nothing to keep: leave any existing output as it was
    b->Abandon();
    return Status::OK();
  }
  st = b->Finish();
  if (!st.ok()) {
    report->error_text = writer::ErrorText(st, b->output());
    return st;
  }
  report->written = true;
  return Status::OK();
}

}  // namespace newsdigest::repair
