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
      sink->Add(TextOf(x), !pre_ends.empty());
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

// -------------------------------------------------- boilerplate lines --

bool HasAny(std::string_view s, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (s.find(w) != std::string_view::npos) return true;
  return false;
}

bool StartsWithAny(std::string_view s, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (s.rfind(w, 0) == 0) return true;
  return false;
}

// True when every word of the line names a sharing target or action
// ("Share this article: Twitter | Facebook | E-Mail").
bool OnlyShareWords(std::string_view l) {
  static constexpr const char* kShare[] = {
      "share", "this", "article", "on", "via", "twitter", "facebook", "linkedin", "whatsapp", "email", "e-mail",
      "mail", "pinterest", "reddit", "telegram", "xing", "print", "drucken", "teilen", "artikel", "partager",
      "compartir", "condividi", "delen", "dela", "del", "copy", "link", "kopieren", "messenger", "flipboard",
      "tweet", "x", "threads", "mastodon", "bluesky", "tumblr", "pocket", "sms", "imprimer", "imprimir",
      "stampa", "artículo", "articolo", "cet", "article", "per", "diesen", "auf"};
  size_t words = 0, share = 0, i = 0;
  while (i < l.size()) {
    while (i < l.size() && !((l[i] >= 'a' && l[i] <= 'z') || static_cast<unsigned char>(l[i]) >= 0x80 ||
                             l[i] == '-'))
      ++i;
    size_t b = i;
    while (i < l.size() && ((l[i] >= 'a' && l[i] <= 'z') || static_cast<unsigned char>(l[i]) >= 0x80 ||
                            l[i] == '-'))
      ++i;
    if (i == b) continue;
    std::string_view w = l.substr(b, i - b);
    ++words;
    for (const char* k : kShare)
      if (w == k) {
        ++share;
        break;
      }
  }
  return words >= 2 && share == words && HasAny(l, {"share", "teilen", "partager", "compartir", "condividi",
                                                   "delen", "twitter", "facebook", "whatsapp"});
}

// A short line made only of a date or time: digits, punctuation and the
// CJK date signs (年 月 日 時 分, 更新 "updated", 公開 "published").
bool OnlyDate(std::string_view l) {
  if (l.size() > 60) return false;
  static constexpr const char* kSigns[] = {"\xE5\xB9\xB4", "\xE6\x9C\x88", "\xE6\x97\xA5", "\xE6\x99\x82",
                                           "\xE5\x88\x86", "\xE6\x9B\xB4\xE6\x96\xB0",
                                           "\xE5\x85\xAC\xE9\x96\x8B"};
  bool digit = false, saw_sign = false;
  for (size_t i = 0; i < l.size();) {
    unsigned char c = static_cast<unsigned char>(l[i]);
    if (c >= '0' && c <= '9') {
      digit = true;
      ++i;
      continue;
    }
    if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      ++i;
      continue;
    }
    bool sign = false;
    for (const char* k : kSigns) {
      size_t n = std::strlen(k);
      if (l.compare(i, n, k) == 0) {
        i += n;
        sign = true;
        break;
      }
    }
    if (!sign) return false;
    saw_sign = true;
  }
  if (!digit) return false;
  if (saw_sign) return true;
  // Without a date sign: three digit groups joined by . / - : (28.02.2024).
  size_t groups = 0;
  bool seps = false;
  for (size_t i = 0; i < l.size(); ++i) {
    bool d = l[i] >= '0' && l[i] <= '9';
    if (d && (i == 0 || !(l[i - 1] >= '0' && l[i - 1] <= '9'))) ++groups;
    if (l[i] == '.' || l[i] == '/' || l[i] == '-' || l[i] == ':') seps = true;
  }
  return groups >= 3 && seps;
}

