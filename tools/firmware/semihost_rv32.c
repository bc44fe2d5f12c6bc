/* Semihosting calls and the reset code of the demo firmware on 32-bit RISC-V
 * (QEMU virt, machine mode). The same API as semihost.c (semihost.h); the
 * semihosting trap is the RISC-V sequence `slli x0,x0,0x1f; ebreak;
 * srai x0,x0,7`, uncompressed and within one page. */
#include <string.h>

#include "semihost.h"

enum { kShWrite0 = 0x04, kShExitExtended = 0x20 };
#define ND_SH_STACK_PATTERN 0xA5A5A5A5u

static uint32_t nd_sh_call(uint32_t op, const void* arg) {
  register uint32_t a0 __asm__("a0") = op;
  register const void* a1 __asm__("a1") = arg;
  __asm__ volatile(
      ".option push\n .option norvc\n .balign 16\n"
      "slli zero, zero, 0x1f\n ebreak\n srai zero, zero, 0x7\n"
      ".option pop\n"
      : "+r"(a0)
      : "r"(a1)
      : "memory");
  return a0;
}

void nd_sh_puts(const char* s) { (void)nd_sh_call(kShWrite0, s); }

void nd_sh_write(const char* s, size_t n) {
  char buf[65];
  while (n > 0) {
    size_t k = n < 64 ? n : 64;
    memcpy(buf, s, k);
    buf[k] = 0;
    nd_sh_puts(buf);
    s += k;
    n -= k;
  }
}

void nd_sh_putu(uint32_t v) {
  char buf[12];
  int i = 11;
  buf[i] = 0;
  do {
    buf[--i] = (char)('0' + v % 10u);
    v /= 10u;
  } while (v != 0 && i > 0);
  nd_sh_puts(buf + i);
}

void nd_sh_puthex(uint32_t v) {
  char buf[9];
  for (int i = 7; i >= 0; --i) {
    buf[i] = "0123456789abcdef"[v & 15u];
    v >>= 4;
  }
  buf[8] = 0;
  nd_sh_puts(buf);
}

void nd_sh_exit(int code) {
  uint32_t block[2] = {0x20026u /* ADP_Stopped_ApplicationExit */, (uint32_t)code};
  (void)nd_sh_call(kShExitExtended, block);
  for (;;) {
  }
}

/* ---- Reset, trap, stack watermark ------------------------------------- */
extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint32_t __stack_limit[], __stack_top[];
int main(void);

uint32_t nd_fw_stack_peak(void) {
  const uint32_t* p = __stack_limit;
  while (p < __stack_top && *p == ND_SH_STACK_PATTERN) ++p;
  return (uint32_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

/* Any trap (illegal instruction, misaligned or faulting access) ends the run
 * with status 3, as a fault does on the Cortex-M4. */
__attribute__((aligned(4), used)) static void nd_fw_trap(void) {
  nd_sh_puts("FAULT\n");
  nd_sh_exit(3);
}

void nd_fw_reset(void) __attribute__((noreturn, naked, section(".text.nd_fw_reset")));
void nd_fw_reset_c(void) __attribute__((noreturn, used));

void nd_fw_reset_c(void) {
  /* CSR access needs Zicsr; -march stays rv32imac so that GCC picks
   * picolibc's rv32imac multilib (rv32imac_zicsr would not match). */
  __asm__ volatile(".option push\n .option arch, +zicsr\n csrw mtvec, %0\n .option pop" : : "r"(&nd_fw_trap));
  uint32_t* d = __data_start;
  const uint32_t* s = __data_load;
  while (d < __data_end) *d++ = *s++;
  for (uint32_t* b = __bss_start; b < __bss_end;) *b++ = 0;
  /* Paint the stack below the current frame (the reset frame is tiny). */
  uint32_t* sp;
  __asm__ volatile("mv %0, sp" : "=r"(sp));
  for (uint32_t* p = __stack_limit; p < sp - 16;) *p++ = ND_SH_STACK_PATTERN;
  nd_sh_exit(main());
}

void nd_fw_reset(void) { __asm__ volatile("la sp, __stack_top\n j nd_fw_reset_c\n"); }
