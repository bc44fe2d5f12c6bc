/* Reads a digest file with the C reader and prints what a device would show:
 * the library and format versions, the digest count, each digest's id and
 * title. Plain C11: shared by tests/package (the find_package and
 * add_subdirectory consumers and the pkg-config program). Exit 0 when the
 * file reads and holds ND_EXPECT_COUNT digests (argv[2]), else 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsdigest/reader/nd_reader.h"

#if ND_VERSION_MAJOR < 0 || ND_FORMAT_VERSION_MAJOR != 1
#error "nd_reader.h: version macros missing"
#endif

static _Alignas(8) unsigned char read_golden_ws[4u << 20];

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s FILE EXPECTED_COUNT\n", argv[0]);
    return 2;
  }
  char expect_version[32];
  snprintf(expect_version, sizeof expect_version, "%d.%d.%d", ND_VERSION_MAJOR, ND_VERSION_MINOR, ND_VERSION_PATCH);
  if (strcmp(nd_version(), expect_version) != 0 ||
      nd_format_version() != ((ND_FORMAT_VERSION_MAJOR << 8) | ND_FORMAT_VERSION_MINOR)) {
    fprintf(stderr, "version mismatch: library %s, header %s\n", nd_version(), expect_version);
    return 1;
  }
  FILE* f = fopen(argv[1], "rb");
  if (f == NULL) {
    perror(argv[1]);
    return 1;
  }
  static unsigned char data[1u << 20];
  size_t len = fread(data, 1, sizeof data, f);
  fclose(f);

  nd_reader* r = NULL;
  nd_status s = nd_reader_open_memory(data, len, read_golden_ws, sizeof read_golden_ws, &r);
  if (s != ND_OK) {
    fprintf(stderr, "open: %s\n", nd_status_str(s));
    return 1;
  }
  uint32_t n = nd_reader_count(r);
  printf("newsdigest %s, format %u.%u: %u digests\n", nd_version(), (unsigned)(nd_format_version() >> 8),
         (unsigned)(nd_format_version() & 0xFFu), (unsigned)n);
  for (uint32_t i = 0; i < n; ++i) {
    nd_meta m;
    s = nd_reader_meta(r, i, &m);
    if (s != ND_OK) {
      fprintf(stderr, "digest %u: %s\n", (unsigned)i, nd_status_str(s));
      return 1;
    }
    /* The body goes through zstd, the record through both checksums. */
    static char body[1u << 16];
    size_t body_len = 0;
    uint64_t off = 0;
    if ((s = nd_reader_body(r, i, body, sizeof body, &body_len)) != ND_OK ||
        (s = nd_reader_offset(r, i, &off)) != ND_OK || (s = nd_reader_check_at(r, off)) != ND_OK) {
      fprintf(stderr, "digest %u: %s\n", (unsigned)i, nd_status_str(s));
      return 1;
    }
    printf("%.*s  %.*s  (%u body bytes)\n", (int)m.id.len, m.id.ptr, (int)m.title.len, m.title.ptr,
           (unsigned)body_len);
  }
  return n == (uint32_t)strtoul(argv[2], NULL, 10) ? 0 : 1;
}
