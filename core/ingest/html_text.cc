// HTML extraction: serialization of a subtree as paragraphs, and HTML
// fragments (feed item content) as text.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "html_charset.h"
#include "newsdigest/ingest/ingest.h"
#include "html_extract_internal.h"

namespace newsdigest::ingest {
namespace html_extract_detail {

// ---------------------------------------------------------- serialize --

void Serialize(const Flat& f, uint32_t root, TextSink* sink) {
  const std::vector<XNode>& v = f.nodes;
  // Stack of open blocks: when we pass their end, flush.
  std::vector<uint32_t> ends;
  std::vector<uint32_t> pre_ends;
  for (uint32_t i = root; i < v[root].end; ++i) {
    while (!ends.empty() && ends.back() <= i) {
      ends.pop_back();
      sink->Flush();
    }
    while (!pre_ends.empty() && pre_ends.back() <= i) pre_ends.pop_back();
    const XNode& x = v[i];
    if (x.removed) {
      i = x.end - 1;
      continue;
    }
    if (x.is_text) {
      sink->Add(x.g->v.text.text, !pre_ends.empty());
      continue;
    }
    if (IsJunkTag(x.tag)) {
      i = x.end - 1;
      continue;
    }
    if (x.tag == GUMBO_TAG_BR || x.tag == GUMBO_TAG_HR) {
      sink->Flush();
      continue;
    }
    if (x.tag == GUMBO_TAG_IMG) continue;
    if (x.tag == GUMBO_TAG_PRE || x.tag == GUMBO_TAG_LISTING || x.tag == GUMBO_TAG_XMP) pre_ends.push_back(x.end);
    if (IsBlockTag(x.tag)) {
      sink->Flush();
      ends.push_back(x.end);
    } else if (x.tag == GUMBO_TAG_TD || x.tag == GUMBO_TAG_TH) {
      sink->pending_space = !sink->line.empty();
    }
  }
  sink->Flush();
}

}  // namespace html_extract_detail

Status HtmlFragmentToText(std::string_view html, const ExtractOptions& options, std::string* out,
                          std::string* reason) {
  namespace d = html_extract_detail;
  const ExtractLimits& limits = options.limits;
  if (html.size() > limits.max_input_bytes) {
    *reason = "HTML fragment of " + std::to_string(html.size()) + " bytes exceeds the limit";
    return Status::TooLarge("fragment too large");
  }
  std::string doc = "<html><body>";
  doc += RepairUtf8(html);
  doc += "</body></html>";
  GumboOptions opts = kGumboDefaultOptions;
  opts.max_errors = 0;
  bool truncated = false;
  d::GumboGuard guard{d::ParseGuarded(doc, limits, &opts, &truncated), &opts};
  if (guard.out == nullptr || guard.out->document == nullptr) {
    *reason = "HTML parser failed";
    return Status::Corruption("HTML parse failed");
  }
  d::Flat f;
  d::Flatten(guard.out->document, limits, &f);
  int32_t body = d::FindTag(f, GUMBO_TAG_BODY);
  if (body < 0) body = 0;
  uint32_t b = static_cast<uint32_t>(body);
  d::ComputeStats(&f, b);
  d::PruneFurniture(&f, b, true, f.nodes[b].prose_chars);
  d::TextSink sink;
  d::Serialize(f, b, &sink);
  std::string why;
  if (!NormalizeBody(sink.out, out, &why).ok()) {
    *reason = why;
    return Status::Corruption("cannot normalize fragment text");
  }
  return Status::OK();
}

}  // namespace newsdigest::ingest
