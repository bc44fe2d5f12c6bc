#include "build_pipeline.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

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
  out->text_ref = 0;
  for (const text::Span& sp : s.sentences) out->summary.emplace_back(sp.begin, sp.size());
}

namespace build_pipeline_detail {

// ingest::BodyHash and the length: the key of identical-body detection.
struct BodyKey {
  uint64_t hash;
  uint64_t size;
  bool operator==(const BodyKey&) const = default;
};
struct BodyKeyHash {
  size_t operator()(const BodyKey& k) const { return static_cast<size_t>(k.hash ^ (k.size * 0x9E3779B97F4A7C15ull)); }
};
BodyKey KeyOf(std::string_view body) { return {ingest::BodyHash(body), body.size()}; }

struct SharedText {
  uint32_t offset;
  std::vector<std::pair<uint32_t, uint32_t>> summary;
};

// Reads the inputs once to collect dictionary training samples (title and
// body, as stored), up to about 100 times the dictionary size.
Status CollectSamples(const BuildOptions& options, std::vector<std::string>* samples, std::string* main_lang) {
  std::map<std::string, size_t> langs;
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


// One input on its way through the pipeline.
struct Item {
  enum class Kind { kError, kArticle, kDuplicate };
  Kind kind = Kind::kArticle;  // kDuplicate: an earlier input had the same body key
  ingest::Article article;
  ingest::InputError error;
  BodyKey key{};
  // Filled by Process(): the summary spans and the encoded record or why not.
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  writer::EncodedDigest encoded;
  Status status;
  bool done = false;  // guarded by Pipeline::mu once workers exist
};

// Summarizes and encodes one article (any thread, own encoder).
void Process(const BuildOptions& options, writer::DigestEncoder* encoder, Item* item) {
  const ingest::Article& a = item->article;
  summarize::Summary summary = summarize::Summarize(a.title, a.body, a.lang, options.summary);
  writer::DigestInput input;
  ToDigestInput(a, summary, &input);
  item->status = encoder->Encode(input, &item->encoded);
  item->spans = std::move(input.summary);
}

// Work queue shared by the calling thread (reads, appends in order) and the
// workers (summarize + encode).
class Pipeline {
 public:
  Pipeline(const BuildOptions& options, unsigned workers) : options_(options) {
    for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { WorkerLoop(); });
  }
  ~Pipeline() { Stop(); }

  bool parallel() const { return !threads_.empty(); }

  void Submit(Item* item) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      work_.push_back(item);
    }
    work_cv_.notify_one();
  }
  void MarkDone(Item* item) {
    std::lock_guard<std::mutex> lock(mu_);
    item->done = true;
  }
  bool IsDone(const Item* item) {
    std::lock_guard<std::mutex> lock(mu_);
    return item->done;
  }
  void WaitDone(const Item* item) {
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, [item] { return item->done; });
  }
  // Stops and joins the workers; queued work is dropped.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    work_cv_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  void WorkerLoop() {
    writer::DigestEncoder encoder(options_.encoder);
    for (;;) {
      Item* item = nullptr;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_cv_.wait(lock, [this] { return stop_ || !work_.empty(); });
        if (stop_) return;
        item = work_.front();
        work_.pop_front();
      }
      Process(options_, &encoder, item);
      {
        std::lock_guard<std::mutex> lock(mu_);
        item->done = true;
      }
      done_cv_.notify_one();
    }
  }

  const BuildOptions& options_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<Item*> work_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

// Appends finished items in input order; owns dedup state and the result.
class Committer {
 public:
  Committer(const BuildOptions& options, writer::DigestBuilder* builder, writer::DigestEncoder* encoder,
            const std::function<void(const ingest::InputError&)>& on_error, BuildResult* result)
      : options_(options), builder_(builder), encoder_(encoder), on_error_(on_error), result_(result) {}

  // Appends `item`. @return OK, or the builder's (fatal) error.
  Status Commit(Item* item) {
    ++items_;
    if (item->kind == Item::Kind::kError) {
      ++result_->rejected;
      on_error_(item->error);
      return Status::OK();
    }
    bool shared = false;
    if (item->kind == Item::Kind::kDuplicate) {
      auto it = seen_.find(item->key);
      if (it != seen_.end()) {
        // Same text as a packed digest: metadata only, no summarization.
        writer::DigestInput input;
        ToDigestInput(item->article, summarize::Summary(), &input);
        input.text_ref = it->second.offset;
        input.summary = it->second.summary;
        item->status = encoder_->Encode(input, &item->encoded);
        shared = true;
      } else {
        // The earlier copy was rejected: this one is packed in its own right.
        Process(options_, encoder_, item);
      }
    }
    const ingest::Article& a = item->article;
    if (!item->status.ok()) {
      ++result_->rejected;
      on_error_({a.origin, std::string("cannot encode: ") + item->status.message()});
      return Status::OK();
    }
    const uint32_t offset = builder_->next_offset();
    ND_RETURN_IF_ERROR(builder_->Add(item->encoded));
    ++result_->packed;
    if (shared) ++result_->deduplicated;
    else if (options_.dedup) seen_.emplace(item->key, SharedText{offset, std::move(item->spans)});
    result_->input_bytes += a.title.size() + a.body.size();
    return Status::OK();
  }

