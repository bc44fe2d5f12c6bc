#include "build_pipeline.h"

#include <memory>

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

Status RunBuildPipeline(const BuildOptions& options, const std::function<void(const ingest::InputError&)>& on_error,
                        BuildResult* result) {
  *result = BuildResult();
  std::unique_ptr<writer::DigestBuilder> builder;
  ND_RETURN_IF_ERROR(writer::DigestBuilder::Create(options.output, options.builder, &builder));
  writer::DigestEncoder encoder(options.encoder);
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
    summarize::Summary summary = summarize::Summarize(article.title, article.body, article.lang, options.summary);
    ToDigestInput(article, summary, &input);
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
    result->input_bytes += article.title.size() + article.body.size();
  }
  ND_RETURN_IF_ERROR(builder->Finish());
  result->output_bytes = builder->bytes_written();
  return Status::OK();
}

}  // namespace newsdigest::cli
