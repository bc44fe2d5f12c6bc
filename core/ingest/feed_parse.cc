// RSS 2.0 / Atom 1.0 / RSS 1.0 feeds with libxml2 (no network, no DTD
// loading, no entity substitution; documents declaring entities are refused;
// parse errors reported with their line, see extract.h).
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "html_charset.h"
#include "html_entities.h"
#include "html_extract_internal.h"
#include "html_lang.h"
#include "newsdigest/ingest/dates.h"
#include "newsdigest/ingest/extract.h"
#include "newsdigest/ingest/ingest.h"
#include "newsdigest/text/text.h"

namespace newsdigest::ingest {
namespace feed_parse_detail {

const char* Name(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }

bool NameIs(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE && n->name != nullptr && std::strcmp(Name(n), name) == 0;
}

std::string NsHref(const xmlNode* n) {
  return (n->ns != nullptr && n->ns->href != nullptr) ? reinterpret_cast<const char*>(n->ns->href) : "";
}

std::string Content(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  if (c == nullptr) return "";
  std::string s(reinterpret_cast<const char*>(c));
  xmlFree(c);
  return s;
}

std::string Prop(const xmlNode* n, const char* name) {
  xmlChar* c = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (c == nullptr) return "";
  std::string s(reinterpret_cast<const char*>(c));
  xmlFree(c);
  return s;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// One-line plain text from a text construct that may hold markup.
std::string InlineText(const std::string& raw, const ExtractOptions& options) {
  std::string t = Trim(raw);
  if (t.find('<') == std::string::npos && t.find('&') == std::string::npos) {
    std::string out;
    bool sp = false;
    for (char c : t) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        sp = true;
        continue;
      }
      if (sp && !out.empty()) out.push_back(' ');
      sp = false;
      out.push_back(c);
    }
    return RepairUtf8(out);
  }
  std::string text, reason;
  if (!HtmlFragmentToText(t, options, &text, &reason).ok()) return "";
  for (char& c : text)
    if (c == '\n') c = ' ';
  return text;
}

// Serializes the children of an element as markup (Atom type="xhtml").
std::string InnerXml(xmlNode* n) {
  std::string out;
  xmlBufferPtr buf = xmlBufferCreate();
  if (buf == nullptr) return out;
  for (xmlNode* c = n->children; c != nullptr; c = c->next) {
    xmlBufferEmpty(buf);
    if (xmlNodeDump(buf, n->doc, c, 0, 0) >= 0) out.append(reinterpret_cast<const char*>(xmlBufferContent(buf)));
  }
  xmlBufferFree(buf);
  return out;
}

// The HTML (or text) payload of a content element.
std::string Payload(xmlNode* n) {
  std::string type = Prop(n, "type");
  if (type == "xhtml") return InnerXml(n);
  return Content(n);
}

// "jane@example.org (Jane Doe)" -> "Jane Doe".
std::string CleanAuthor(std::string a) {
  a = Trim(a);
  size_t lp = a.find('(');
  size_t rp = a.rfind(')');
  if (a.find('@') != std::string::npos && lp != std::string::npos && rp != std::string::npos && rp > lp)
    return Trim(a.substr(lp + 1, rp - lp - 1));
  return a;
}

constexpr const char* kMediaRssNs = "http://search.yahoo.com/mrss/";

// "12345" -> 12345; anything else (empty, signs, garbage, overflow) -> 0.
uint64_t EnclosureLength(const std::string& raw) {
  std::string t = Trim(raw);
  if (t.empty() || t.size() > 19) return 0;
  uint64_t v = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

// Adds an enclosure (URL resolved against the item's base, like its link)
// unless its URL is empty or already listed (RSS <enclosure> and
// <media:content> often name the same file).
void AddEnclosure(const std::string& url, const std::string& type, const std::string& length,
                  const ExtractOptions& options, FeedItem* out) {
  std::string u = RepairUtf8(Trim(url));
  if (u.empty()) return;
  u = ResolveUrl(options.base_url, u);
  for (const Enclosure& e : out->enclosures)
    if (e.url == u) return;
  Enclosure e;
  e.url = std::move(u);
  e.type = RepairUtf8(Trim(type));
  e.length = EnclosureLength(length);
  out->enclosures.push_back(std::move(e));
}

// Media RSS <media:content> elements of `n` and of its <media:group>s.
void AddMediaContent(xmlNode* n, const ExtractOptions& options, FeedItem* out) {
  if (NameIs(n, "content")) {
    AddEnclosure(Prop(n, "url"), Prop(n, "type"), Prop(n, "fileSize"), options, out);
    return;
  }
  for (xmlNode* c = n->children; c != nullptr; c = c->next)
    if (c->type == XML_ELEMENT_NODE && NsHref(c) == kMediaRssNs && NameIs(c, "content"))
      AddEnclosure(Prop(c, "url"), Prop(c, "type"), Prop(c, "fileSize"), options, out);
}

void ParseItem(xmlNode* item, bool atom, const ExtractOptions& options, FeedItem* out) {
  std::string content_html, summary_html, guid, updated;
  for (xmlNode* c = item->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const char* nm = Name(c);
    if (NsHref(c) == kMediaRssNs) {
      if (std::strcmp(nm, "content") == 0 || std::strcmp(nm, "group") == 0) AddMediaContent(c, options, out);
      continue;  // media:title, media:description... describe the media, not the item
    }
    if (std::strcmp(nm, "enclosure") == 0) {
      AddEnclosure(Prop(c, "url"), Prop(c, "type"), Prop(c, "length"), options, out);
    } else if (std::strcmp(nm, "title") == 0 && out->title.empty()) {
      out->title = InlineText(Payload(c), options);
    } else if (std::strcmp(nm, "link") == 0) {
      if (atom || !Prop(c, "href").empty()) {
        std::string rel = Prop(c, "rel");
        if ((rel.empty() || rel == "alternate") && out->link.empty()) out->link = Trim(Prop(c, "href"));
        if (rel == "enclosure") AddEnclosure(Prop(c, "href"), Prop(c, "type"), Prop(c, "length"), options, out);
      } else if (out->link.empty()) {
        out->link = Trim(Content(c));
      }
    } else if (std::strcmp(nm, "guid") == 0 || std::strcmp(nm, "id") == 0) {
      guid = Trim(Content(c));
    } else if (std::strcmp(nm, "pubDate") == 0 || std::strcmp(nm, "published") == 0 ||
               std::strcmp(nm, "issued") == 0 || (std::strcmp(nm, "date") == 0) ||
               std::strcmp(nm, "created") == 0) {
      if (out->published_text.empty()) out->published_text = Trim(Content(c));
    } else if (std::strcmp(nm, "updated") == 0 || std::strcmp(nm, "modified") == 0) {
      // Only when the item has no publication date (in any order).
      if (updated.empty()) updated = Trim(Content(c));
    } else if (std::strcmp(nm, "author") == 0 || std::strcmp(nm, "creator") == 0) {
      if (!out->author.empty()) continue;
      if (atom) {
        for (xmlNode* a = c->children; a != nullptr; a = a->next)
          if (NameIs(a, "name")) out->author = Trim(Content(a));
      }
      if (out->author.empty()) out->author = CleanAuthor(Content(c));
    } else if (std::strcmp(nm, "encoded") == 0 || std::strcmp(nm, "content") == 0) {
      if (content_html.empty()) content_html = Payload(c);
    } else if (std::strcmp(nm, "description") == 0 || std::strcmp(nm, "summary") == 0) {
      if (summary_html.empty()) summary_html = Payload(c);
    }
  }
  if (out->published_text.empty()) out->published_text = updated;
  if (out->link.empty() && guid.rfind("http", 0) == 0) out->link = guid;
  if (!out->link.empty()) out->link = ResolveUrl(options.base_url, out->link);
  // Reduced to names as a page's byline is ("By Jane Doe" -> "Jane Doe", "admin" -> "").
  out->author = html_extract_detail::CleanByline(RepairUtf8(out->author));
  out->published_text = RepairUtf8(out->published_text);
  int64_t secs = 0;
  if (!out->published_text.empty() && ParseDate(out->published_text, &secs)) out->published = secs;
  std::string reason;
  if (!summary_html.empty()) {
    std::string text;
    if (HtmlFragmentToText(summary_html, options, &text, &reason).ok()) out->description = text;
  }
  if (!content_html.empty()) {
    std::string text;
    if (HtmlFragmentToText(content_html, options, &text, &reason).ok()) out->body = text;
  }
  if (out->body.empty()) out->body = out->description;
}

// What a strict SAX pass over a feed that is not well-formed finds: the
// first error, and how many items (<item>, or <entry> in Atom) at the item
// level (children of the root or of the root's first-level <channel>) were
// complete before it. SAX callbacks come in document order and stop at the
// first fatal error, so this count is exact.
struct StrictScan {
  bool atom = false;
  int depth = 0;
  size_t complete_items = 0;
  bool error = false;
  int line = 0;
  std::string message;
};

void ScanStart(void* ctx, const xmlChar* localname, const xmlChar* /*prefix*/, const xmlChar* /*uri*/,
               int /*nb_namespaces*/, const xmlChar** /*namespaces*/, int /*nb_attributes*/, int /*nb_defaulted*/,
               const xmlChar** /*attributes*/) {
  StrictScan* s = static_cast<StrictScan*>(ctx);
  if (s->depth == 0) s->atom = localname != nullptr && std::strcmp(reinterpret_cast<const char*>(localname), "feed") == 0;
  ++s->depth;
}

void ScanEnd(void* ctx, const xmlChar* localname, const xmlChar* /*prefix*/, const xmlChar* /*uri*/) {
  StrictScan* s = static_cast<StrictScan*>(ctx);
  // Depth 2: a child of the root (Atom entries, RSS 1.0 items); depth 3: a
  // child of <channel> (RSS 2.0 items).
  const bool item_level = s->depth == 2 || (!s->atom && s->depth == 3);
  if (item_level && localname != nullptr &&
      std::strcmp(reinterpret_cast<const char*>(localname), s->atom ? "entry" : "item") == 0)
    ++s->complete_items;
  --s->depth;
}

void ScanError(void* ctx, xmlErrorPtr e) {
  StrictScan* s = static_cast<StrictScan*>(ctx);
  if (s->error || e == nullptr || e->level < XML_ERR_ERROR) return;
  s->error = true;
  s->line = e->line;
  s->message = e->message != nullptr ? Trim(e->message) : std::string("parse error");
  // libxml2 messages may span lines ("...encoding !\nBytes: 0xE9 ..."):
  // errors are reported on one line.
  for (char& ch : s->message)
    if (ch == '\n' || ch == '\r') ch = ' ';
  if (s->message.rfind("Excessive depth", 0) == 0)
    s->message = "elements nested deeper than " + std::to_string(kMaxFeedNesting) + " levels";
}

// Runs the strict SAX pass (no tree is built, no entity is loaded).
void ScanStrict(std::string_view bytes, StrictScan* scan) {
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = ScanStart;
  sax.endElementNs = ScanEnd;
  sax.serror = ScanError;
  xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(bytes.data(), static_cast<int>(bytes.size()));
  if (ctxt == nullptr) {
    scan->error = true;
    scan->message = "out of memory (XML parser)";
    return;
  }
  xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlSAXHandlerPtr own = ctxt->sax;
  ctxt->sax = &sax;
  ctxt->userData = scan;
  xmlParseDocument(ctxt);
  ctxt->sax = own;
  ctxt->userData = ctxt;
  if (ctxt->myDoc != nullptr) xmlFreeDoc(ctxt->myDoc);
  ctxt->myDoc = nullptr;
  xmlFreeParserCtxt(ctxt);
  if (!scan->error) {  // the tree parse failed where SAX did not: say so
    scan->error = true;
    scan->message = "parse error";
  }
}

// ------------------------------------------------ lenient input repair --


// Length of the well-formed UTF-8 sequence at s[i] (no overlongs, no
// surrogates, at most U+10FFFF), or 0.
size_t Utf8SequenceAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    unsigned char b = static_cast<unsigned char>(s[i + k]);
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return 0;
  }
  return n;
}

