#include "build_pipeline.h"

#include <memory>
#include <unordered_map>

#include "newsdigest/writer/dictionary.h"

namespace newsdigest::cli {

void ToDigestInput(const ingest::Article& a, const summarize::Summary& s, writer::DigestInput* out) {
  out->id = a.id;
  out->title = a.title;
  out->source = a.source;
  out->place = a.place;
  out->byline = a.byline;
  out->url = a.url;
  out->lang = a.lang;
  out->published = a.published;
  out->keywords = s.keywords;
  out->body = a.body;
  out->summary.clear();
  for (const text::Span& sp : s.sentences) out->summary.emplace_back(sp.begin, sp.size());
}

namespace build_pipeline_detail {

// 64-bit FNV-1a and the length: the key of identical-body detection.
struct BodyKey {
  uint64_t hash;
  uint64_t size;
  bool operator==(const BodyKey&) const = default;
};
struct BodyKeyHash {
  size_t operator()(const BodyKey& k) const { return static_cast<size_t>(k.hash ^ (k.size * 0x9E3779B97F4A7C15ull)); }
};
BodyKey KeyOf(std::string_view body) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return {h, body.size()};
}

struct SharedText {
  uint32_t offset;
  std::vector<std::pair<uint32_t, uint32_t>> summary;
};

// Reads the inputs once to collect dictionary training samples (title and
// body, as stored), up to about 100 times the dictionary size.
Status CollectSamples(const BuildOptions& options, std::vector<std::string>* samples) {
  for (const auto& in : options.inputs)
    if (in == "-") return Status::InvalidArgument("--train-dict cannot read stdin twice; train with train-dict first");
  ingest::ArticleSource source(options.inputs, options.ingest);
  ingest::Article a;
  ingest::InputError e;
  size_t total = 0;
  const size_t budget = options.dict_size * 100;
  for (;;) {
    auto r = source.Next(&a, &e);
    if (r == ingest::ArticleSource::Result::kEnd) break;
    if (r != ingest::ArticleSource::Result::kArticle) continue;
    total += a.body.size();
    samples->push_back(std::move(a.body));
    if (total >= budget) break;
  }
  return Status::OK();
}

}  // namespace build_pipeline_detail

Status RunBuildPipeline(const BuildOptions& options_in, const std::function<void(const ingest::InputError&)>& on_error,
                        BuildResult* result) {
  namespace d = build_pipeline_detail;
  *result = BuildResult();
  BuildOptions options = options_in;
  std::vector<writer::DictionaryData> dicts(options.dict_files.size());
  for (size_t i = 0; i < dicts.size(); ++i) {
    Status st = writer::LoadDictionaryFile(options.dict_files[i], &dicts[i]);
    if (!st.ok()) {
      on_error({options.dict_files[i], st.message()});
      return Status::InvalidArgument("cannot load a dictionary");
    }
  }
  if (options.train_dict) {
    std::vector<std::string> samples;
    ND_RETURN_IF_ERROR(d::CollectSamples(options, &samples));
    writer::DictionaryData trained;
    if (writer::TrainDictionary(samples, options.dict_size, &trained).ok()) {
      dicts.push_back(std::move(trained));
      options.embed_dict = true;
    } else {
      on_error({options.output, "too little input to train a dictionary; building without one"});
    }
  }
  options.encoder.dictionaries.clear();
  options.builder.dictionaries.clear();
  for (const auto& dict : dicts) {
    options.encoder.dictionaries.push_back(&dict);
    options.builder.dictionaries.push_back(&dict);
  }
  options.builder.embed_dictionaries = options.embed_dict;

  std::unique_ptr<writer::DigestBuilder> builder;
  ND_RETURN_IF_ERROR(writer::DigestBuilder::Create(options.output, options.builder, &builder));
  writer::DigestEncoder encoder(options.encoder);
  std::unordered_map<d::BodyKey, d::SharedText, d::BodyKeyHash> seen;
  ingest::ArticleSource source(options.inputs, options.ingest);
  ingest::Article article;
  ingest::InputError error;
  writer::DigestInput input;
  writer::EncodedDigest encoded;
  for (;;) {
    auto r = source.Next(&article, &error);
    if (r == ingest::ArticleSource::Result::kEnd) break;
    if (r == ingest::ArticleSource::Result::kError) {
      ++result->rejected;
      on_error(error);
      continue;
    }
    d::SharedText* shared = nullptr;
    d::BodyKey key{};
    if (options.dedup) {
      key = d::KeyOf(article.body);
      auto it = seen.find(key);
      if (it != seen.end()) shared = &it->second;
    }
    summarize::Summary summary;
    if (shared == nullptr) summary = summarize::Summarize(article.title, article.body, article.lang, options.summary);
    ToDigestInput(article, summary, &input);
    if (shared != nullptr) {
      input.text_ref = shared->offset;
      input.summary = shared->summary;
    }
    const uint32_t offset = builder->next_offset();
    Status st = encoder.Encode(input, &encoded);
    if (!st.ok()) {
      ++result->rejected;
      on_error({article.origin, std::string("cannot encode: ") + st.message()});
      continue;
    }
    st = builder->Add(encoded);
    if (!st.ok()) {
      builder->Abandon();
      return st;
    }
    ++result->packed;
    if (shared != nullptr) ++result->deduplicated;
    else if (options.dedup) seen.emplace(key, d::SharedText{offset, input.summary});
    result->input_bytes += article.title.size() + article.body.size();
  }
  ND_RETURN_IF_ERROR(builder->Finish());
  result->output_bytes = builder->bytes_written();
  return Status::OK();
}

}  // namespace newsdigest::cli
