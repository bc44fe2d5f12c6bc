// newsdigest verify FILE [--json]: checks every byte of a digest file and
// names the damaged digests (by index, offset, id and title when readable).
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_common.h"
#include "cli_output.h"
#include "digest_file.h"

namespace newsdigest::cli {
namespace cmd_verify_detail {

struct Problem {
  bool has_index = false;
  uint32_t index = 0;
  uint64_t offset = 0;
  bool has_meta = false;
  std::string id, title;  // raw, when the metadata is readable
  std::string error;
};

// Text mode prints at most this many per-digest lines, then one line with
// the rest's count; --json lists them all.
constexpr size_t kMaxProblemLines = 20;
// --json lists at most this many ("unreadable" counts them all).
constexpr size_t kMaxJsonProblems = 100000;
// Titles in messages are cut to this many terminal columns.
constexpr size_t kTitleColumns = 60;

Problem MakeProblem(nd_reader* r, bool has_index, uint32_t index, uint64_t offset, nd_status s) {
  Problem p;
  p.has_index = has_index;
  p.index = index;
  p.offset = offset;
  p.error = nd_status_str(s);
  nd_meta m;
  if (nd_reader_meta_at(r, offset, &m) == ND_OK) {
    p.has_meta = true;
    p.id = std::string(View(m.id));
    p.title = std::string(View(m.title));
  }
  return p;
}

std::string ProblemLine(const std::string& name, const Problem& p) {
  std::string s = name + ": digest ";
  if (p.has_index) s += std::to_string(p.index) + " ";
  s += (p.has_index ? "(offset " : "at offset ") + std::to_string(p.offset) + (p.has_index ? ")" : "");
  if (p.has_meta) s += " '" + TerminalSafe(p.id) + "' (" + FitColumns(TerminalSafe(p.title), kTitleColumns) + ")";
  return s + ": " + p.error;
}

constexpr const char* kFooter =
    "Pipes and scripts:\n"
    "  cat x.ndg | newsdigest verify -     read the digest file from standard input (at most 256 MiB)\n"
    "  newsdigest verify x.ndg --json      one JSON document:\n"
    "      {\"file\", \"ok\", \"digests\" (count in the header), \"checked\", \"unreadable\", \"unverified\",\n"
    "       \"index_damaged\", \"missing_dictionaries\": [{\"id\", \"digests\"}] (not embedded: pass --dict),\n"
    "       \"damaged_dictionaries\": [{\"id\", \"digests\"}] (embedded, but the copy is unreadable),\n"
    "       \"problems\": [{\"index\" (or null), \"offset\", \"id\", \"title\" (or null), \"error\"}], \"error\"}\n"
    "      (at most 100000 problems are listed; \"unreadable\" counts them all)\n"
    "      (\"error\": why the file cannot be read at all, else null)\n"
    "A dictionary the file names but does not embed is reported once (pass it with --dict); the digests that\n"
    "need it are unverified, not damaged.\n"
    "--key PUB checks the signature too (exit 2 when it does not match; --require-signature also rejects an\n"
    "unsigned file); JSON: \"signature\": {\"signed\", \"key_id\", \"verified\", \"status\"}.\n"
    "Exit status: 0 intact; 2 damaged (`newsdigest salvage` recovers the intact digests);\n"
    "1 the file cannot be read, digests need a missing --dict, a usage error, or standard output failed.";

}  // namespace cmd_verify_detail

int RunVerify(int argc, char** argv) {
  namespace d = cmd_verify_detail;
  CLI::App app{"Check a digest file: header, index, trailer and every record (checksums and full decompression).",
               "newsdigest verify"};
  std::string path;
  std::vector<std::string> dicts;
  bool json = false;
  app.add_option("file", path, "Digest file, or - for standard input")->required();
  app.add_option("--dict", dicts, "Dictionary file for digest files that do not embed theirs (repeatable)")
      ->allow_extra_args(false);
  app.add_flag("--json", json, "Print one JSON document (see below)");
  std::string key_path;
  bool require_signature = false;
  app.add_option("--key", key_path, "Public key file (KEY.pub from `newsdigest keygen`): check the file's signature");
  app.add_flag("--require-signature", require_signature, "Reject (exit 2) a file that is not signed (needs --key)");
  app.footer(d::kFooter);
  int code = 0;
  if (!ParseCommandLine(app, argc, argv, &code)) return code;
  if (require_signature && key_path.empty()) {
    std::fprintf(stderr, "newsdigest verify: --require-signature needs --key PUB (the key the file must be signed with)\n");
    return kExitUsage;
  }
  sign::PublicKey pubkey{};
  if (!key_path.empty() && !LoadVerifyKey("verify", key_path, &pubkey)) return kExitUsage;
  DigestFile f;
  std::string err;
  nd_status s = f.Open(path, &err);
  const std::string name = TerminalSafe(f.name());
  if (s != ND_OK) {
    const int rc = s == ND_ERR_IO || s == ND_ERR_TOO_LARGE || f.foreign() ? kExitUsage : kExitPartial;
    if (json) {
      nlohmann::ordered_json j;
      j["file"] = f.name();
      j["ok"] = false;
      j["error"] = err;
      OutWrite(JsonText(j, 2) + "\n");
    } else if (rc == kExitPartial) {
      std::fprintf(stderr, "%s\n", TerminalSafe(err).c_str());
      OutPrintf("%s: DAMAGED, file header unreadable (%s); `newsdigest salvage %s -o OUT.ndg` recovers the "
                "intact digests\n",
                name.c_str(), nd_status_str(s), path == "-" ? "FILE" : name.c_str());
    } else {
      std::fprintf(stderr, "%s\n", TerminalSafe(err).c_str());
    }
    return rc;
  }
  for (const auto& dict : dicts) {
    if (f.AddDictionaryFile(dict, &err) != ND_OK) {
      std::fprintf(stderr, "%s\n", TerminalSafe(err).c_str());
      return kExitUsage;
    }
  }
  nd_reader* r = f.reader();
  const uint32_t n = nd_reader_count(r);
  const bool damaged_index = nd_reader_index_damaged(r) != 0;
  uint32_t damaged = 0, checked = 0, unverified = 0, found = 0;
  std::vector<d::Problem> problems;
  // Dictionary id -> digests needing it. Not embedded: the caller must pass
  // it (the digests are unverified); embedded: its copy is damaged (the
  // digests are damaged). Either way one line per dictionary, not per digest.
  std::map<uint32_t, uint64_t> missing, damaged_dicts;
  const bool embedded = f.embeds_dictionaries();
  auto check = [&](bool has_index, uint32_t i, uint64_t off, nd_status st) {
    ++checked;
    if (st == ND_OK) st = nd_reader_check_at(r, off);
    if (st == ND_OK) return;
    nd_meta m;
    if (st == ND_ERR_DICTIONARY_MISSING && nd_reader_meta_at(r, off, &m) == ND_OK) {
      if (!embedded) {
        ++unverified;
        ++missing[m.dict_id];
        return;
      }
      ++damaged_dicts[m.dict_id];
      ++damaged;
      if (json && problems.size() < d::kMaxJsonProblems) problems.push_back(d::MakeProblem(r, has_index, i, off, st));
      return;
    }
    ++damaged;
    if (problems.size() < (json ? d::kMaxJsonProblems : d::kMaxProblemLines))
      problems.push_back(d::MakeProblem(r, has_index, i, off, st));
  };
  ForEachDigest(r, [&](uint32_t i, uint64_t off, nd_status os) {
    if (damaged_index) ++found;
    check(!damaged_index, i, off, os);
    return true;
  });
  if (damaged_index && found < n) damaged += n - found;
  // The signature: verified with --key (the device's code), else only named.
  const std::string_view bytes(reinterpret_cast<const char*>(f.data()), static_cast<size_t>(f.size()));
  bool sig_rejected = false, sig_signed = false;
  std::string sig_state, sig_key_id;
  const std::string sig_summary = SignatureSummary(f.data(), f.size(), &sig_key_id, &sig_signed);
  if (!key_path.empty()) {
    const Status vs = sign::VerifyFile(bytes, pubkey);
    if (vs.ok()) {
      sig_state = "ok";
    } else if (vs.code() == Status::Code::kNotSigned) {
      sig_state = "unsigned";
      sig_rejected = require_signature;
    } else {
      sig_state = vs.CodeName();
      sig_rejected = true;
    }
  } else {
    sig_state = sig_signed ? "not verified" : "unsigned";
  }
  const bool ok = damaged == 0 && unverified == 0 && !damaged_index && !sig_rejected;
  const int rc = damaged > 0 || damaged_index || sig_rejected ? kExitPartial : unverified > 0 ? kExitUsage : kExitOk;
  if (json) {
    nlohmann::ordered_json j;
    j["file"] = f.name();
    j["ok"] = ok;
    j["digests"] = n;
    j["checked"] = checked;
    j["unreadable"] = damaged;
    j["unverified"] = unverified;
    j["index_damaged"] = damaged_index;
    auto& mj = j["missing_dictionaries"] = nlohmann::ordered_json::array();
    for (const auto& [id, count] : missing) mj.push_back({{"id", id}, {"digests", count}});
    auto& dj = j["damaged_dictionaries"] = nlohmann::ordered_json::array();
    for (const auto& [id, count] : damaged_dicts) dj.push_back({{"id", id}, {"digests", count}});
    auto& pj = j["problems"] = nlohmann::ordered_json::array();
    for (const auto& p : problems) {
      nlohmann::ordered_json e;
      e["index"] = p.has_index ? nlohmann::ordered_json(p.index) : nlohmann::ordered_json();
      e["offset"] = p.offset;
      e["id"] = p.has_meta ? nlohmann::ordered_json(p.id) : nlohmann::ordered_json();
      e["title"] = p.has_meta ? nlohmann::ordered_json(p.title) : nlohmann::ordered_json();
      e["error"] = p.error;
      pj.push_back(std::move(e));
    }
    nlohmann::ordered_json sj;
    sj["signed"] = sig_signed;
    sj["key_id"] = sig_key_id.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(sig_key_id);
    sj["verified"] = sig_state == "ok";
    sj["status"] = sig_state;
    j["signature"] = sj;
    j["error"] = nullptr;
    OutWrite(JsonText(j, 2) + "\n");
    return rc;
  }
  if (damaged_index)
    std::fprintf(stderr, "%s: index or trailer damaged; %u of %u digests found by scanning the records\n",
                 name.c_str(), found, n);
  for (const auto& [id, count] : damaged_dicts)
    std::fprintf(stderr, "%s\n", MissingDictionaryLine(name, id, count, true).c_str());
  for (size_t k = 0; k < problems.size() && k < d::kMaxProblemLines; ++k)
    std::fprintf(stderr, "%s\n", d::ProblemLine(name, problems[k]).c_str());
  // Damaged digests not named by a line above.
  uint64_t unnamed = damaged - problems.size() - (damaged_index && found < n ? n - found : 0);
  for (const auto& entry : damaged_dicts) unnamed -= entry.second;
  if (unnamed > 0)
    std::fprintf(stderr, "%s: ... and %llu more damaged digests (--json lists them)\n", name.c_str(),
                 static_cast<unsigned long long>(unnamed));
  if (!key_path.empty()) {
    if (sig_state == "ok")
      OutPrintf("%s: signature ok, key id %s\n", name.c_str(), sig_key_id.c_str());
    else if (sig_state == "unsigned")
      std::fprintf(stderr, "%s: %s\n", name.c_str(),
                   require_signature ? "REJECTED, not signed (--require-signature)" : "not signed (nothing to verify)");
    else
      std::fprintf(stderr, "%s: SIGNATURE REJECTED: %s%s\n", name.c_str(), sig_state.c_str(),
                   sig_key_id.empty() ? "" : (" (file names key id " + sig_key_id + ")").c_str());
  }
  if (ok) {
    OutPrintf("%s: ok, %u digests verified\n", name.c_str(), checked);
  } else if (sig_rejected && damaged == 0 && !damaged_index && unverified == 0) {
    OutPrintf("%s: REJECTED, %s\n", name.c_str(),
              sig_state == "unsigned" ? "not signed" : ("signature: " + sig_state).c_str());
  } else if (damaged == 0 && !damaged_index) {
    // Intact as far as it can be checked: the verdict is the dictionary line.
    for (const auto& [id, count] : missing)
      OutPrintf("%s\n", MissingDictionaryLine(name + ": not verified", id, count, false).c_str());
  } else {
    for (const auto& [id, count] : missing)
      std::fprintf(stderr, "%s\n", MissingDictionaryLine(name, id, count, false).c_str());
    OutPrintf("%s: DAMAGED, %u of %u digests unreadable%s\n", name.c_str(), damaged, n,
              damaged_index ? ", index damaged" : "");
    if (unverified > 0)
      OutPrintf("%s: %u more digests not verified: they need a dictionary the file does not embed (--dict FILE)\n",
                name.c_str(), unverified);
    if (damaged < n || damaged_index)
      OutPrintf("%s: `newsdigest salvage %s -o OUT.ndg` writes the readable digests into a new file\n", name.c_str(),
                path == "-" ? "FILE" : name.c_str());
  }
  return rc;
}

}  // namespace newsdigest::cli
