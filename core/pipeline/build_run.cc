// RunBuild: paths checked, dictionaries loaded or trained, inputs streamed
// through a DigestPipeline into one output.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <map>
#include <memory>

#include "newsdigest/pipeline/pipeline.h"

namespace newsdigest::pipeline {

namespace build_run_detail {

// Reads the inputs once to collect dictionary training samples (bodies, as
// stored), up to kTrainingInputPerDictionaryByte times the dictionary size.
// *main_lang: the language most samples are in.
Status CollectSamples(const BuildOptions& options, const ingest::IngestOptions& ingest_options, size_t budget,
                      std::vector<std::string>* samples, std::string* main_lang) {
  std::map<std::string, size_t> langs;
  ingest::ArticleSource source(options.inputs, ingest_options);
  ingest::Article a;
  ingest::InputError e;
  size_t total = 0;
  for (;;) {
    auto r = source.Next(&a, &e);
    if (r == ingest::ArticleSource::Result::kEnd) break;
    if (r != ingest::ArticleSource::Result::kArticle) continue;
    total += a.body.size();
    ++langs[a.lang];
    samples->push_back(std::move(a.body));
    if (total >= budget) break;
  }
  // The dictionary serves the language most samples are in: digests in that
  // language then need not store it (FileHeader default).
  size_t best = 0;
  for (const auto& [lang, n] : langs)
    if (n > best && !lang.empty()) {
      best = n;
      *main_lang = lang;
    }
  return Status::OK();
}

}  // namespace build_run_detail

Status CheckBuildPaths(const std::vector<std::string>& inputs, const std::string& output, std::string* problem,
                       std::string_view refuser) {
  const std::string why = " (" + std::string(refuser) + " must not replace its input)";
  if (output.empty()) {
    *problem = "-o: the output name is empty";
    return Status::InvalidArgument("empty output name");
  }
  struct stat out_st {};
  const bool out_exists = output != "-" && ::stat(output.c_str(), &out_st) == 0;
  if (out_exists && S_ISDIR(out_st.st_mode)) {
    *problem = output + ": the output is a directory";
    return Status::InvalidArgument("the output is a directory");
  }
  for (const std::string& in : inputs) {
    struct stat st {};
    if (in == "-") {
      // Standard input redirected from the output file ("-o x < x").
      if (out_exists && S_ISREG(out_st.st_mode) && ::fstat(0, &st) == 0 && st.st_dev == out_st.st_dev &&
          st.st_ino == out_st.st_ino) {
        *problem = "-: standard input is the output file too" + why;
        return Status::InvalidArgument("the output is also an input");
      }
      continue;
    }
    if (::stat(in.c_str(), &st) != 0) {
      *problem = in + ": " + std::strerror(errno);
      return Status::InvalidArgument("cannot read an input");
    }
    if (out_exists && S_ISREG(out_st.st_mode) && st.st_dev == out_st.st_dev && st.st_ino == out_st.st_ino) {
      *problem = in + ": is the output file too" + why;
      return Status::InvalidArgument("the output is also an input");
    }
  }
  return Status::OK();
}

ingest::IngestOptions SkipOutputInWalks(const ingest::IngestOptions& in, const std::string& output_path,
                                        const std::function<void(const std::string&)>& on_notice) {
  ingest::IngestOptions out = in;
  struct stat out_st {};
  if (output_path == "-" || output_path.empty() || ::stat(output_path.c_str(), &out_st) != 0 ||
      !S_ISREG(out_st.st_mode))
    return out;
  auto noticed = std::make_shared<bool>(false);
  out.skip_file = [out_st, noticed, on_notice, previous = in.skip_file](const std::string& path) {
    if (previous && previous(path)) return true;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || st.st_dev != out_st.st_dev || st.st_ino != out_st.st_ino) return false;
    if (!*noticed && on_notice) on_notice(path + ": is the output file; not read as input");
    *noticed = true;
    return true;
  };
  return out;
}

