#include "cli_output.h"

#include "newsdigest/reader/nd_reader.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <unicode/uchar.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include <sys/stat.h>

#include "commands.h"

namespace newsdigest::cli {
namespace cli_output_detail {

// errno of the first failed write to stdout, 0 while none failed.
int g_stdout_errno = 0;

void NoteStdoutFailure() {
  if (g_stdout_errno == 0) g_stdout_errno = errno != 0 ? errno : EIO;
}

// One UTF-8 character at s[i]: its code point and byte length, or -1 and
// length 1 for a byte that does not start a valid (shortest-form,
// non-surrogate) sequence.
int32_t DecodeUtf8(std::string_view s, size_t i, size_t* len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  *len = 1;
  if (b0 < 0x80) return b0;
  size_t n = 0;
  int32_t cp = 0, min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2, cp = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3, cp = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return -1;
  }
  if (i + n > s.size()) return -1;
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  *len = n;
  return cp;
}

int CharColumns(int32_t cp) {
  if (cp < 0) return 1;  // an invalid byte, shown as one replacement glyph
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;
  const int8_t type = u_charType(cp);
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) return 0;
  if (cp >= 0x1160 && cp <= 0x11FF) return 0;  // Hangul medial vowels, final consonants
  const int32_t ea = u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH);
  return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
}

void AppendHexEscape(std::string* out, const char* prefix, unsigned v) {
  char buf[12];
  std::snprintf(buf, sizeof buf, "%s%02x", prefix, v);
  *out += buf;
}

// Years 0001..9999 in seconds since 1970.
constexpr int64_t kMinUtcSeconds = -62135596800;  // 0001-01-01T00:00:00Z
constexpr int64_t kMaxUtcSeconds = 253402300799;  // 9999-12-31T23:59:59Z

}  // namespace cli_output_detail

void RestoreDefaultSigpipe() { std::signal(SIGPIPE, SIG_DFL); }

void OutWrite(std::string_view s) {
  if (s.empty()) return;
  errno = 0;
  if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) cli_output_detail::NoteStdoutFailure();
}

void OutPrintf(const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  errno = 0;
  const int r = std::vfprintf(stdout, format, ap);
  va_end(ap);
  if (r < 0) cli_output_detail::NoteStdoutFailure();
}

bool StdoutFailed() { return cli_output_detail::g_stdout_errno != 0 || std::ferror(stdout); }

int FinishStdout(int code) {
  namespace d = cli_output_detail;
  errno = 0;
  const bool flushed = std::fflush(stdout) == 0;
  if (!flushed) d::NoteStdoutFailure();
  if (flushed && !std::ferror(stdout) && d::g_stdout_errno == 0) return code;
  const int e = d::g_stdout_errno != 0 ? d::g_stdout_errno : EIO;
  if (e == EPIPE) return kExitBrokenPipe;
  std::fprintf(stderr, "newsdigest: standard output: %s\n", std::strerror(e));
  return kExitUsage;
}

std::string TerminalSafe(std::string_view s, bool keep_newlines) {
  namespace d = cli_output_detail;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    const int32_t cp = d::DecodeUtf8(s, i, &len);
    if (cp < 0) {
      d::AppendHexEscape(&out, "\\x", static_cast<unsigned char>(s[i]));
    } else if (cp < 0x20 || cp == 0x7F) {
      if (keep_newlines && (cp == '\n' || cp == '\t')) out += static_cast<char>(cp);
      else d::AppendHexEscape(&out, "\\x", static_cast<unsigned>(cp));
    } else if (cp >= 0x80 && cp < 0xA0) {
      d::AppendHexEscape(&out, "\\u00", static_cast<unsigned>(cp));
    } else if (cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      // Bidi controls reorder what follows on screen (Trojan-source spoofing).
      d::AppendHexEscape(&out, "\\u", static_cast<unsigned>(cp));
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

size_t DisplayWidth(std::string_view utf8) {
  size_t w = 0;
  for (size_t i = 0; i < utf8.size();) {
    size_t len = 1;
    w += static_cast<size_t>(cli_output_detail::CharColumns(cli_output_detail::DecodeUtf8(utf8, i, &len)));
    i += len;
  }
  return w;
}

std::string FitColumns(std::string_view utf8, size_t columns) {
  if (DisplayWidth(utf8) <= columns) return std::string(utf8);
  if (columns == 0) return "";
  // Keep characters while they fit in columns - 1, leaving one for "…";
  // zero-width marks after the last kept character stay with it.
  size_t w = 0, end = 0;
  for (size_t i = 0; i < utf8.size();) {
    size_t len = 1;
    const int c = cli_output_detail::CharColumns(cli_output_detail::DecodeUtf8(utf8, i, &len));
    if (w + static_cast<size_t>(c) > columns - 1) break;
    w += static_cast<size_t>(c);
    i += len;
    end = i;
  }
  return std::string(utf8.substr(0, end)) + "\xE2\x80\xA6";
}

std::string PadColumns(std::string_view utf8, size_t columns) {
  std::string out(utf8);
  const size_t w = DisplayWidth(utf8);
  if (w < columns) out.append(columns - w, ' ');
  return out;
}

std::string JsonText(const nlohmann::ordered_json& j, int indent) {
  const std::string raw = j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  // The dump is valid UTF-8 and its structure ASCII, so 0x7F and C2 80..9F
  // occur only inside strings, as whole characters.
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const auto b = static_cast<unsigned char>(raw[i]);
    if (b == 0x7F) {
      out += "\\u007f";
    } else if (b == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) < 0xA0) {
      cli_output_detail::AppendHexEscape(&out, "\\u00", static_cast<unsigned char>(raw[i + 1]));
      ++i;
    } else {
      out += raw[i];
    }
  }
  return out;
}

