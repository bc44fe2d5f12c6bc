// nd_fw_update_corpus (host): the inputs of the update demo firmware.
//
// Writes to --out-dir:
//   update_old.ndg      edition 1: articles 0..N-1 with a trained, embedded dictionary
//   update.ndu          the update edition 1 -> edition 2 (the same articles plus M new
//                       ones, same dictionary, signed with the test key), sequence 2
//   update_bad.ndu      the same update with one literal byte changed and its CRC
//                       recomputed (an attacker's edit: only NEW's hash catches it)
//   update_badsig.ndu   the update to edition 2 signed by another key: CRC and NEW's
//                       SHA-512 hold, only the signature step rejects it
//   update_key.h        kNdFwuPublicKey, the test key's public half (fixed seed; never a
//                       real key) the firmware verifies NEW with
//   update_expected.h   what the firmware must reproduce: NEW's size, digest count,
//                       FNV-1a of every headline and body, which digests are new
// Usage: nd_fw_update_corpus --out-dir DIR [--old N] [--new M]
#include <sodium.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "../../tests/delta/update_test_io.h"
#include "../../tests/writer/writer_test_util.h"
#include "newsdigest/delta/delta.h"
#include "newsdigest/format/format.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/sign/sign.h"
#include "newsdigest/update/update_format.h"
#include "newsdigest/writer/dictionary.h"
#include "newsdigest/writer/output.h"

namespace update_corpus_detail {

namespace nw = newsdigest::writer;

uint32_t Fnv1a(const char* p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) {
    h ^= static_cast<uint8_t>(p[i]);
    h *= 16777619u;
  }
  return h;
}

bool Edition(const std::vector<uint32_t>& ids, const nw::DictionaryData& dict, std::string* out) {
  nw::BuilderOptions bo;
  bo.dictionaries = {&dict};
  nw::EncoderOptions eo;
  eo.dictionaries = {&dict};
  std::unique_ptr<nw::DigestBuilder> b;
  if (!nw::DigestBuilder::Create(nw::NewMemorySink(out), bo, &b).ok()) return false;
  nw::DigestEncoder enc(eo);
  for (uint32_t id : ids) {
    nw::EncodedDigest ed;
    if (!enc.Encode(newsdigest::writer_test::MakeArticle(id, 10), &ed).ok() || !b->Add(ed).ok()) {
      b->Abandon();
      return false;
    }
  }
  return b->Finish().ok();
}

// A test key from a fixed seed (deterministic corpus; never a real key).
newsdigest::sign::SecretKey SeedKey(uint8_t fill) {
  uint8_t seed[32];
  for (auto& b : seed) b = fill;
  newsdigest::sign::SecretKey k;
  uint8_t pk[32];
  crypto_sign_seed_keypair(pk, k.data(), seed);
  return k;
}