Status RunBuild(const BuildOptions& options, std::unique_ptr<writer::WritableSink> output,
                const std::string& output_path, BuildResult* result) {
  namespace d = build_run_detail;
  *result = BuildResult();
  auto fail = [result](Status st, std::string text) {
    result->error = std::move(text);
    return st;
  };
  const std::string out_name = output->name();
  const ingest::IngestOptions ingest_options = SkipOutputInWalks(options.ingest, output_path, options.on_notice);
  std::deque<writer::DictionaryData> dicts;  // stable addresses
  for (const std::string& f : options.dict_files) {
    dicts.emplace_back();
    Status st = writer::LoadDictionaryFile(f, &dicts.back());
    if (!st.ok()) return fail(st, f + ": " + st.message());
  }
  bool embed = options.embed_dict;
  if (options.train_dict) {
    if (options.dict_size != 0 &&
        (options.dict_size < writer::kMinDictionarySize || options.dict_size > writer::kMaxDictionarySize))
      return fail(Status::InvalidArgument("dictionary size out of range"),
                  out_name + ": dictionary size out of range (" + std::to_string(writer::kMinDictionarySize) +
                      " to " + std::to_string(writer::kMaxDictionarySize) + " bytes)");
    for (const std::string& in : options.inputs)
      if (in == "-")
        return fail(Status::InvalidArgument("--train-dict cannot read stdin twice"),
                    "-: --train-dict cannot read stdin twice; train with train-dict first");
    std::vector<std::string> samples;
    std::string main_lang;
    size_t size = options.dict_size;
    const size_t largest = size != 0 ? size : std::min(std::max(options.dict_max, writer::kMinDictionarySize),
                                                       writer::kMaxDictionarySize);
    ND_RETURN_IF_ERROR(
        d::CollectSamples(options, ingest_options, largest * kTrainingInputPerDictionaryByte, &samples, &main_lang));
    bool worth_it = true;
    if (size == 0) {
      writer::SizeChoiceOptions co;
      co.layout = options.compress_dict ? writer::DictionaryLayout::kEmbeddedCompressed
                                        : writer::DictionaryLayout::kEmbeddedRaw;
      co.dict_max = largest;
      co.device_ram = options.device_ram;
      co.level = options.pipeline.encoder.level;
      if (writer::ChooseDictionarySize(samples, co, &result->dict_choice).ok()) {
        size = result->dict_choice.size;
        worth_it = size != 0;
        // Train on the input the chosen size would have read.
        size_t total = 0, keep = 0;
        while (worth_it && keep < samples.size() && total < size * kTrainingInputPerDictionaryByte)
          total += samples[keep++].size();
        samples.resize(keep);
      } else {
        size = writer::kDefaultDictionarySize;  // too few samples: TrainDictionary says so below
      }
    }
    writer::DictionaryData trained;
    if (!worth_it) {
      if (options.on_notice)
        options.on_notice(out_name + ": no dictionary within the size budget makes this file smaller; building without one");
    } else if (writer::TrainDictionary(samples, size, &trained).ok()) {
      trained.lang = main_lang;
      result->trained_dict_bytes = trained.content.size();
      dicts.push_back(std::move(trained));
      embed = true;
    } else if (options.on_notice) {
      options.on_notice(out_name + ": too little input to train a dictionary; building without one");
    }
  }
  PipelineOptions po = options.pipeline;
  po.dictionaries.clear();
  for (const auto& dict : dicts) po.dictionaries.push_back(&dict);
  po.builder.embed_dictionaries = embed;
  po.builder.compress_dictionaries = options.compress_dict;

  std::unique_ptr<DigestPipeline> p;
  std::string text;
  Status st = DigestPipeline::Create(po, std::move(output), &p, &text);
  if (!st.ok()) return fail(st, text);
  ingest::ArticleSource source(options.inputs, ingest_options);
  st = p->AddAll(&source);
  ingest::InputError skipped;
  if (st.ok() && options.on_notice && source.SkippedNotice(&skipped))
    options.on_notice(skipped.origin + ": " + skipped.reason);
  ingest::InputError notice;  // feed enclosures the digest does not store
  while (st.ok() && options.on_notice && source.NextNotice(&notice))
    options.on_notice(notice.origin + ": " + notice.reason);
  if (st.ok()) st = p->Flush();
  if (!st.ok()) {
    text = p->ErrorText();
    result->stats = p->stats();
    p->Abandon();
    return fail(st, text);
  }
  if (options.keep_output_if_empty && p->stats().packed == 0) {
    result->stats = p->stats();
    p->Abandon();
    return Status::OK();
  }
  st = p->Finish();
  result->stats = p->stats();
  if (!st.ok()) return fail(st, p->ErrorText());
  result->written = true;
  return Status::OK();
}

}  // namespace newsdigest::pipeline
