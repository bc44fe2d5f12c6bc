/* bundle_device_main: the reader bundle on the Cortex-M4 (QEMU mps2-an386).
 * Decodes the digest file linked into flash (bundle_blob.S, written by
 * bundle_test.sh) and prints the same lines as bundle_decode.c ("H", "S",
 * "B", "DIGESTS") through semihosting, so the test can compare the device's
 * output with the host reference byte for byte. Memory mode; the workspace
 * and the body buffer are the free RAM between .bss and the stack. Linked
 * with tools/firmware/semihost.c and mps2_an386.ld. Exit 0 when every call
 * succeeded. */
#include <stddef.h>
#include <stdint.h>

#include "nd_reader.h"
#include "semihost.h"

extern const uint8_t nd_bundle_digest[];
extern const uint8_t nd_bundle_digest_end[];
extern uint8_t __free_start[];
extern uint8_t __stack_limit[];

static uint32_t bundle_dev_fnv(const char* p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) {
    h ^= (uint8_t)p[i];
    h *= 16777619u;
  }
  return h;
}

static nd_str bundle_dev_sentences[256];

static int bundle_dev_fail(const char* what, uint32_t i, nd_status s) {
  nd_sh_puts("FAIL ");
  nd_sh_puts(what);
  nd_sh_puts(" ");
  nd_sh_putu(i);
  nd_sh_puts(" ");
  nd_sh_putu((uint32_t)s);
  nd_sh_puts("\n");
  return 1;
}

int main(void) {
  const size_t len = (size_t)(nd_bundle_digest_end - nd_bundle_digest);
  nd_limits lim;
  size_t needed = 0;
  nd_status s = nd_reader_probe(nd_bundle_digest, len, &lim, &needed);
  if (s != ND_OK) return bundle_dev_fail("probe", 0, s);
  const size_t ws_size = nd_reader_workspace_size(&lim);
  uint8_t* ws = (uint8_t*)(((uintptr_t)__free_start + 7u) & ~(uintptr_t)7u);
  char* body = (char*)(ws + ws_size);
  const size_t body_cap = (size_t)lim.max_text_size + 1;
  if ((uint8_t*)body + body_cap > __stack_limit) return bundle_dev_fail("ram", 0, ND_ERR_TOO_LARGE);
  nd_reader* r = NULL;
  s = nd_reader_open_memory(nd_bundle_digest, len, ws, ws_size, &r);
  if (s != ND_OK) return bundle_dev_fail("open", 0, s);
  int failures = 0;
  const uint32_t n = nd_reader_count(r);
  for (uint32_t i = 0; i < n; ++i) {
    nd_meta m;
    s = nd_reader_meta(r, i, &m);
    if (s != ND_OK) {
      failures += bundle_dev_fail("meta", i, s);
      continue;
    }
    nd_sh_puts("H ");
    nd_sh_putu(i);
    nd_sh_puts(" ");
    nd_sh_write(m.title.ptr, m.title.len);
    nd_sh_puts("\n");
    uint32_t count = 0;
    s = nd_reader_summary(r, i, bundle_dev_sentences, 256, &count);
    if (s != ND_OK) {
      failures += bundle_dev_fail("summary", i, s);
    } else {
      uint32_t h = 2166136261u;
      for (uint32_t k = 0; k < count; ++k)
        h ^= bundle_dev_fnv(bundle_dev_sentences[k].ptr, bundle_dev_sentences[k].len) + k;
      nd_sh_puts("S ");
      nd_sh_putu(i);
      nd_sh_puts(" ");
      nd_sh_putu(count);
      nd_sh_puts(" ");
      nd_sh_puthex(h);
      nd_sh_puts("\n");
    }
    size_t blen = 0;
    s = nd_reader_body(r, i, body, body_cap, &blen);
    if (s != ND_OK) {
      failures += bundle_dev_fail("body", i, s);
      continue;
    }
    nd_sh_puts("B ");
    nd_sh_putu(i);
    nd_sh_puts(" ");
    nd_sh_putu((uint32_t)blen);
    nd_sh_puts(" ");
    nd_sh_puthex(bundle_dev_fnv(body, blen));
    nd_sh_puts("\n");
  }
  nd_sh_puts("DIGESTS ");
  nd_sh_putu(n);
  nd_sh_puts("\n");
  return failures == 0 && n > 0 ? 0 : 1;
}
