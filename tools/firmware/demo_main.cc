// Demo firmware: reads the digest file linked into flash with the device
// reader in a minimal workspace, lists the headlines, prints one summary,
// decodes every body and checks all against the host's values (expected.h).
// Exit status 0 only when everything matches. Output: semihosting console.
#include <stddef.h>
#include <stdint.h>

#include "expected.h"
#include "newsdigest/reader/nd_reader.h"
#include "semihost.h"

extern "C" {
extern const uint8_t nd_fw_digest[];
extern const uint8_t nd_fw_digest_end[];
extern uint8_t __free_start[];
extern uint8_t __stack_limit[];
extern uint8_t __data_start[], __data_end[], __bss_start[], __bss_end[];
}

namespace demo_main_detail {

constexpr size_t kBodyCap = 4096;  // the device budget's body size
constexpr uint32_t kMaxSentences = 64;
alignas(8) char g_body[kBodyCap];
nd_str g_sentences[kMaxSentences];

uint32_t Fnv(uint32_t h, const char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    h ^= static_cast<uint8_t>(p[i]);
    h *= 16777619u;
  }
  return h;
}

int failures = 0;

void Fail(const char* what, uint32_t i, nd_status s) {
  ++failures;
  nd_sh_puts("FAIL ");
  nd_sh_puts(what);
  nd_sh_puts(" digest ");
  nd_sh_putu(i);
  nd_sh_puts(" status ");
  nd_sh_putu(static_cast<uint32_t>(s));
  nd_sh_puts("\n");
}

int Run() {
  const size_t file_len = static_cast<size_t>(nd_fw_digest_end - nd_fw_digest);
  nd_limits lim;
  size_t needed = 0;
  nd_status s = nd_reader_probe(nd_fw_digest, file_len, &lim, &needed);
  if (s != ND_OK) {
    Fail("probe", 0, s);
    return 1;
  }
  // The workspace is the free RAM between .bss and the stack; use only the
  // minimal size so the budget is what a real device would reserve.
  const size_t ws_size = nd_reader_workspace_size_min(&lim);
  uint8_t* ws = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(__free_start) + 7u) & ~uintptr_t{7});
  if (ws + ws_size > __stack_limit || lim.max_text_size > kBodyCap) {
    nd_sh_puts("workspace ");
    nd_sh_putu(static_cast<uint32_t>(ws_size));
    nd_sh_puts(" available ");
    nd_sh_putu(static_cast<uint32_t>(__stack_limit - ws));
    nd_sh_puts("\n");
    Fail("workspace does not fit the RAM budget", 0, ND_ERR_TOO_LARGE);
    return 1;
  }
  nd_reader* r = nullptr;
  s = nd_reader_open_memory(nd_fw_digest, file_len, ws, ws_size, &r);
  if (s != ND_OK) {
    Fail("open", 0, s);
    return 1;
  }
  const uint32_t n = nd_reader_count(r);
  nd_sh_puts("digests ");
  nd_sh_putu(n);
  nd_sh_puts("\n");
  if (n != ND_FW_DIGESTS) Fail("count", n, ND_ERR_CORRUPT);

  // Headlines.
  for (uint32_t i = 0; i < n && i < ND_FW_DIGESTS; ++i) {
    nd_meta m;
    s = nd_reader_meta(r, i, &m);
    if (s != ND_OK) {
      Fail("meta", i, s);
      continue;
    }
    nd_sh_puts("H ");
    nd_sh_putu(i);
    nd_sh_puts(" ");
    nd_sh_write(m.title.ptr, m.title.len);
    nd_sh_puts("\n");
    if (Fnv(2166136261u, m.title.ptr, m.title.len) != kNdFwTitleSums[i]) Fail("headline checksum", i, ND_OK);
  }

  // One summary.
  uint32_t count = 0;
  s = nd_reader_summary_into(r, ND_FW_SUMMARY_INDEX, g_body, kBodyCap, g_sentences, kMaxSentences, &count);
  if (s != ND_OK) {
    Fail("summary", ND_FW_SUMMARY_INDEX, s);
  } else {
    nd_sh_puts("SUMMARY ");
    nd_sh_putu(ND_FW_SUMMARY_INDEX);
    nd_sh_puts("\n");
    uint32_t h = 2166136261u;
    for (uint32_t k = 0; k < count; ++k) {
      nd_sh_puts("  * ");
      nd_sh_write(g_sentences[k].ptr, g_sentences[k].len);
      nd_sh_puts("\n");
      h = Fnv(h, g_sentences[k].ptr, g_sentences[k].len);
    }
    if (h != ND_FW_SUMMARY_SUM) Fail("summary checksum", ND_FW_SUMMARY_INDEX, ND_OK);
  }

  // Every body: even digests resume after their summary, odd ones start
  // from scratch; both decode in place in g_body.
  for (uint32_t i = 0; i < n && i < ND_FW_DIGESTS; ++i) {
    if ((i & 1u) == 0) {
      s = nd_reader_summary_into(r, i, g_body, kBodyCap, g_sentences, kMaxSentences, &count);
      if (s != ND_OK) {
        Fail("summary", i, s);
        continue;
      }
    }
    size_t len = 0;
    s = nd_reader_body(r, i, g_body, kBodyCap, &len);
    if (s != ND_OK) {
      Fail("body", i, s);
      continue;
    }
    const uint32_t sum = Fnv(2166136261u, g_body, len);
    nd_sh_puts("B ");
    nd_sh_putu(i);
    nd_sh_puts(" len ");
    nd_sh_putu(static_cast<uint32_t>(len));
    nd_sh_puts(" sum ");
    nd_sh_puthex(sum);
    nd_sh_puts(sum == kNdFwBodySums[i] ? " ok\n" : " MISMATCH\n");
    if (sum != kNdFwBodySums[i]) ++failures;
  }

  const uint32_t data_bss = static_cast<uint32_t>((__data_end - __data_start) + (__bss_end - __bss_start));
  const uint32_t stack = nd_fw_stack_peak();
  nd_sh_puts("RAM data+bss ");
  nd_sh_putu(data_bss);
  nd_sh_puts(" workspace ");
  nd_sh_putu(static_cast<uint32_t>(ws_size));
  nd_sh_puts(" stack_peak ");
  nd_sh_putu(stack);
  nd_sh_puts(" total ");
  nd_sh_putu(data_bss + static_cast<uint32_t>(ws_size) + stack);
  nd_sh_puts("\n");
  nd_sh_puts(failures == 0 ? "RESULT PASS\n" : "RESULT FAIL\n");
  return failures == 0 ? 0 : 1;
}

}  // namespace demo_main_detail

int main() { return demo_main_detail::Run(); }
