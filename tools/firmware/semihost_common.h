/* The CPU-neutral part of the demo firmware's semihosting and reset code
 * (semihost.h): console output, exit, the stack watermark and the C reset
 * routine. Included once, by each CPU's port (semihost.c: Cortex-M,
 * semihost_rv32.c: 32-bit RISC-V), which defines before the #include:
 *   static uint32_t nd_sh_call(uint32_t op, const void* arg);
 *       one semihosting call (the CPU's trap instruction sequence);
 *   static inline void nd_fw_port_start(void);
 *       what the CPU needs first at reset (may be empty);
 *   static inline uint32_t* nd_fw_port_sp(void);
 *       the current stack pointer (always inlined);
 * and after it the reset entry nd_fw_reset (stack set up, then a jump to
 * nd_fw_reset_c) and its vector table or trap handler. */
#ifndef NEWSDIGEST_FIRMWARE_SEMIHOST_COMMON_H_
#define NEWSDIGEST_FIRMWARE_SEMIHOST_COMMON_H_

#include <string.h>

#include "semihost.h"

enum { kShWrite0 = 0x04, kShExitExtended = 0x20 };
#define ND_SH_STACK_PATTERN 0xA5A5A5A5u

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

/* ---- Reset, stack watermark -------------------------------------------- */
extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint32_t __stack_limit[], __stack_top[];
int main(void);

uint32_t nd_fw_stack_peak(void) {
  const uint32_t* p = __stack_limit;
  while (p < __stack_top && *p == ND_SH_STACK_PATTERN) ++p;
  return (uint32_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

void nd_fw_reset_c(void) __attribute__((noreturn, used));

/* Entered from nd_fw_reset with the stack set: .data copied, .bss zeroed,
 * the stack painted for the watermark, then main; its result is the exit
 * status. */
void nd_fw_reset_c(void) {
  nd_fw_port_start();
  uint32_t* d = __data_start;
  const uint32_t* s = __data_load;
  while (d < __data_end) *d++ = *s++;
  for (uint32_t* b = __bss_start; b < __bss_end;) *b++ = 0;
  /* Paint the stack below the current frame (the reset frame is tiny). */
  uint32_t* sp = nd_fw_port_sp();
  for (uint32_t* p = __stack_limit; p < sp - 16;) *p++ = ND_SH_STACK_PATTERN;
  nd_sh_exit(main());
}

#undef ND_SH_STACK_PATTERN

#endif /* NEWSDIGEST_FIRMWARE_SEMIHOST_COMMON_H_ */