bool WriteFile(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream f(p, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return f.good();
}

int Main(int argc, char** argv) {
  std::string out_dir;
  uint32_t n_old = 12, n_new = 4;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--out-dir") out_dir = v;
    else if (k == "--old") n_old = static_cast<uint32_t>(std::stoul(v));
    else if (k == "--new") n_new = static_cast<uint32_t>(std::stoul(v));
    else {
      std::fprintf(stderr, "nd_fw_update_corpus: unknown option %s\n", k.c_str());
      return 1;
    }
  }
  if (out_dir.empty()) {
    std::fprintf(stderr, "usage: nd_fw_update_corpus --out-dir DIR [--old N] [--new M]\n");
    return 1;
  }
  std::filesystem::create_directories(out_dir);
  std::vector<std::string> samples;
  for (uint32_t i = 0; i < 300; ++i) samples.push_back(newsdigest::writer_test::MakeArticle(i, 10).body);
  nw::DictionaryData dict;
  if (!nw::TrainDictionary(samples, 8 * 1024, &dict).ok()) {
    std::fprintf(stderr, "nd_fw_update_corpus: dictionary training failed\n");
    return 1;
  }
  std::vector<uint32_t> old_ids, new_ids, added;
  for (uint32_t i = 0; i < n_old; ++i) old_ids.push_back(i);
  new_ids = old_ids;
  for (uint32_t i = 0; i < n_new; ++i) {
    added.push_back(5000 + i);
    new_ids.push_back(5000 + i);
  }
  std::string old_file, new_unsigned, new_file, new_other, update, badsig;
  if (sodium_init() < 0 || !Edition(old_ids, dict, &old_file) || !Edition(new_ids, dict, &new_unsigned)) {
    std::fprintf(stderr, "nd_fw_update_corpus: building the editions failed\n");
    return 1;
  }
  const auto key = SeedKey(0x5B), other = SeedKey(0xB5);
  if (!newsdigest::sign::SignFile(new_unsigned, key, &new_file).ok() ||
      !newsdigest::sign::SignFile(new_unsigned, other, &new_other).ok()) {
    std::fprintf(stderr, "nd_fw_update_corpus: signing edition 2 failed\n");
    return 1;
  }
  newsdigest::delta::DeltaOptions opt;
  opt.sequence = 2;
  newsdigest::delta::DeltaStats stats;
  if (!newsdigest::delta::MakeDelta(old_file, new_file, opt, &update, &stats).ok() ||
      !newsdigest::delta::MakeDelta(old_file, new_other, opt, &badsig).ok()) {
    std::fprintf(stderr, "nd_fw_update_corpus: MakeDelta failed\n");
    return 1;
  }
  // The tampered update: a byte of the trailer's literal bytes (the last
  // INSERT before END), CRC recomputed.
  std::string bad = update;
  bad[bad.size() - newsdigest::update::kCrcSize - 8] ^= 0x01;
  bad = newsdigest::update_test::Reseal(bad);

  // Expected values, read back with the host reader from NEW.
  const auto* data = reinterpret_cast<const uint8_t*>(new_file.data());
  nd_limits lim;
  size_t needed = 0;
  if (nd_reader_probe(data, new_file.size(), &lim, &needed) != ND_OK) return 1;
  std::vector<uint64_t> ws((nd_reader_workspace_size(&lim) + 7) / 8);
  nd_reader* r = nullptr;
  if (nd_reader_open_memory(data, new_file.size(), ws.data(), ws.size() * 8, &r) != ND_OK) return 1;
  const uint32_t n = nd_reader_count(r);
  std::vector<char> body(lim.max_text_size + 1);
  std::string titles, bodies;
  char buf[32];
  for (uint32_t i = 0; i < n; ++i) {
    nd_meta m;
    size_t len = 0;
    if (nd_reader_meta(r, i, &m) != ND_OK || nd_reader_body(r, i, body.data(), body.size(), &len) != ND_OK) return 1;
    std::snprintf(buf, sizeof buf, "0x%08xu, ", Fnv1a(m.title.ptr, m.title.len));
    titles += buf;
    std::snprintf(buf, sizeof buf, "0x%08xu, ", Fnv1a(body.data(), len));
    bodies += buf;
  }
  std::string h = "/* Generated by nd_fw_update_corpus: what the update firmware must reproduce. */\n";
  h += "#define ND_FWU_OLD_BYTES " + std::to_string(old_file.size()) + "u\n";
  h += "#define ND_FWU_NEW_BYTES " + std::to_string(new_file.size()) + "u\n";
  h += "#define ND_FWU_UPDATE_BYTES " + std::to_string(update.size()) + "u\n";
  h += "#define ND_FWU_DIGESTS " + std::to_string(n) + "u\n";
  h += "#define ND_FWU_FIRST_NEW " + std::to_string(n_old) + "u\n";
  h += "#define ND_FWU_MAX_TEXT " + std::to_string(lim.max_text_size) + "u\n";
  h += "#define ND_FWU_SEQUENCE 2u\n";
  h += "static const uint32_t kNdFwuTitleSums[] = {" + titles + "};\n";
  h += "static const uint32_t kNdFwuBodySums[] = {" + bodies + "};\n";
  std::string kh = "/* Generated by nd_fw_update_corpus: the publisher's public key (a test key). */\n";
  kh += "static const uint8_t kNdFwuPublicKey[32] = {";
  const auto pk = key.public_key();
  for (size_t i = 0; i < pk.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s0x%02x", i ? ", " : "", pk[i]);
    kh += buf;
  }
  kh += "};\n";
  const std::filesystem::path dir(out_dir);
  if (!WriteFile(dir / "update_old.ndg", old_file) || !WriteFile(dir / "update.ndu", update) ||
      !WriteFile(dir / "update_bad.ndu", bad) || !WriteFile(dir / "update_badsig.ndu", badsig) ||
      !WriteFile(dir / "update_key.h", kh) || !WriteFile(dir / "update_expected.h", h)) {
    std::fprintf(stderr, "nd_fw_update_corpus: cannot write to %s\n", out_dir.c_str());
    return 1;
  }
  std::printf("nd_fw_update_corpus: edition 1 %zu bytes (%u digests), edition 2 %zu bytes (%u digests), "
              "update %zu bytes (%llu copied), max body %u; edition 2 signed, key id %s\n",
              old_file.size(), n_old, new_file.size(), n, update.size(),
              static_cast<unsigned long long>(stats.copied_bytes), lim.max_text_size,
              newsdigest::sign::KeyIdHex(newsdigest::sign::KeyIdOf(pk)).c_str());
  return 0;
}

}  // namespace update_corpus_detail

int main(int argc, char** argv) { return update_corpus_detail::Main(argc, argv); }
