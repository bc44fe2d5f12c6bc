// DigestPipeline: a bounded window of articles, summarized and encoded by
// worker threads, appended in input order by the calling thread.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "body_table.h"
#include "newsdigest/pipeline/pipeline.h"

namespace newsdigest::pipeline {

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

unsigned ResolveThreads(unsigned requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? hw : 1;
}

namespace digest_pipeline_detail {

// One input on its way through the pipeline.
struct Item {
  enum class Kind { kError, kArticle, kDuplicate };
  Kind kind = Kind::kArticle;  // kDuplicate: an earlier input had the same BodyKey
  ingest::Article article;
  ingest::InputError error;
  BodyKey key{};
  Sha256Digest sha{};
  bool has_sha = false;
  // Filled by Process(): the summary spans and the encoded record or why not.
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  writer::EncodedDigest encoded;
  Status status;
  bool done = false;  // guarded by Workers::mu_ when there are workers
};

// Summarizes and encodes one article (any thread, own encoder); with dedup,
// also fingerprints its body.
void Process(const PipelineOptions& options, writer::DigestEncoder* encoder, Item* item) {
  const ingest::Article& a = item->article;
  if (options.dedup && !item->has_sha) {
    item->sha = Sha256(a.body);
    item->has_sha = true;
  }
  summarize::Summary summary = summarize::Summarize(a.title, a.body, a.lang, options.summary);
  writer::DigestInput input;
  ToDigestInput(a, summary, &input);
  item->status = encoder->Encode(input, &item->encoded);
  item->spans = std::move(input.summary);
}

// Worker threads: summarize + encode what the calling thread submits.
class Workers {
 public:
  Workers(const PipelineOptions& options, unsigned count) : options_(options) {
    for (unsigned i = 0; i < count; ++i) threads_.emplace_back([this] { Loop(); });
  }
  ~Workers() { Stop(); }

  bool parallel() const { return !threads_.empty(); }

