// Raw-text elision (core/ingest/html_rawtext.cc): the flat DOM built with
// <script>/<style> content elided must be the one the unmodified input gives.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "html_extract_internal.h"

namespace html_rawtext_test_detail {

namespace d = newsdigest::ingest::html_extract_detail;

// Tag, parent, end and text of every node, as one string.
std::string Dump(const d::Flat& f) {
  std::string s;
  for (const d::XNode& x : f.nodes) {
    s += std::to_string(static_cast<int>(x.tag)) + "/" + std::to_string(x.parent) + "/" + std::to_string(x.end);
    if (x.is_text) {
      s += ":[";
      s.append(x.text, x.text_len);
      s += "]";
    }
    s += "\n";
  }
  return s;
}

// The flat DOM of `html` parsed as it is (no elision).
std::string DirectDump(const std::string& html) {
  GumboOptions opts = kGumboDefaultOptions;
  opts.max_errors = 0;
  GumboOutput* out = gumbo_parse_with_options(&opts, html.data(), html.size());
  d::Flat f;
  d::Flatten(out->document, {}, nullptr, &f);
  std::string s = Dump(f);
  gumbo_destroy_output(&opts, out);
  return s;
}

struct Result {
  std::string dump;
  size_t elided = 0;  // texts restored from markers (0 after a fallback)
};

Result ElidedDump(const std::string& html) {
  d::ParsedHtml p;
  d::Flat f;
  bool truncated = false;
  REQUIRE(d::ParseAndFlatten(html, {}, &p, &f, &truncated));
  return {Dump(f), p.elided.texts.size()};
}

const std::string kJs = "var x = 1; if (a < b && c > d) { document.write('<p>hi</p>'); }";

}  // namespace html_rawtext_test_detail

namespace rt = html_rawtext_test_detail;

TEST_CASE("raw-text elision: scripts and styles come back unchanged", "[ingest]") {
  std::string html = "<html><head><title>T</title><style>body { color: red; } p > a { margin: 0 }</style>"
                     "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": \"H\"}</script>"
                     "</head><body><p>Text <b>bold</b>.</p><script>" + rt::kJs + "</script>"
                     "<SCRIPT data-x='a>b' async>" + rt::kJs + "</SCRIPT ><p>After.</p></body></html>";
  rt::Result r = rt::ElidedDump(html);
  CHECK(r.elided == 4);
  CHECK(r.dump == rt::DirectDump(html));
  CHECK(r.dump.find(rt::kJs) != std::string::npos);
}

TEST_CASE("raw-text elision: gumbo's text transformations are reproduced", "[ingest]") {
  // CR LF and CR become LF; forbidden code points (C0, DEL, C1, U+FDD0,
  // U+FFFE) become U+FFFD; other UTF-8 stays.
  std::string js = "line one;\r\nline two;\rline three; \x01\x0B\x7F \xC2\x85 \xEF\xB7\x90 \xEF\xBF\xBE "
                   "caf\xC3\xA9 \xF0\x9F\x98\x80 end of script";
  std::string html = "<html><body><p>x</p><script>" + js + "</script></body></html>";
  rt::Result r = rt::ElidedDump(html);
  CHECK(r.elided == 1);
  CHECK(r.dump == rt::DirectDump(html));
}

