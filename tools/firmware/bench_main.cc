// Instruction counts of the reader's operations on the device, measured
// under QEMU with `-icount shift=0` (one instruction per virtual ns) through
// the CPU's counter (fw_counter.h: SysTick on Cortex-M4, instret on RISC-V),
// calibrated against a loop of known length. Prints one
// "OP <name> max <n> mean <n> count <n>" line per operation, then
// "RESULT PASS" when every call succeeded. Minimal workspace, memory mode.
#include <stddef.h>
#include <stdint.h>

#include "fw_counter.h"
#include "newsdigest/reader/nd_reader.h"
#include "semihost.h"

extern "C" {
extern const uint8_t nd_fw_digest[];
extern const uint8_t nd_fw_digest_end[];
extern uint8_t __free_start[];
extern uint8_t __stack_limit[];
}

namespace bench_main_detail {

constexpr size_t kBodyCap = 4096;
alignas(8) char g_body[kBodyCap];
nd_str g_sentences[64];

inline uint32_t Now() { return nd_fw_counter_now(); }
inline uint32_t Ticks(uint32_t start, uint32_t end) { return nd_fw_counter_ticks(start, end); }

// Instructions per 1024 ticks, from a loop of 2 instructions per round.
uint32_t g_scale = 0;
uint32_t g_overhead = 0;

void Calibrate() {
  const uint32_t rounds = 200000;
  uint32_t t0 = Now();
  nd_fw_spin(rounds);
  uint32_t t1 = Now();
  g_scale = static_cast<uint32_t>((2ull * rounds * 1024u) / Ticks(t0, t1));
  t0 = Now();
  t1 = Now();
  g_overhead = Ticks(t0, t1);
}

uint32_t Insns(uint32_t t0, uint32_t t1) {
  uint32_t t = Ticks(t0, t1);
  t = t > g_overhead ? t - g_overhead : 0;
  return static_cast<uint32_t>((static_cast<uint64_t>(t) * g_scale) / 1024u);
}

struct Stat {
  const char* name;
  uint32_t max = 0;
  uint64_t sum = 0;
  uint32_t n = 0;
  void Add(uint32_t v) {
    if (v > max) max = v;
    sum += v;
    ++n;
  }
  void Print() const {
    nd_sh_puts("OP ");
    nd_sh_puts(name);
    nd_sh_puts(" max ");
    nd_sh_putu(max);
    nd_sh_puts(" mean ");
    nd_sh_putu(n == 0 ? 0 : static_cast<uint32_t>(sum / n));
    nd_sh_puts(" count ");
    nd_sh_putu(n);
    nd_sh_puts("\n");
  }
};

int Run() {
  nd_fw_counter_start();
  Calibrate();
  nd_sh_puts("CAL counter " ND_FW_COUNTER_NAME " insns_per_1024_ticks ");
  nd_sh_putu(g_scale);
  nd_sh_puts(" overhead_ticks ");
  nd_sh_putu(g_overhead);
  nd_sh_puts("\n");

  int failures = 0;
  const size_t file_len = static_cast<size_t>(nd_fw_digest_end - nd_fw_digest);
  uint8_t* ws = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(__free_start) + 7u) & ~uintptr_t{7});
  Stat open{"open"}, headline{"headline"}, summary{"summary"}, rest{"body_after_summary"}, full{"full_digest"},
      body{"body_alone"};

  uint32_t t0 = Now();
  nd_limits lim;
  size_t needed = 0;
  nd_status s = nd_reader_probe(nd_fw_digest, file_len, &lim, &needed);
  const size_t ws_size = nd_reader_workspace_size_min(&lim);
  nd_reader* r = nullptr;
  if (s == ND_OK && ws + ws_size <= __stack_limit) s = nd_reader_open_memory(nd_fw_digest, file_len, ws, ws_size, &r);
  uint32_t t1 = Now();
  if (s != ND_OK || r == nullptr) {
    nd_sh_puts("FAIL open\n");
    return 1;
  }
  open.Add(Insns(t0, t1));
  const uint32_t n = nd_reader_count(r);

  for (uint32_t i = 0; i < n; ++i) {
    nd_meta m;
    t0 = Now();
    s = nd_reader_meta(r, i, &m);
    t1 = Now();
    failures += s != ND_OK;
    headline.Add(Insns(t0, t1));
  }
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t count = 0;
    size_t len = 0;
    t0 = Now();
    s = nd_reader_summary_into(r, i, g_body, kBodyCap, g_sentences, 64, &count);
    t1 = Now();
    failures += s != ND_OK;
    const uint32_t a = Insns(t0, t1);
    t0 = Now();
    s = nd_reader_body(r, i, g_body, kBodyCap, &len);
    t1 = Now();
    failures += s != ND_OK;
    const uint32_t b = Insns(t0, t1);
    summary.Add(a);
    rest.Add(b);
    full.Add(a + b);
    nd_sh_puts("D ");
    nd_sh_putu(i);
    nd_sh_puts(" text ");
    nd_sh_putu(static_cast<uint32_t>(len));
    nd_sh_puts(" summary ");
    nd_sh_putu(a);
    nd_sh_puts(" rest ");
    nd_sh_putu(b);
    nd_sh_puts("\n");
  }
  for (uint32_t i = 0; i < n; ++i) {
    size_t len = 0;
    t0 = Now();
    s = nd_reader_body(r, (i + 1) % n, g_body, kBodyCap, &len);  // a record other than the last one
    t1 = Now();
    failures += s != ND_OK;
    body.Add(Insns(t0, t1));
  }
  open.Print();
  headline.Print();
  summary.Print();
  rest.Print();
  full.Print();
  body.Print();
  nd_sh_puts("STACK peak ");
  nd_sh_putu(nd_fw_stack_peak());
  nd_sh_puts("\n");
  nd_sh_puts(failures == 0 ? "RESULT PASS\n" : "RESULT FAIL\n");
  return failures == 0 ? 0 : 1;
}

}  // namespace bench_main_detail

int main() { return bench_main_detail::Run(); }