bool IsBoilerplateLine(std::string_view line) {
  if (line.size() > 400) return false;
  if (OnlyDate(line)) return true;
  std::string l = LowerStr(line);
  // Consent and cookie notices, blocked third-party content.
  if (HasAny(l, {"cookie"}) &&
      HasAny(l, {"accept", "consent", "akzept", "einstellung", "settings", "privacy", "datenschutz", "utilis",
                 "acept", "navega", "browsing", "website", "webseite", "site web", "sitio web", "zustimm",
                 "einwillig", "consenso", "toestemming", "zgod", "we use", "use of cookies", "uses cookies",
                 "verwenden", "nutzen", "experience", "weitersurfen"}))
    return true;
  // Embedded players blocked until the reader agrees ("... die Verbindung zu
  // YouTube blockiert worden. Klicken Sie auf Video laden ...").
  if (HasAny(l, {"blockiert", "blocked", "bloqu"}) &&
      HasAny(l, {"youtube", "twitter", "instagram", "facebook", "tiktok", "vimeo", "podcast", "video", "inhalt",
                 "content", "contenu"}) &&
      HasAny(l, {"klicken", "click", "cliquez", "haga clic", "tippen sie"}))
    return true;
  if (HasAny(l, {"externe inhalte", "externer inhalt", "inhalte von", "externen inhalt", "contenu externe",
                 "contenido externo", "contenuto esterno", "third-party content", "external content",
                 "externe content", "click to load", "zum laden", "inhalt laden", "inhalte laden",
                 "laden der inhalte", "load content"}) &&
      HasAny(l, {"blockiert", "zustimm", "einwillig", "consent", "aktivier", "laden", "load", "accept",
                 "akzept", "bloqu", "blocked", "datenschutz", "privacy", "charger", "cargar", "caricare"}))
    return true;
  // Script notices.
  if (HasAny(l, {"javascript"}) &&
      HasAny(l, {"enable", "aktivier", "activ", "habilit", "abilit", "ingeschakeld", "turned off", "disabled",
                 "deaktiviert", "required", "benötigt", "erforderlich", "browser", "support", "unterstütz"}))
    return true;
  if (l.size() < 80 && HasAny(l, {"javascript"}) && HasAny(l, {"requires", "needs"}))  // "This video requires JavaScript."
    return true;
  if (HasAny(l, {"browser does not support", "browser doesn't support", "browser unterstützt", "navigateur ne",
                 "navegador no"}))
    return true;
  // Whole-line labels of advertising slots.
  if (l == "advertisement" || l == "anzeige" || l == "werbung" || l == "publicité" || l == "publicidad" ||
      l == "pubblicità" || l == "sponsored" || l == "advertising")
    return true;
  // Prompts to read or follow elsewhere (short lines only), a feed's "The
  // post ... appeared first on ...", subscription confirmations.
  if (l.size() < 200 && StartsWithAny(l, {"read more:", "read more at", "related:", "see also:", "lesen sie auch",
                                          "mehr zum thema", "lire aussi", "à lire aussi", "leer más", "lee también",
                                          "leggi anche", "follow us", "folgen sie uns", "suivez-nous", "síguenos",
                                          "seguici"}))
    return true;
  if (l.size() < 300 && HasAny(l, {"appeared first on", "successfully subscribed", "erfolgreich angemeldet"}))
    return true;
  // Newsletter and subscription prompts (short lines only).
  if (l.size() < 250 && HasAny(l, {"newsletter"}) &&
      HasAny(l, {"sign up", "signup", "subscribe", "abonn", "anmelden", "melden sie sich", "inscri", "iscriv",
                 "suscr", "registr", "e-mail", "email", "inbox", "postfach", "bestellen", "get our", "receive",
                 "erhalten"}))
    return true;
  if (l.size() < 200 && HasAny(l, {"sign up for our", "subscribe to our", "abonnieren sie unseren",
                                    "abonnez-vous", "suscríbete", "iscriviti alla"}))
    return true;
  // Sharing rows.
  if (l.size() < 200 && (StartsWithAny(l, {"share this", "share on ", "share:", "diesen artikel teilen",
                                           "artikel teilen", "partager cet", "partager sur", "compartir en",
                                           "condividi su"}) ||
                         OnlyShareWords(l)))
    return true;
  // Photo credits and copyright lines.
  if (l.size() < 160 &&
      (StartsWithAny(l, {"\xC2\xA9", "(c) ", "foto:", "fotos:", "photo:", "photos:", "bild:", "bilder:",
                         "image:", "credit:", "credits:", "photo credit", "bildquelle", "crédit photo", "crédits",
                         "foto di", "copyright ", "(photo", "(foto", "(image:", "(bild:", "(credit"}) ||
       HasAny(l, {"all rights reserved", "alle rechte vorbehalten", "tous droits réservés",
                  "todos los derechos reservados", "tutti i diritti riservati", "alle rechten voorbehouden"})))
    return true;
  return false;
}

std::string DropBoilerplateLines(const std::string& text) {
  std::string out;
  size_t i = 0;
  while (i <= text.size()) {
    size_t nl = text.find('\n', i);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + i, nl - i);
    if (!line.empty() && !IsBoilerplateLine(line)) {
      if (!out.empty()) out.push_back('\n');
      out.append(line);
    }
    i = nl + 1;
  }
  // A text that is nothing but such lines (a caption-like title, a credit
  // used as a feed item's only text) is kept as it is.
  return out.empty() ? text : out;
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
  bool truncated = false;
  d::ParsedHtml parsed;
  d::Flat f;
  if (!d::ParseAndFlatten(doc, limits, &parsed, &f, &truncated)) {
    *reason = "HTML parser failed";
    return Status::Corruption("HTML parse failed");
  }
  int32_t body = d::FindTag(f, GUMBO_TAG_BODY);
  if (body < 0) body = 0;
  uint32_t b = static_cast<uint32_t>(body);
  d::ComputeStats(&f, b);
  d::PruneFurniture(&f, b, true, f.nodes[b].prose_chars);
  for (d::XNode& x : f.nodes)
    if (!x.is_text && x.tag == GUMBO_TAG_FIGCAPTION) x.removed = true;  // photo captions and credits
  d::TextSink sink;
  d::Serialize(f, b, &sink);
  std::string why;
  if (!NormalizeBody(d::DropBoilerplateLines(sink.out), out, &why).ok()) {
    *reason = why;
    return Status::Corruption("cannot normalize fragment text");
  }
  return Status::OK();
}

}  // namespace newsdigest::ingest