TEST_CASE("raw-text elision: what it must not elide gives the same tree", "[ingest]") {
  const std::string js = rt::kJs;
  const std::vector<std::string> pages = {
      // In a comment, an attribute, a title, a textarea.
      "<body><!-- <script>" + js + "</script> --><p>a</p><script>" + js + "</script></body>",
      "<body><!--> <script>" + js + "</script><p>a</p></body>",
      "<body><!---> <style>" + js + "</style><p>a</p></body>",
      "<body><div title=\"<script>" + js + "</script>\">x</div></body>",
      "<head><title><script>" + js + "</script></title></head><body>y</body>",
      "<body><textarea><style>" + js + "</style></textarea><p>z</p></body>",
      // Escaped script states, an end tag inside a string, an unterminated script.
      "<body><script><!-- document.write('<script>" + js + "</script>'); --></script><p>a</p></body>",
      "<body><script>var s = '</scripts>'; " + js + "</script><p>a</p></body>",
      "<body><p>a</p><script>" + js,
      // Foreign content: <script> and <style> inside SVG are not raw text.
      "<body><svg><style>.a { fill: red } " + js + "</style><script>" + js + "</script></svg><p>a</p></body>",
      "<body><svg><foreignObject><p>" + js + "</p></foreignObject></svg><script>" + js + "</script></body>",
      "<body><math><mi>x</mi><script>" + js + "</script></math><script>" + js + "</script></body>",
      // <style> in a <select> is ignored by the tree builder (fallback parse).
      "<body><select><style>" + js + "</style><option>o</option></select></body>",
      // A frameset, plaintext, a NUL, white space only, the marker character itself.
      "<frameset><script>" + js + "</script></frameset>",
      "<body><plaintext><script>" + js + "</script>",
      std::string("<body><script>") + js + std::string(1, '\0') + "x</script></body>",
      "<body><script>                                                  \n\n </script></body>",
      "<body><p>\xEE\x80\x80" "0</p><script>" + js + "</script></body>",
  };
  for (const std::string& html : pages) {
    INFO(html);
    CHECK(rt::ElidedDump(html).dump == rt::DirectDump(html));
  }
}

TEST_CASE("raw-text elision: a misplaced marker makes the parser read the input as it is", "[ingest]") {
  std::string html = "<body><select><style>" + rt::kJs + "</style><option>o</option></select></body>";
  namespace d = newsdigest::ingest::html_extract_detail;
  d::ElidedRawText e;
  REQUIRE(d::ElideRawText(html, &e));  // the scanner does not know about <select>
  CHECK(e.texts.size() == 1);
  rt::Result r = rt::ElidedDump(html);
  CHECK(r.elided == 0);  // fallback
  CHECK(r.dump == rt::DirectDump(html));
}

TEST_CASE("raw-text elision: random markup soup gives the same tree", "[ingest]") {
  // Fragments that change the tokenizer's or tree builder's state, mixed at
  // random (fixed seed): whatever the scanner concludes, the flat DOM must
  // be the one of a direct parse.
  static const char* const kParts[] = {
      "<script>", "</script>", "<style>", "</style>", "<!--", "-->", "--!>", "<!-->", "<svg>", "</svg>", "<math>",
      "</math>", "<select>", "</select>", "<textarea>", "</textarea>", "<title>", "</title>", "<p>", "</p>",
      "<div title=\"", "\"", "'", ">", "<", "/", "<table>", "<td>", "<![CDATA[", "]]>", "\r\n", "\r", "\x01",
      "<template>", "</template>", "<frameset>", "<noscript>", "</noscript>", "<plaintext>", "</scripts>",
      "<SCRIPT type=x>", "</SCRIPT >", "<foreignObject>", "<iframe>", "</iframe>", "<xmp>", "<head>", "<body>",
      "</body>", "</html>", " ", "<br/>", "<a href=x>", "</a>", "<b>", "</b>", "<li>", "<![endif]>", "<?x>",
      "var a = b < c && d > e; // forty bytes of code;", ".cls > p { color: red; margin: 0 auto; }",
      "<script>var a = b < c && d > e; // forty bytes of code;</script>",
      "<style>.cls > p { color: red; margin: 0 auto; }</style>",
      "<script>var a = b < c && d > e; // forty bytes of code;</script>",
      "<style>.cls > p { color: red; margin: 0 auto; }</style>"};
  constexpr size_t kCount = sizeof kParts / sizeof kParts[0];
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  size_t elided_docs = 0, fallbacks = 0;
  for (int doc = 0; doc < 5000; ++doc) {
    std::string html;
    const size_t n = 5 + next() % 40;
    for (size_t k = 0; k < n; ++k) html += kParts[next() % kCount];
    rt::Result r = rt::ElidedDump(html);
    newsdigest::ingest::html_extract_detail::ElidedRawText e;
    if (r.elided > 0) ++elided_docs;
    else if (newsdigest::ingest::html_extract_detail::ElideRawText(html, &e)) ++fallbacks;
    std::string direct = rt::DirectDump(html);
    if (r.dump != direct) {
      INFO(html);
      CHECK(r.dump == direct);
    }
  }
  // The test exercises both elision and the fallback parse.
  INFO("elided " << elided_docs << ", fallbacks " << fallbacks);
  CHECK(elided_docs > 1000);
  CHECK(fallbacks > 30);
}
