/* bundle_decode: decodes a digest file with the reader and prints what it
 * read, one line per item: "H <i> <title>", "S <i> <sentences> <fnv>",
 * "B <i> <len> <fnv>", then "DIGESTS <n>". Plain C. Built twice by
 * tests/bundle: against the project's nd_reader (the reference) and from the
 * generated reader bundle alone (tools/make-reader-bundle.sh) with the host
 * cc; the test requires both outputs to be identical.
 * The file is read through the read callback (nd_reader_open_io), the way a
 * device reads an SD card; with --memory through nd_reader_open_memory.
 * Usage: bundle_decode [--memory] FILE   Exit 0 when every call succeeded. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef BUNDLE_DECODE_PROJECT
#include "newsdigest/reader/nd_reader.h" /* the reference: the project's nd_reader */
#else
#include "nd_reader.h" /* the bundle's one header */
#endif

static uint32_t bundle_fnv(const char* p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) {
    h ^= (uint8_t)p[i];
    h *= 16777619u;
  }
  return h;
}

/* nd_read_fn over a stdio FILE: 0 on success. */
static int bundle_read(void* ctx, uint64_t offset, void* dst, size_t len) {
  FILE* f = (FILE*)ctx;
  if (fseek(f, (long)offset, SEEK_SET) != 0) return -1;
  return fread(dst, 1, len, f) == len ? 0 : -1;
}

int main(int argc, char** argv) {
  int memory = argc == 3 && strcmp(argv[1], "--memory") == 0;
  if (argc != 2 + memory) {
    fprintf(stderr, "usage: bundle_decode [--memory] FILE\n");
    return 2;
  }
  FILE* f = fopen(argv[1 + memory], "rb");
  if (!f) {
    perror(argv[1 + memory]);
    return 2;
  }
  fseek(f, 0, SEEK_END);
  const long size = ftell(f);
  uint8_t* data = (uint8_t*)malloc((size_t)size + 1);
  fseek(f, 0, SEEK_SET);
  if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) return 2;

  nd_limits lim;
  size_t needed = 0;
  nd_status s = nd_reader_probe(data, (size_t)size, &lim, &needed);
  if (s != ND_OK) {
    printf("FAIL probe %d\n", (int)s);
    return 1;
  }
  const size_t ws_size = memory ? nd_reader_workspace_size(&lim) : nd_reader_workspace_size_io(&lim);
  void* ws = malloc(ws_size); /* malloc is 16-byte aligned: more than the 8 the reader needs */
  nd_reader* r = NULL;
  s = memory ? nd_reader_open_memory(data, (size_t)size, ws, ws_size, &r)
             : nd_reader_open_io(bundle_read, f, (uint64_t)size, ws, ws_size, &r);
  if (s != ND_OK) {
    printf("FAIL open %d\n", (int)s);
    return 1;
  }
  char* body = (char*)malloc(lim.max_text_size + 1);
  nd_str sentences[256];
  int failures = 0;
  const uint32_t n = nd_reader_count(r);
  for (uint32_t i = 0; i < n; ++i) {
    nd_meta m;
    s = nd_reader_meta(r, i, &m);
    if (s != ND_OK) {
      printf("FAIL meta %u %d\n", i, (int)s);
      ++failures;
      continue;
    }
    printf("H %u %.*s\n", i, (int)m.title.len, m.title.ptr);
    uint32_t count = 0;
    s = nd_reader_summary(r, i, sentences, 256, &count);
    if (s != ND_OK) {
      printf("FAIL summary %u %d\n", i, (int)s);
      ++failures;
    } else {
      uint32_t h = 2166136261u;
      for (uint32_t k = 0; k < count; ++k) h ^= bundle_fnv(sentences[k].ptr, sentences[k].len) + k;
      printf("S %u %u %08x\n", i, count, h);
    }
    size_t len = 0;
    s = nd_reader_body(r, i, body, lim.max_text_size + 1, &len);
    if (s != ND_OK) {
      printf("FAIL body %u %d\n", i, (int)s);
      ++failures;
      continue;
    }
    printf("B %u %u %08x\n", i, (unsigned)len, bundle_fnv(body, len));
  }
  printf("DIGESTS %u\n", n);
  free(body);
  free(ws);
  free(data);
  fclose(f);
  return failures == 0 && n > 0 ? 0 : 1;
}