// windows-1252 bytes 0x80..0x9F (0 where the code page leaves a hole).
constexpr uint16_t kCp1252High[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// Bytes that are not valid UTF-8 in a feed declaring UTF-8 (or nothing)
// are read as windows-1252; valid UTF-8 sequences are kept. Feeds in a
// UTF-16 form (BOM or NUL bytes) or declaring another encoding are left to
// libxml2. @return false when nothing had to change.
bool RepairFeedEncoding(std::string_view bytes, std::string* out) {
  if (text::IsValidUtf8(bytes)) return false;
  if (bytes.size() >= 2 && ((static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xFE) ||
                            (static_cast<unsigned char>(bytes[0]) == 0xFE && static_cast<unsigned char>(bytes[1]) == 0xFF)))
    return false;
  if (bytes.substr(0, 4).find('\0') != std::string_view::npos) return false;
  std::string declared = SniffDeclaredCharset(bytes);
  if (!declared.empty() && declared != "utf-8") return false;
  out->clear();
  out->reserve(bytes.size() + bytes.size() / 8);
  for (size_t i = 0; i < bytes.size();) {
    size_t n = Utf8SequenceAt(bytes, i);
    if (n > 0) {
      out->append(bytes.substr(i, n));
      i += n;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(bytes[i++]);
    uint32_t cp = c >= 0xA0 ? c : kCp1252High[c - 0x80];
    AppendUtf8(cp != 0 ? cp : 0xFFFD, out);
  }
  return true;
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.' || c == ':';
}

// Makes HTML-style entity use well-formed XML: HTML 4 named references that
// XML does not define (&nbsp; &eacute; &mdash; ...) become their characters,
// and a bare '&' that starts no reference becomes "&amp;". CDATA sections,
// comments and processing instructions are copied unchanged; unknown
// references of the form &name; are left for libxml2 to judge.
// @return false when nothing had to change.
bool RepairFeedEntities(std::string_view in, std::string* out) {
  bool changed = false;
  std::string res;
  res.reserve(in.size() + 64);
  for (size_t i = 0; i < in.size();) {
    char c = in[i];
    if (c == '<') {
      const char* close = nullptr;
      if (in.compare(i, 9, "<![CDATA[") == 0) close = "]]>";
      else if (in.compare(i, 4, "<!--") == 0) close = "-->";
      else if (in.compare(i, 2, "<?") == 0) close = "?>";
      if (close != nullptr) {
        size_t e = in.find(close, i + 2);
        size_t stop = e == std::string_view::npos ? in.size() : e + std::strlen(close);
        res.append(in.substr(i, stop - i));
        i = stop;
        continue;
      }
      res.push_back(c);
      ++i;
      continue;
    }
    if (c != '&') {
      res.push_back(c);
      ++i;
      continue;
    }
    size_t j = i + 1;
    bool numeric = j < in.size() && in[j] == '#';
    if (numeric) ++j;
    size_t start = j;
    while (j < in.size() && j - start < 32 && IsNameChar(in[j])) ++j;
    if (j > start && j < in.size() && in[j] == ';') {
      std::string_view name = in.substr(start, j - start);
      uint32_t cp = numeric ? 0 : HtmlEntityCodePoint(name);
      if (cp != 0) {
        AppendUtf8(cp, &res);
        changed = true;
      } else {
        res.append(in.substr(i, j + 1 - i));
      }
      i = j + 1;
      continue;
    }
    res.append("&amp;");
    changed = true;
    ++i;
  }
  if (changed) *out = std::move(res);
  return changed;
}

struct CtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

}  // namespace feed_parse_detail

Status ParseFeedDocument(std::string_view bytes, const ExtractOptions& options, FeedDocument* out,
                         std::string* reason) {
  namespace d = feed_parse_detail;
  *out = FeedDocument();
  const ExtractLimits& limits = options.limits;
  if (bytes.size() > limits.max_input_bytes || bytes.size() > static_cast<size_t>(INT_MAX)) {
    *reason = "feed of " + std::to_string(bytes.size()) + " bytes exceeds the limit of " +
              std::to_string(limits.max_input_bytes) + " bytes";
    return Status::TooLarge("feed too large");
  }
  // Lenient repair first: stray non-UTF-8 bytes read as windows-1252, HTML
  // named entities as their characters, bare '&' escaped.
  std::string repaired_encoding, repaired_entities;
  if (d::RepairFeedEncoding(bytes, &repaired_encoding)) bytes = repaired_encoding;
  if (d::RepairFeedEntities(bytes, &repaired_entities)) bytes = repaired_entities;
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    *reason = "feed of " + std::to_string(bytes.size()) + " bytes exceeds the limit of " +
              std::to_string(INT_MAX) + " bytes";
    return Status::TooLarge("feed too large");
  }
  xmlInitParser();
  // No network, no DTD loading, no entity substitution (XML_PARSE_NOENT is
  // deliberately absent), no XInclude processing, and no recovery on the
  // first parse. libxml2's own limits stay on (no XML_PARSE_HUGE): nesting
  // deeper than kMaxFeedNesting elements and a text node or CDATA section
  // over 10,000,000 bytes are parse errors.
  const int flags = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
  std::unique_ptr<xmlParserCtxt, d::CtxtFree> ctxt(xmlNewParserCtxt());
  if (ctxt == nullptr) {
    *reason = "out of memory (XML parser)";
    return Status::IOError("out of memory");
  }
  std::unique_ptr<xmlDoc, d::DocFree> doc(
      xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), "feed.xml", nullptr, flags));
  // Not well-formed: find the first error and the items complete before it
  // with a strict SAX pass. Those items are kept (read from a recovering
  // parse, which is identical up to the error); the error is reported as an
  // item error naming the line, so nothing after it vanishes silently.
  size_t keep_items = SIZE_MAX;
  std::string broken;
  if (doc == nullptr) {
    d::StrictScan scan;
    d::ScanStrict(bytes, &scan);
    *reason = "not well-formed XML";
    if (scan.line > 0) *reason += " at line " + std::to_string(scan.line);
    *reason += ": " + scan.message;
    if (scan.complete_items == 0) return Status::Corruption("feed is not well-formed XML");
    broken = *reason + "; the rest of the feed is not read";
    keep_items = scan.complete_items;
    ctxt.reset(xmlNewParserCtxt());
    if (ctxt != nullptr)
      doc.reset(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), "feed.xml", nullptr,
                                  flags | XML_PARSE_RECOVER));
    if (doc == nullptr) return Status::Corruption("feed is not well-formed XML");
  }
  if (doc->intSubset != nullptr && doc->intSubset->entities != nullptr) {
    *reason = "feed declares DTD entities (refused: entity expansion is not supported)";
    return Status::NotSupported("feed with DTD entities");
  }
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) {
    *reason = "empty XML document";
    return Status::Corruption("empty feed");
  }
  bool atom = d::NameIs(root, "feed");
  bool rss = d::NameIs(root, "rss");
  bool rdf = d::NameIs(root, "RDF");
  if (!atom && !rss && !rdf) {
    *reason = std::string("not a feed (root element <") + d::Name(root) + ">)";
    return Status::NotSupported("not a feed");
  }
  std::vector<xmlNode*> items;
  auto scan_channel = [&](xmlNode* parent) {
    for (xmlNode* c = parent->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (d::NameIs(c, "title") && out->title.empty()) out->title = d::InlineText(d::Payload(c), options);
      if (d::NameIs(c, "language") && out->lang.empty()) out->lang = d::Trim(d::Content(c));
      if (d::NameIs(c, "link") && out->link.empty()) {
        std::string href = d::Prop(c, "href");
        std::string rel = d::Prop(c, "rel");
        if (!href.empty() && (rel.empty() || rel == "alternate")) out->link = d::Trim(href);
        if (href.empty() && !atom) out->link = d::Trim(d::Content(c));
      }
    }
  };
  if (atom) {
    scan_channel(root);
    std::string lang = d::Prop(root, "lang");
    if (out->lang.empty()) out->lang = lang;
    for (xmlNode* c = root->children; c != nullptr; c = c->next)
      if (d::NameIs(c, "entry")) items.push_back(c);
  } else {
    for (xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (d::NameIs(c, "channel")) {
        scan_channel(c);
        for (xmlNode* i = c->children; i != nullptr; i = i->next)
          if (d::NameIs(i, "item")) items.push_back(i);
      } else if (d::NameIs(c, "item")) {
        items.push_back(c);  // RSS 1.0: items are siblings of the channel
      }
    }
  }
  out->title = RepairUtf8(out->title);
  out->lang = NormalizeLanguageTag(RepairUtf8(out->lang));
  out->link = RepairUtf8(out->link);
  // Relative item links resolve against the channel's own link (itself
  // resolved against the feed's URL).
  ExtractOptions item_options = options;
  if (!out->link.empty()) {
    std::string channel = ResolveUrl(options.base_url, out->link);
    if (channel.rfind("http://", 0) == 0 || channel.rfind("https://", 0) == 0) item_options.base_url = channel;
  }
  if (items.size() > keep_items) items.resize(keep_items);
  for (size_t i = 0; i < items.size(); ++i) {
    if (i >= limits.max_feed_items) {
      out->item_errors.emplace_back(i, "feed has more than " + std::to_string(limits.max_feed_items) +
                                           " items; the rest is skipped");
      break;
    }
    FeedItem item;
    d::ParseItem(items[i], atom, item_options, &item);
    if (item.body.empty() && item.title.empty()) {
      out->item_errors.emplace_back(i, "item has neither title nor text");
      continue;
    }
    // A headline-only item still makes an article: its text is the title.
    if (item.body.empty()) item.body = item.title;
    out->items.push_back(std::move(item));
  }
  if (!broken.empty()) out->item_errors.emplace_back(keep_items, broken);
  return Status::OK();
}

}  // namespace newsdigest::ingest