  uint64_t items() const { return items_; }

 private:
  const BuildOptions& options_;
  writer::DigestBuilder* builder_;
  writer::DigestEncoder* encoder_;
  const std::function<void(const ingest::InputError&)>& on_error_;
  BuildResult* result_;
  std::unordered_map<BodyKey, SharedText, BodyKeyHash> seen_;
  uint64_t items_ = 0;
};

// Rate-limited progress reports on the calling thread.
class ProgressClock {
 public:
  explicit ProgressClock(const BuildOptions& options)
      : options_(options), start_(std::chrono::steady_clock::now()), next_(options.progress_interval) {}
  void Tick(uint64_t items, uint64_t bytes, bool final) {
    if (!options_.on_progress) return;
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (!final && t < next_) return;
    next_ = t + options_.progress_interval;
    options_.on_progress(BuildProgress{items, bytes, t, final});
  }

 private:
  const BuildOptions& options_;
  std::chrono::steady_clock::time_point start_;
  double next_;
};

}  // namespace build_pipeline_detail

unsigned ResolveBuildThreads(unsigned requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? hw : 1;
}

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
    std::string main_lang;
    ND_RETURN_IF_ERROR(d::CollectSamples(options, &samples, &main_lang));
    writer::DictionaryData trained;
    if (writer::TrainDictionary(samples, options.dict_size, &trained).ok()) {
      trained.lang = main_lang;
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
  options.builder.compress_dictionaries = options.compress_dict;

  const unsigned threads = ResolveBuildThreads(options.threads);
  result->threads = threads;
  const size_t max_in_flight = options.max_in_flight > 0 ? options.max_in_flight : size_t{16} * threads;

  std::unique_ptr<writer::DigestBuilder> builder;
  ND_RETURN_IF_ERROR(writer::DigestBuilder::Create(options.output, options.builder, &builder));
  writer::DigestEncoder encoder(options.encoder);  // calling thread: duplicates, or all with one thread
  d::Committer committer(options, builder.get(), &encoder, on_error, result);
  d::ProgressClock progress(options);
  // With one thread everything runs here; otherwise `threads` workers
  // summarize and encode while this thread reads and appends.
  d::Pipeline pipeline(options, threads > 1 ? threads : 0);
  std::unordered_set<d::BodyKey, d::BodyKeyHash> keys;  // bodies read so far
  std::deque<std::unique_ptr<d::Item>> window;          // in flight, input order
  ingest::ArticleSource source(options.inputs, options.ingest);
  size_t bytes_in_flight = 0;  // body bytes of the items in `window`
  bool end = false;
  Status fatal;
  while (fatal.ok()) {
    // Read while there is room.
    const bool room = window.size() < max_in_flight && (window.empty() || bytes_in_flight < options.max_in_flight_bytes);
    if (!end && room) {
      auto item = std::make_unique<d::Item>();
      auto r = source.Next(&item->article, &item->error);
      if (r == ingest::ArticleSource::Result::kEnd) {
        end = true;
      } else {
        if (r == ingest::ArticleSource::Result::kError) {
          item->kind = d::Item::Kind::kError;
        } else if (options.dedup) {
          item->key = d::KeyOf(item->article.body);
          if (!keys.insert(item->key).second) item->kind = d::Item::Kind::kDuplicate;
        }
        d::Item* raw = item.get();
        bytes_in_flight += raw->article.body.size();
        window.push_back(std::move(item));
        if (raw->kind != d::Item::Kind::kArticle) {
          pipeline.MarkDone(raw);  // finished on this thread at commit
        } else if (pipeline.parallel()) {
          pipeline.Submit(raw);
        } else {
          d::Process(options, &encoder, raw);
          raw->done = true;
        }
      }
    }
    if (window.empty()) {
      if (end) break;
      continue;
    }
    // Append what is finished, in order; wait only when reading cannot go on.
    const bool must_wait = end || window.size() >= max_in_flight || bytes_in_flight >= options.max_in_flight_bytes;
    if (must_wait) pipeline.WaitDone(window.front().get());
    while (!window.empty() && (pipeline.parallel() ? pipeline.IsDone(window.front().get()) : window.front()->done)) {
      fatal = committer.Commit(window.front().get());
      if (!fatal.ok()) break;
      bytes_in_flight -= window.front()->article.body.size();
      window.pop_front();
      progress.Tick(committer.items(), result->input_bytes, false);
    }
  }
  pipeline.Stop();
  if (!fatal.ok()) {
    builder->Abandon();
    return fatal;
  }
  ND_RETURN_IF_ERROR(builder->Finish());
  result->output_bytes = builder->bytes_written();
  progress.Tick(committer.items(), result->input_bytes, true);
  return Status::OK();
}

}  // namespace newsdigest::cli
