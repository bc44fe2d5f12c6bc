// The edition commands as library calls: merge files, append articles.
#include "newsdigest/edition/edition.h"

namespace newsdigest::edition {

std::unique_ptr<writer::WritableSink> OpenOutput(const std::string& path, const OutputWrapper& wrap) {
  std::unique_ptr<writer::WritableSink> sink = writer::NewOutputSink(path);
  return wrap ? wrap(std::move(sink)) : std::move(sink);
}

Status MergeFiles(const std::vector<std::string>& inputs, const std::string& output_path,
                  const MergeOptions& options, MergeReport* report, const OutputWrapper& wrap) {
  std::string problem;
  if (inputs.empty()) {
    report->error_text = "no input digest file";
    return Status::InvalidArgument("no input");
  }
  for (const std::string& in : inputs)
    if (in == "-") {
      report->error_text = "-: merge reads its inputs by offset; give digest files, not standard input";
      return Status::InvalidArgument("stdin input");
    }
  Status st = pipeline::CheckBuildPaths(inputs, output_path, &problem, "merge");
  if (!st.ok()) {
    report->error_text = problem;
    return st;
  }
  std::unique_ptr<Merger> m;
  ND_RETURN_IF_ERROR(Merger::Open(inputs, options, &m, report));
  return m->Write(OpenOutput(output_path, wrap), report);
}

Status AppendFiles(const std::string& edition, const std::vector<std::string>& inputs,
                   const std::string& output_path, const AppendOptions& options, AppendReport* report,
                   const OutputWrapper& wrap) {
  MergeReport& mr = report->merge;
  std::vector<std::string> all = inputs;
  all.push_back(edition);
  std::string problem;
  Status st = pipeline::CheckBuildPaths(all, output_path, &problem, "append");
  if (!st.ok()) {
    mr.error_text = problem;
    return st;
  }
  MergeOptions mo = options.merge;
  mo.skip_duplicates_of_first = true;
  mo.dedup = options.pipeline.dedup;
  std::unique_ptr<Merger> m;
  ND_RETURN_IF_ERROR(Merger::Open(std::vector<std::string>{edition}, mo, &m, &mr));
  // The new articles, encoded with the edition's dictionaries, into memory.
  pipeline::PipelineOptions po = options.pipeline;
  const writer::BuilderOptions& bo = m->builder_options();
  po.dictionaries = bo.dictionaries;
  po.builder = bo;
  po.encoder.article_limit = bo.article_limit;
  auto rejected = std::make_shared<std::vector<ingest::InputError>>();
  po.on_reject = [rejected, prev = options.pipeline.on_reject](const ingest::InputError& e) {
    rejected->push_back(e);
    if (prev) prev(e);
  };
  std::string fresh;
  std::unique_ptr<pipeline::DigestPipeline> p;
  st = pipeline::DigestPipeline::Create(po, writer::NewMemorySink(&fresh), &p, &mr.error_text);
  if (!st.ok()) return st;
  ingest::ArticleSource source(inputs, pipeline::SkipOutputInWalks(options.ingest, output_path, nullptr));
  st = p->AddAll(&source);
  if (st.ok()) st = p->Finish();
  report->build = p->stats();
  report->rejected = *rejected;
  if (!st.ok()) {
    mr.error_text = p->ErrorText();
    return st;
  }
  if (report->build.packed > 0) ND_RETURN_IF_ERROR(m->AddInput(NewMemorySource(std::move(fresh), "<new articles>"), &mr));
  return m->Write(OpenOutput(output_path, wrap), &mr);
}

}  // namespace newsdigest::edition
