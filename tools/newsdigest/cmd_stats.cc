// newsdigest stats FILE [--json] [--ram BYTES]
#include <cstdint>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_common.h"
#include "cli_output.h"
#include "digest_file.h"
#include "newsdigest/format/format.h"
#include "newsdigest/format/signature.h"

namespace newsdigest::cli {
namespace cmd_stats_detail {

// The fixed part of the workspace (reader state + zstd decoder state) in the
// device builds of tools/firmware: 32-bit pointers, zstd with
// ZSTD_DECODER_INTERNAL_BUFFER=1024, no prepared dictionaries. The host's is
// about 95 KiB (zstd's default 128 KiB block buffer). The rest of a workspace
// depends only on the file's limits and is the same on every build. Measured
// by the demo firmware; the ctests firmware_stats / firmware_rv32_stats
// compare `stats --json` with what each device reports.
struct DeviceBase {
  const char* cpu;
  size_t base;
};
constexpr DeviceBase kDeviceBases[] = {{"cortex-m4", 32544}, {"riscv32", 32560}};

// --ram's value: a whole number of bytes, at least 1, with an optional
// binary unit (K/KB/KiB = 1024, M.. = 1024^2, G.. = 1024^3; case ignored),
// e.g. 40960, 40KiB, 1M. Rewrites the value to the number of bytes; a
// negative, fractional, empty or otherwise malformed value, or one above
// 2^64 - 1, fails with a message that says what is expected.
CLI::Validator RamSize() {
  return CLI::Validator(
      [](std::string& in) -> std::string {
        const std::string expected =
            "'" + in + "' is not a RAM size (a whole number of bytes, at least 1, optionally with K, KiB, M, MiB, G "
            "or GiB: e.g. 40960 or 40KiB)";
        size_t i = 0;
        uint64_t v = 0;
        bool overflow = false;
        for (; i < in.size() && in[i] >= '0' && in[i] <= '9'; ++i) {
          const uint64_t digit = static_cast<uint64_t>(in[i] - '0');
          if (v > (UINT64_MAX - digit) / 10) overflow = true;
          v = v * 10 + digit;
        }
        if (i == 0) return expected;
        std::string unit;
        for (size_t k = i; k < in.size(); ++k) unit += static_cast<char>(in[k] >= 'A' && in[k] <= 'Z' ? in[k] + 32 : in[k]);
        unsigned shift = 0;
        if (unit.empty() || unit == "b")
          shift = 0;
        else if (unit == "k" || unit == "kb" || unit == "ki" || unit == "kib")
          shift = 10;
        else if (unit == "m" || unit == "mb" || unit == "mi" || unit == "mib")
          shift = 20;
        else if (unit == "g" || unit == "gb" || unit == "gi" || unit == "gib")
          shift = 30;
        else
          return expected;
        if (overflow || (shift > 0 && v > (UINT64_MAX >> shift))) return "'" + in + "' is too large";
        v <<= shift;
        if (v == 0) return "'" + in + "': a RAM budget must be at least 1 byte";
        in = std::to_string(v);
        return std::string();
      },
      "SIZE");
}

}  // namespace cmd_stats_detail

int RunStats(int argc, char** argv) {
  CLI::App app{"Sizes and counts of a digest file: bytes per part (header, dictionaries, metadata, text, signature, "
               "index).",
               "newsdigest stats"};
  std::string path;
  bool json = false;
  uint64_t ram = 0;
  app.add_option("file", path, "Digest file, or - for standard input")->required();
  app.add_flag("--json", json, "Print one JSON document (see below)");
  app.add_option("--ram", ram,
                 "RAM budget of a device for the reader (workspace + body buffer), e.g. 40960 or 40KiB: "
                 "prints the largest body buffer the minimal workspace leaves and how many bodies fit")
      ->transform(cmd_stats_detail::RamSize());
  app.footer(
      "Pipes and scripts:\n"
      "  cat x.ndg | newsdigest stats -     read the digest file from standard input (at most 256 MiB)\n"
      "  newsdigest stats x.ndg --json      one JSON document:\n"
      "      {\"file\", \"digests\" (found by scanning), \"header_digests\", \"index_damaged\",\n"
      "       \"bytes\": {\"total\", \"header\", \"dictionaries\", \"record_frames\", \"metadata\", \"text\",\n"
      "                 \"signature\" (signed files only), \"index\", \"trailer\"}, \"raw_title_body_bytes\",\n"
      "       \"summary_bytes\", \"largest_body\", \"largest_record\", \"workspace\": {\"memory\", \"callback\",\n"
      "       \"minimal_memory\", \"minimal_callback\", \"fast_memory\", \"fast_callback\"}, \"languages\": {\"en\": count, ...},\n"
      "       \"device_workspace\": {\"cortex-m4\": {\"minimal_memory\", \"minimal_callback\"}, \"riscv32\": {...}},\n"
      "       with --ram: \"ram\": {\"budget\", \"memory\": {\"body_buffer\", \"bodies_fit\"},\n"
      "       \"callback\": {...}}}\n"
      "Workspace: the bytes nd_reader needs for this file. minimal = no text buffer of the reader's own\n"
      "(devices: bodies decode in place in the caller's buffer), fast = with prepared dictionary tables;\n"
      "memory = the file is in RAM/flash, callback = read through nd_reader_open_io (SD card, flash).\n"
      "The first three lines are this host's build; device builds (tools/firmware) need far less\n"
      "(a smaller zstd decoder state): their minimal sizes are printed per CPU (docs/device-reader.md).\n"
      "--ram BYTES: body buffer = BYTES - a device's minimal workspace; a body fits when its size is at\n"
      "most that.\n"
      "Exit status: 0 printed; 1 the file cannot be read, a usage error, or standard output failed.");
  int code = 0;
  if (!ParseCommandLine(app, argc, argv, &code)) return code;
  DigestFile f;
  std::string err;
  if (f.Open(path, &err) != ND_OK) {
    std::fprintf(stderr, "%s\n", TerminalSafe(err).c_str());
    return kExitUsage;
  }
  nd_reader* r = f.reader();
  nd_limits lim;
  nd_reader_limits(r, &lim);
  uint64_t framing = 0, meta = 0, text = 0, dict = 0, index = 0, raw_body = 0, raw_title = 0, summary = 0;
  uint32_t digests = 0;
  std::map<std::string, uint32_t> langs;
  std::vector<uint32_t> body_sizes;
  uint64_t pos = 0, off = 0;
  uint32_t kind = 0;
  while (nd_reader_scan(r, &pos, &off, &kind) == ND_OK) {
    format::RecordHeader rh{};
    if (format::ParseRecordHeader(f.data() + off, f.size() - off, &rh) != format::RecordParse::kOk) continue;  // scan checked it
    const uint32_t payload = rh.payload_len, meta_len = rh.meta_len;
    framing += rh.size;
    if (kind == format::kRecordDigest) {
      ++digests;
      meta += meta_len;
      text += payload - meta_len;
      nd_meta m;
      if (nd_reader_meta_at(r, off, &m) == ND_OK) {
        raw_body += m.text_size;
        body_sizes.push_back(m.text_size);
        raw_title += m.title.len;
        summary += m.summary_size;
        ++langs[m.lang.len ? std::string(View(m.lang)) : std::string("?")];
      }
    } else if (kind == format::kRecordDictionary) {
      dict += payload;
    } else {
      index += payload;
    }
  }
  // The signature record (signed files) is not a record the scan visits:
  // its bytes are counted here.
  bool is_signed = false;
  SignatureSummary(f.data(), f.size(), nullptr, &is_signed);
  const uint64_t signature = is_signed ? format::kSignatureRecordSize : 0;
  const uint64_t total = f.size();
  const bool damaged_index = nd_reader_index_damaged(r) != 0;
  const size_t ws_mem = nd_reader_workspace_size_for(&lim, 0), ws_io = nd_reader_workspace_size_for(&lim, ND_WS_IO);
  const size_t ws_min_mem = nd_reader_workspace_size_for(&lim, ND_WS_MIN);
  const size_t ws_min_io = nd_reader_workspace_size_for(&lim, ND_WS_IO | ND_WS_MIN);
  const size_t ws_fast_mem = nd_reader_workspace_size_for(&lim, ND_WS_FAST);
  const size_t ws_fast_io = nd_reader_workspace_size_for(&lim, ND_WS_IO | ND_WS_FAST);
  // Device figures: the host's limit-dependent part on top of each device's fixed part.
  const nd_limits no_limits{};
  const size_t host_base = nd_reader_workspace_size_for(&no_limits, ND_WS_MIN);
  size_t dev_base_max = 0;
  for (const auto& d : cmd_stats_detail::kDeviceBases) dev_base_max = d.base > dev_base_max ? d.base : dev_base_max;
  auto on_device = [&](size_t host_ws, size_t base) { return host_ws - host_base + base; };
  // --ram: the body buffer the minimal workspace of a device build leaves (the
  // larger of the devices' fixed parts), and the bodies it holds.
  struct RamFit {
    uint64_t buffer = 0;
    uint32_t fit = 0;
  };
  auto fit = [&](size_t ws) {
    RamFit rf{};
    rf.buffer = ram > ws ? ram - ws : 0;
    for (uint32_t b : body_sizes) rf.fit += b <= rf.buffer ? 1u : 0u;
    return rf;
  };
  const size_t dev_min_mem = on_device(ws_min_mem, dev_base_max), dev_min_io = on_device(ws_min_io, dev_base_max);
  const RamFit fit_mem = fit(dev_min_mem), fit_io = fit(dev_min_io);
  if (json) {
    nlohmann::ordered_json j;
    j["file"] = f.name();
    j["digests"] = digests;
    j["header_digests"] = lim.digest_count;
    j["index_damaged"] = damaged_index;
    j["bytes"] = {{"total", total},     {"header", lim.header_size}, {"dictionaries", dict},
                  {"record_frames", framing}, {"metadata", meta},  {"text", text}};
    if (is_signed) j["bytes"]["signature"] = signature;
    j["bytes"]["index"] = index;
    j["bytes"]["trailer"] = format::kTrailerSize;
    j["raw_title_body_bytes"] = raw_title + raw_body;
    j["summary_bytes"] = summary;
    j["largest_body"] = lim.max_text_size;
    j["largest_record"] = lim.max_record_size;
    j["workspace"] = {{"memory", ws_mem},           {"callback", ws_io},          {"minimal_memory", ws_min_mem},
                      {"minimal_callback", ws_min_io}, {"fast_memory", ws_fast_mem}, {"fast_callback", ws_fast_io}};
    nlohmann::ordered_json dj = nlohmann::ordered_json::object();
    for (const auto& d : cmd_stats_detail::kDeviceBases) {
      dj[d.cpu] = {{"minimal_memory", on_device(ws_min_mem, d.base)},
                   {"minimal_callback", on_device(ws_min_io, d.base)}};
    }
    j["device_workspace"] = dj;
    if (ram > 0) {
      j["ram"] = {{"budget", ram},
                  {"memory", {{"body_buffer", fit_mem.buffer}, {"bodies_fit", fit_mem.fit}}},
                  {"callback", {{"body_buffer", fit_io.buffer}, {"bodies_fit", fit_io.fit}}}};
    }
    nlohmann::ordered_json lj = nlohmann::ordered_json::object();
    for (const auto& [k, v] : langs) lj[k] = v;
    j["languages"] = lj;
    OutWrite(JsonText(j, 2) + "\n");
    return kExitOk;
  }
  auto pct = [&](uint64_t v) { return total ? 100.0 * static_cast<double>(v) / static_cast<double>(total) : 0.0; };
  OutPrintf("file            %s\n", TerminalSafe(f.name()).c_str());
  OutPrintf("digests         %u (header says %u)%s\n", digests, lim.digest_count,
            damaged_index ? ", index DAMAGED" : "");
  OutPrintf("bytes           %llu\n", static_cast<unsigned long long>(total));
  auto part = [&](const char* label, uint64_t v) {
    OutPrintf("  %-13s %8llu  %5.1f%%\n", label, static_cast<unsigned long long>(v), pct(v));
  };
  part("header", lim.header_size);
  part("dictionaries", dict);
  part("record frames", framing);
  part("metadata", meta);
  part("text (zstd)", text);
  if (is_signed) part("signature", signature);
  part("index", index);
  part("trailer", format::kTrailerSize);
  OutPrintf("raw title+body  %llu (ratio %.3fx)\n", static_cast<unsigned long long>(raw_title + raw_body),
            total ? static_cast<double>(raw_title + raw_body) / static_cast<double>(total) : 0.0);
  OutPrintf("summary bytes   %llu (stored inside the text, not twice)\n", static_cast<unsigned long long>(summary));
  OutPrintf("largest body    %u bytes, largest record %u bytes\n", lim.max_text_size, lim.max_record_size);
  OutPrintf("workspace       %zu bytes (memory), %zu bytes (callback)\n", ws_mem, ws_io);
  OutPrintf("  minimal       %zu bytes (memory), %zu bytes (callback)  + a body buffer of %u bytes\n", ws_min_mem,
            ws_min_io, lim.max_text_size);
  OutPrintf("  fast          %zu bytes (memory), %zu bytes (callback)\n", ws_fast_mem, ws_fast_io);
  for (const auto& d : cmd_stats_detail::kDeviceBases) {
    OutPrintf("  %-13s %zu bytes (memory), %zu bytes (callback), minimal, device build\n", d.cpu,
              on_device(ws_min_mem, d.base), on_device(ws_min_io, d.base));
  }
  if (ram > 0) {
    auto line = [&](const char* mode, size_t ws, const RamFit& rf) {
      OutPrintf("  %-8s      minimal workspace %zu leaves a body buffer of %llu bytes: %u of %zu bodies fit%s\n", mode,
                ws, static_cast<unsigned long long>(rf.buffer), rf.fit, body_sizes.size(),
                rf.fit == body_sizes.size() ? "" : " (too small)");
    };
    OutPrintf("ram budget      %llu bytes (device build's minimal workspace + body buffer)\n",
              static_cast<unsigned long long>(ram));
    line("memory", dev_min_mem, fit_mem);
    line("callback", dev_min_io, fit_io);
  }
  OutPrintf("languages      ");
  for (const auto& [k, v] : langs) OutPrintf(" %s:%u", TerminalSafe(k).c_str(), v);
  OutPrintf("\n");
  return kExitOk;
}

}  // namespace newsdigest::cli