  void Submit(Item* item) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      work_.push_back(item);
    }
    work_cv_.notify_one();
  }
  void MarkDone(Item* item) {
    if (!parallel()) {
      item->done = true;
      return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    item->done = true;
  }
  bool IsDone(const Item* item) {
    if (!parallel()) return item->done;
    std::lock_guard<std::mutex> lock(mu_);
    return item->done;
  }
  void WaitDone(const Item* item) {
    if (!parallel()) return;  // items are finished when added
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
  void Loop() {
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

  const PipelineOptions& options_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<Item*> work_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace digest_pipeline_detail

struct DigestPipeline::Impl {
  using Item = digest_pipeline_detail::Item;

  explicit Impl(const PipelineOptions& o) : options(o), table(o.body_hash) {
    options.encoder.dictionaries = options.dictionaries;
    options.builder.dictionaries = options.dictionaries;
    stats.threads = ResolveThreads(options.threads);
    max_in_flight = options.max_in_flight > 0 ? options.max_in_flight : kDefaultInFlightPerThread * stats.threads;
  }

  // Queues `item` and appends what is finished; waits while the window is full.
  Status Push(std::unique_ptr<Item> item) {
    Item* raw = item.get();
    bytes_in_flight += raw->article.body.size();
    window.push_back(std::move(item));
    if (raw->kind != Item::Kind::kArticle) {
      workers->MarkDone(raw);  // finished on this thread at commit
    } else if (workers->parallel()) {
      workers->Submit(raw);
    } else {
      digest_pipeline_detail::Process(options, encoder.get(), raw);
      raw->done = true;
    }
    for (;;) {
      const bool full = window.size() >= max_in_flight || bytes_in_flight >= options.max_in_flight_bytes;
      if (full) workers->WaitDone(window.front().get());
      ND_RETURN_IF_ERROR(CommitDone());
      if (!full) return Status::OK();
    }
  }

  // Appends finished items from the front of the window, in order.
  Status CommitDone() {
    while (fatal.ok() && !window.empty() && workers->IsDone(window.front().get())) {
      fatal = Commit(window.front().get());
      if (!fatal.ok()) break;
      bytes_in_flight -= window.front()->article.body.size();
      window.pop_front();
      Tick(false);
    }
    return fatal;
  }

  // Appends everything in flight.
  Status Drain() {
    while (fatal.ok() && !window.empty()) {
      workers->WaitDone(window.front().get());
      ND_RETURN_IF_ERROR(CommitDone());
    }
    return fatal;
  }

  // Appends `item`. @return OK, or the builder's (fatal) error.
  Status Commit(Item* item) {
    ++items;
    if (item->kind == Item::Kind::kError) {
      ++stats.rejected;
      if (options.on_reject) options.on_reject(item->error);
      return Status::OK();
    }
    const ingest::Article& a = item->article;
    bool shared = false;
    if (item->kind == Item::Kind::kDuplicate) {
      item->sha = Sha256(a.body);
      item->has_sha = true;
      if (const BodyTable::Entry* e = table.Find(item->key, item->sha)) {
        // Same text as a packed digest: metadata only, no summarization.
        writer::DigestInput input;
        ToDigestInput(a, summarize::Summary(), &input);
        input.text_ref = e->offset;
        input.summary = e->summary;
        item->status = encoder->Encode(input, &item->encoded);
        shared = true;
      } else {
        // The earlier body was rejected, or only its hash collides: this
        // one is packed in its own right.
        digest_pipeline_detail::Process(options, encoder.get(), item);
      }
    }
    if (!item->status.ok()) {
      ++stats.rejected;
      if (options.on_reject) options.on_reject({a.origin, std::string("cannot encode: ") + item->status.message()});
      return Status::OK();
    }
    const uint32_t offset = builder->next_offset();
    ND_RETURN_IF_ERROR(builder->Add(item->encoded));
    ++stats.packed;
    stats.input_bytes += a.title.size() + a.body.size();
    if (shared) {
      ++stats.deduplicated;
    } else if (options.dedup && table.Find(item->key, item->sha) == nullptr) {
      table.Insert(item->key, BodyTable::Entry{item->sha, offset, std::move(item->spans)});
    }
    return Status::OK();
  }

  // Rate-limited progress reports.
  void Tick(bool final) {
    if (!options.on_progress) return;
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!final && t < next_progress) return;
    next_progress = t + options.progress_interval;
    options.on_progress(Progress{items, stats.input_bytes, t, final});
  }

  void Abandon() {
    if (workers) workers->Stop();
    window.clear();
    if (builder && !finished) builder->Abandon();
    finished = true;
  }

  PipelineOptions options;
  BodyTable table;
  Stats stats;
  size_t max_in_flight = 0;
  std::unique_ptr<writer::DigestBuilder> builder;
  std::unique_ptr<writer::DigestEncoder> encoder;  // calling thread: duplicates, or all with one thread
  std::unique_ptr<digest_pipeline_detail::Workers> workers;
  std::deque<std::unique_ptr<Item>> window;  // in flight, input order
  size_t bytes_in_flight = 0;                // body bytes of the items in `window`
  uint64_t items = 0;                        // inputs committed
  Status fatal;
  std::string error_text;
  bool finished = false;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  double next_progress = 0;
};

DigestPipeline::DigestPipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

DigestPipeline::~DigestPipeline() {
  if (impl_) impl_->Abandon();
}

Status DigestPipeline::Create(const PipelineOptions& options, std::unique_ptr<writer::WritableSink> output,
                              std::unique_ptr<DigestPipeline>* out, std::string* error_text) {
  out->reset();
  auto impl = std::make_unique<Impl>(options);
  impl->next_progress = options.progress_interval;
  Status st = writer::DigestBuilder::Create(std::move(output), impl->options.builder, &impl->builder, error_text);
  if (!st.ok()) return st;
  impl->encoder = std::make_unique<writer::DigestEncoder>(impl->options.encoder);
  // With one thread everything runs on the caller's; otherwise `threads`
  // workers summarize and encode while the caller adds and appends.
  impl->workers = std::make_unique<digest_pipeline_detail::Workers>(
      impl->options, impl->stats.threads > 1 ? impl->stats.threads : 0);
  out->reset(new DigestPipeline(std::move(impl)));
  return Status::OK();
}

Status DigestPipeline::Add(ingest::Article article) {
  Impl& m = *impl_;
  if (m.finished) return Status::InvalidArgument("pipeline already finished");
  if (!m.fatal.ok()) return m.fatal;
  auto item = std::make_unique<Impl::Item>();
  item->article = std::move(article);
  if (m.options.dedup) {
    item->key = m.table.KeyOf(item->article.body);
    if (m.table.MarkSeen(item->key)) item->kind = Impl::Item::Kind::kDuplicate;
  }
  return m.Push(std::move(item));
}

Status DigestPipeline::Reject(ingest::InputError error) {
  Impl& m = *impl_;
  if (m.finished) return Status::InvalidArgument("pipeline already finished");
  if (!m.fatal.ok()) return m.fatal;
  auto item = std::make_unique<Impl::Item>();
  item->kind = Impl::Item::Kind::kError;
  item->error = std::move(error);
  return m.Push(std::move(item));
}

Status DigestPipeline::AddAll(ingest::ArticleSource* source) {
  for (;;) {
    ingest::Article a;
    ingest::InputError e;
    const auto r = source->Next(&a, &e);
    if (r == ingest::ArticleSource::Result::kEnd) return status();
    ND_RETURN_IF_ERROR(r == ingest::ArticleSource::Result::kError ? Reject(std::move(e)) : Add(std::move(a)));
  }
}

Status DigestPipeline::Flush() {
  Impl& m = *impl_;
  if (m.finished) return m.fatal;
  return m.Drain();
}

Status DigestPipeline::Finish() {
  Impl& m = *impl_;
  if (m.finished) return m.fatal.ok() ? Status::InvalidArgument("pipeline already finished") : m.fatal;
  Status st = m.Drain();
  m.workers->Stop();
  if (st.ok()) {
    st = m.builder->Finish();
    m.finished = true;  // Finish() commits or abandons the output itself
    if (!st.ok()) m.fatal = st;
  }
  if (!st.ok()) {
    m.error_text = m.builder->ErrorText(st);
    m.Abandon();
    return st;
  }
  m.stats.output_bytes = m.builder->bytes_written();
  m.Tick(true);
  return Status::OK();
}

void DigestPipeline::Abandon() { impl_->Abandon(); }

Status DigestPipeline::status() const { return impl_->fatal; }

std::string DigestPipeline::ErrorText() const {
  if (!impl_->error_text.empty()) return impl_->error_text;
  return impl_->builder->ErrorText(impl_->fatal);
}

const Stats& DigestPipeline::stats() const { return impl_->stats; }

}  // namespace newsdigest::pipeline
