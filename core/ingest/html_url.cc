// ResolveUrl: relative links against a base URL (RFC 3986 reference
// resolution for http(s) bases, enough for canonical and feed links).
#include <string>
#include <string_view>
#include <vector>

#include "html_extract_internal.h"
#include "newsdigest/ingest/extract.h"

namespace newsdigest::ingest {

std::string ResolveUrl(std::string_view base, std::string_view link) {
  std::string l = html_extract_detail::CollapseWs(link);
  if (l.empty() || base.empty()) return l;
  size_t colon = l.find(':');
  size_t slash = l.find('/');
  if (colon != std::string::npos && (slash == std::string::npos || colon < slash)) return l;  // has a scheme
  size_t scheme_end = base.find("://");
  if (scheme_end == std::string_view::npos) return l;
  if (l.rfind("//", 0) == 0) return std::string(base.substr(0, scheme_end + 1)) + l;
  size_t host_end = base.find('/', scheme_end + 3);
  std::string_view origin = host_end == std::string_view::npos ? base : base.substr(0, host_end);
  if (l[0] == '/') return std::string(origin) + l;
  if (l[0] == '#' || l[0] == '?') {
    std::string_view b = base.substr(0, base.find_first_of(l[0] == '#' ? "#" : "?#"));
    return std::string(b) + l;
  }
  std::string_view path = host_end == std::string_view::npos ? "/" : base.substr(host_end);
  path = path.substr(0, path.find_first_of("?#"));
  size_t last = path.rfind('/');
  std::string dir(path.substr(0, last + 1));
  // Resolve "./" and "../" segments.
  std::vector<std::string> segs;
  std::string joined = dir + l;
  std::string tail;
  size_t q = joined.find_first_of("?#");
  if (q != std::string::npos) {
    tail = joined.substr(q);
    joined.resize(q);
  }
  size_t p = 1;
  while (p <= joined.size()) {
    size_t e = joined.find('/', p);
    if (e == std::string::npos) e = joined.size();
    std::string seg = joined.substr(p, e - p);
    bool last_seg = e == joined.size();
    if (seg == "..") {
      if (!segs.empty()) segs.pop_back();
      if (last_seg) segs.emplace_back();
    } else if (seg == ".") {
      if (last_seg) segs.emplace_back();
    } else {
      segs.push_back(seg);
    }
    p = e + 1;
  }
  std::string out(origin);
  for (const auto& s : segs) out += "/" + s;
  if (segs.empty()) out += "/";
  return out + tail;
}

}  // namespace newsdigest::ingest
