// Signature verification on the device (issue 18): the firmware holds a
// signed digest file (linked into flash) and the signer's public key
// (sign_key.h, from tests/sign/sign_fw_corpus). It verifies the file from
// memory and through a read callback (a 384-byte workspace), rejects a
// tampered copy (one byte changed as it is read) and a wrong key, and opens
// the verified file with the reader. Prints instruction counts (QEMU
// -icount shift=0, SysTick calibrated as in bench_main.cc) and the stack
// peak, then "RESULT PASS" (exit 0) or "RESULT FAIL" (exit 1).
#include <stddef.h>
#include <stdint.h>

#include "newsdigest/reader/nd_reader.h"
#include "semihost.h"
#include "sign_key.h"

extern "C" {
extern const uint8_t nd_fw_digest[];
extern const uint8_t nd_fw_digest_end[];
extern uint8_t __free_start[];
extern uint8_t __stack_limit[];
}

namespace sodium_verify_main_detail {

volatile uint32_t* const kSystCsr = reinterpret_cast<volatile uint32_t*>(0xE000E010u);
volatile uint32_t* const kSystRvr = reinterpret_cast<volatile uint32_t*>(0xE000E014u);
volatile uint32_t* const kSystCvr = reinterpret_cast<volatile uint32_t*>(0xE000E018u);

inline uint32_t Now() { return *kSystCvr; }
inline uint32_t Ticks(uint32_t start, uint32_t end) { return (start - end) & 0xFFFFFFu; }

uint32_t g_scale = 0;  // instructions per 1024 ticks

__attribute__((noinline)) void Spin(uint32_t rounds) {
  __asm__ volatile("1: subs %0, %0, #1\n bne 1b\n" : "+r"(rounds) : : "cc");
}

uint32_t Insns(uint32_t t0, uint32_t t1) {
  return static_cast<uint32_t>((static_cast<uint64_t>(Ticks(t0, t1)) * g_scale) / 1024u);
}

// The signed file in flash, read through a callback; `tamper_at` (if below
// the size) has one bit flipped as it passes, like a corrupted transfer or
// an attacker's edit.
struct Flash {
  const uint8_t* data;
  uint32_t size;
  uint32_t tamper_at;
};

int FlashRead(void* ctx, uint64_t offset, void* dst, size_t len) {
  const Flash* f = static_cast<const Flash*>(ctx);
  if (offset + len > f->size) return 1;
  uint8_t* d = static_cast<uint8_t*>(dst);
  for (size_t i = 0; i < len; ++i) d[i] = f->data[offset + i];
  if (f->tamper_at >= offset && f->tamper_at < offset + len) d[f->tamper_at - offset] ^= 0x10;
  return 0;
}

alignas(8) uint8_t g_ws[ND_SIGN_WORKSPACE_MIN];

int Check(const char* what, nd_status got, nd_status want) {
  nd_sh_puts(got == want ? "ok   " : "FAIL ");
  nd_sh_puts(what);
  nd_sh_puts(": status ");
  nd_sh_putu(static_cast<uint32_t>(got));
  nd_sh_puts("\n");
  return got == want ? 0 : 1;
}

int Run() {
  *kSystRvr = 0xFFFFFFu;
  *kSystCvr = 0;
  *kSystCsr = 5u;
  uint32_t t0 = Now();
  Spin(200000);
  uint32_t t1 = Now();
  g_scale = static_cast<uint32_t>((2ull * 200000u * 1024u) / Ticks(t0, t1));

  const uint32_t size = static_cast<uint32_t>(nd_fw_digest_end - nd_fw_digest);
  int fails = 0;
  nd_sh_puts("FILE bytes ");
  nd_sh_putu(size);
  nd_sh_puts("\n");

  nd_sh_puts("STACK before ");
  nd_sh_putu(nd_fw_stack_peak());
  nd_sh_puts("\n");
  t0 = Now();
  fails += Check("verify memory", nd_verify_memory(nd_fw_digest, size, kNdSignPublicKey, g_ws, sizeof g_ws), ND_OK);
  t1 = Now();
  nd_sh_puts("OP verify_memory insns ");
  nd_sh_putu(Insns(t0, t1));
  nd_sh_puts("\nSTACK verify ");
  nd_sh_putu(nd_fw_stack_peak());  // nothing else ran yet: the verify's stack (with main's frame)
  nd_sh_puts("\n");

  Flash fl{nd_fw_digest, size, 0xFFFFFFFFu};
  t0 = Now();
  fails += Check("verify callback", nd_verify_io(FlashRead, &fl, size, kNdSignPublicKey, g_ws, sizeof g_ws), ND_OK);
  t1 = Now();
  nd_sh_puts("OP verify_callback insns ");
  nd_sh_putu(Insns(t0, t1));
  nd_sh_puts("\n");

  Flash bad{nd_fw_digest, size, size / 2};
  fails += Check("tampered copy rejected",
                 nd_verify_io(FlashRead, &bad, size, kNdSignPublicKey, g_ws, sizeof g_ws), ND_ERR_BAD_SIGNATURE);
  fails += Check("wrong key rejected", nd_verify_memory(nd_fw_digest, size, kNdOtherPublicKey, g_ws, sizeof g_ws),
                 ND_ERR_WRONG_KEY);
  fails += Check("truncated file rejected",
                 nd_verify_memory(nd_fw_digest, size - 30, kNdSignPublicKey, g_ws, sizeof g_ws), ND_ERR_TRUNCATED);

  // The verified file opens with the reader (a minimal workspace after .bss).
  uint8_t* ws = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(__free_start) + 7u) & ~uintptr_t{7});
  nd_limits lim;
  nd_status s = nd_reader_probe(nd_fw_digest, size, &lim, nullptr);
  const size_t ws_size = s == ND_OK ? nd_reader_workspace_size_min(&lim) : 0;
  nd_reader* r = nullptr;
  if (s == ND_OK) s = ws + ws_size <= __stack_limit ? nd_reader_open_memory(nd_fw_digest, size, ws, ws_size, &r)
                                                    : ND_ERR_TOO_LARGE;
  fails += Check("reader opens the signed file", s, ND_OK);
  if (r != nullptr) {
    fails += Check("index intact", nd_reader_index_damaged(r) ? ND_ERR_CORRUPT : ND_OK, ND_OK);
    nd_meta m;
    uint64_t off = 0;
    s = nd_reader_offset(r, 0, &off);
    if (s == ND_OK) s = nd_reader_meta_at(r, off, &m);
    fails += Check("first headline", s, ND_OK);
    if (s == ND_OK) {
      nd_sh_puts("HEADLINE ");
      nd_sh_write(m.title.ptr, m.title.len);
      nd_sh_puts("\n");
    }
    fails += Check("verify on the open reader", nd_reader_verify_signature(r, kNdSignPublicKey, g_ws, sizeof g_ws),
                   ND_OK);
  }
  nd_sh_puts("STACK peak ");
  nd_sh_putu(nd_fw_stack_peak());
  nd_sh_puts("\n");
  nd_sh_puts(fails == 0 ? "RESULT PASS\n" : "RESULT FAIL\n");
  return fails == 0 ? 0 : 1;
}

}  // namespace sodium_verify_main_detail

int main() { return sodium_verify_main_detail::Run(); }
