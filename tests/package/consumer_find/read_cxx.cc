// C++ side of the find_package consumer (tests/package): opens the golden
// file with newsdigest::reader_host and checks the digest count; with the
// writer component (ND_CONSUMER_WRITER) it also writes a one-digest file and
// reads it back. Exit 0 on success.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "newsdigest/reader/digest_reader.h"
#if ND_CONSUMER_WRITER
#include "newsdigest/pipeline/pipeline.h"
#include "newsdigest/writer/digest_builder.h"
#endif

namespace rd = newsdigest::reader;

static int CountDigests(const std::string& path, uint32_t* count) {
  std::unique_ptr<rd::DigestReader> r;
  const newsdigest::Status s = rd::DigestReader::Open(path, {}, &r);
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), s.message());
    return 1;
  }
  *count = nd_reader_count(r->get());
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s FILE EXPECTED_COUNT [OUT_FILE]\n", argv[0]);
    return 2;
  }
  uint32_t n = 0;
  if (CountDigests(argv[1], &n) != 0) return 1;
  std::printf("%s: %u digests\n", argv[1], static_cast<unsigned>(n));
  if (n != std::strtoul(argv[2], nullptr, 10)) return 1;
#if ND_CONSUMER_WRITER
  if (argc < 4) return 2;
  namespace wr = newsdigest::writer;
  wr::DigestInput in;
  in.id = "consumer-1";
  in.title = "Installed writer";
  in.lang = "en";
  in.body = "The installed writer wrote this digest. The installed reader read it back.";
  in.summary = {{0, 41}};
  wr::EncodedDigest enc;
  wr::DigestEncoder encoder(wr::EncoderOptions{});
  std::unique_ptr<wr::DigestBuilder> b;
  if (!encoder.Encode(in, &enc).ok() || !wr::DigestBuilder::Create(argv[3], {}, &b).ok() || !b->Add(enc).ok() ||
      !b->Finish().ok()) {
    std::fprintf(stderr, "writing %s failed\n", argv[3]);
    return 1;
  }
  if (CountDigests(argv[3], &n) != 0 || n != 1) return 1;
  std::printf("%s: written and read back\n", argv[3]);
#endif
  return 0;
}