std::string FormatUtcTime(int64_t seconds) {
  namespace d = cli_output_detail;
  seconds = std::clamp(seconds, d::kMinUtcSeconds, d::kMaxUtcSeconds);
  // Days since 1970-01-01 and the second of the day (floor division).
  int64_t days = seconds / 86400, sod = seconds % 86400;
  if (sod < 0) sod += 86400, --days;
  // Civil date from a day count (proleptic Gregorian, eras of 400 years).
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  // Clamped above: every field fits an int (year 1..9999).
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", static_cast<int>(year), static_cast<int>(month),
                static_cast<int>(day), static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                static_cast<int>(sod % 60));
  return buf;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  // Three rows of the optimal-string-alignment table.
  std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string NearestName(std::string_view typed, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = SIZE_MAX;
  for (const auto& c : candidates) {
    const size_t d = EditDistance(typed, c);
    if (d < best_d) best_d = d, best = c;
  }
  if (best_d == 0) return "";
  if (best_d <= 2 && best_d * 2 < typed.size()) return best;
  // A unique abbreviation ("--sent" for "--sentences").
  std::string prefixed;
  int n = 0;
  for (const auto& c : candidates) {
    if (typed.size() >= 3 && c.size() > typed.size() && c.compare(0, typed.size(), typed) == 0) ++n, prefixed = c;
  }
  return n == 1 ? prefixed : "";
}

std::string FlagHints(const CLI::App& app, const std::vector<std::string>& extras) {
  std::vector<std::string> names;
  for (const CLI::Option* o : app.get_options()) {
    for (const auto& l : o->get_lnames()) names.push_back("--" + l);
    for (const auto& s : o->get_snames()) names.push_back("-" + s);
  }
  std::string hints;
  for (const auto& arg : extras) {
    if (arg.size() < 2 || arg[0] != '-' || arg == "--") continue;
    const std::string flag = arg.substr(0, arg.find('='));
    const std::string near = NearestName(flag, names);
    if (near.empty()) continue;
    hints += app.get_name() + ": unknown option '" + flag + "'; did you mean '" + near + "'?\n";
  }
  return hints;
}

bool ParseCommandLine(CLI::App& app, int argc, char** argv, int* code) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ExtrasError& e) {
    const std::string hints = FlagHints(app, app.remaining());
    if (hints.empty()) {
      *code = app.exit(e) == 0 ? kExitOk : kExitUsage;
      return false;
    }
    std::fprintf(stderr, "%s\n%sRun with --help for more information.\n", e.what(), hints.c_str());
    *code = kExitUsage;
    return false;
  } catch (const CLI::ParseError& e) {
    *code = app.exit(e) == 0 ? kExitOk : kExitUsage;
    return false;
  }
  return true;
}

// ---- Signed output ---------------------------------------------------------------

void OutputSigner::AddOption(CLI::App& app) {
  app.add_option("--sign", path_,
                 "Sign the output with this secret key file (from `newsdigest keygen`; must be mode 0600)");
}

bool OutputSigner::Load(std::string* err) {
  if (path_.empty()) return true;
  sign::SecretKey key;
  if (!sign::ReadSecretKeyFile(path_, &key, err).ok()) {
    // A public key given where the secret one belongs: say that, not the
    // permission or format problem it also has.
    sign::PublicKey pk{};
    std::string perr;
    struct stat st {};
    if (sign::ReadPublicKeyFile(path_, &pk, &perr).ok())
      *err = path_ + ": this is a public key; --sign needs the secret key file (KEY, not KEY.pub)";
    else if (::lstat(path_.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 32)
      *err = path_ + ": a raw 32-byte key, not a newsdigest secret key file; --sign needs the secret key file "
                     "`newsdigest keygen` writes (KEY, not KEY.pub)";
    *err = TerminalSafe(*err);
    return false;
  }
  key_ = key;
  return true;
}

std::unique_ptr<writer::WritableSink> OutputSigner::Wrap(std::unique_ptr<writer::WritableSink> sink) const {
  if (!key_.has_value()) return sink;
  return sign::NewSigningSink(std::move(sink), *key_);
}

std::string OutputSigner::Describe() const {
  if (!key_.has_value()) return "";
  return "signed with key id " + sign::KeyIdHex(sign::KeyIdOf(key_->public_key()));
}

bool LoadVerifyKey(const char* command, const std::string& path, sign::PublicKey* key) {
  std::string err;
  if (!sign::ReadPublicKeyFile(path, key, &err).ok()) {
    std::fprintf(stderr, "newsdigest %s: %s\n", command, TerminalSafe(err).c_str());
    return false;
  }
  sign::SecretKey secret;
  if (sign::ReadSecretKeyFile(path, &secret, &err).ok())
    std::fprintf(stderr,
                 "newsdigest %s: warning: %s is a secret key file; --key needs only the public key (%s.pub "
                 "from keygen): keep the secret key where files are signed\n",
                 command, TerminalSafe(path).c_str(), TerminalSafe(path).c_str());
  return true;
}

std::string SignatureSummary(const uint8_t* data, uint64_t size, std::string* key_id, bool* is_signed) {
  sign::KeyId id;
  const nd_status s = nd_signature_find_memory(data, static_cast<size_t>(size), id.data(), nullptr);
  if (is_signed != nullptr) *is_signed = s == ND_OK;
  if (s == ND_OK) {
    if (key_id != nullptr) *key_id = sign::KeyIdHex(id);
    return "signed by key id " + sign::KeyIdHex(id) + " (not verified; newsdigest verify --key KEY.pub)";
  }
  if (s == ND_ERR_SIGNATURE_MALFORMED) return "signature record malformed";
  return "unsigned";
}

}  // namespace newsdigest::cli
