/* Semihosting calls and the reset code of the demo firmware. */
#include "semihost.h"

#include <string.h>

enum { kShWrite0 = 0x04, kShExitExtended = 0x20 };
#define ND_SH_STACK_PATTERN 0xA5A5A5A5u

static uint32_t nd_sh_call(uint32_t op, const void* arg) {
  register uint32_t r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
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

/* ---- Reset, vectors, stack watermark --------------------------------- */
extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint32_t __stack_limit[], __stack_top[];
int main(void);

uint32_t nd_fw_stack_peak(void) {
  const uint32_t* p = __stack_limit;
  while (p < __stack_top && *p == ND_SH_STACK_PATTERN) ++p;
  return (uint32_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

void nd_fw_reset(void) __attribute__((noreturn, naked));
void nd_fw_reset_c(void) __attribute__((noreturn, used));

void nd_fw_reset_c(void) {
  uint32_t* d = __data_start;
  const uint32_t* s = __data_load;
  while (d < __data_end) *d++ = *s++;
  for (uint32_t* b = __bss_start; b < __bss_end;) *b++ = 0;
  /* Paint the stack below the current frame (the reset frame is tiny). */
  uint32_t* sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  for (uint32_t* p = __stack_limit; p < sp - 16;) *p++ = ND_SH_STACK_PATTERN;
  nd_sh_exit(main());
}

void nd_fw_reset(void) { __asm__ volatile("ldr r0, =__stack_top\n mov sp, r0\n b nd_fw_reset_c\n"); }

static void nd_fw_fault(void) {
  nd_sh_puts("FAULT\n");
  nd_sh_exit(3);
}

/* Cortex-M vector table: initial stack pointer, reset, then the faults. */
__attribute__((section(".vectors"), used)) static const void* const nd_fw_vectors[16] = {
    __stack_top, (const void*)nd_fw_reset, (const void*)nd_fw_fault, (const void*)nd_fw_fault,
    (const void*)nd_fw_fault, (const void*)nd_fw_fault, (const void*)nd_fw_fault, 0, 0, 0, 0,
    (const void*)nd_fw_fault, (const void*)nd_fw_fault, 0, (const void*)nd_fw_fault, (const void*)nd_fw_fault};
