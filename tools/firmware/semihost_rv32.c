/* Semihosting calls and the reset code of the demo firmware on 32-bit RISC-V
 * (QEMU virt, machine mode; semihost.h): the semihosting trap, the reset
 * entry and the trap handler; the rest is semihost_common.h, shared with
 * semihost.c. The trap is the RISC-V sequence `slli x0,x0,0x1f; ebreak;
 * srai x0,x0,7`, uncompressed and within one page. */
#include <stdint.h>

#include "semihost.h"

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

/* Any trap (illegal instruction, misaligned or faulting access) ends the run
 * with status 3, as a fault does on the Cortex-M4. */
__attribute__((aligned(4), used)) static void nd_fw_trap(void) {
  nd_sh_puts("FAULT\n");
  nd_sh_exit(3);
}

static inline void nd_fw_port_start(void) {
  /* CSR access needs Zicsr; -march stays rv32imac so that GCC picks
   * picolibc's rv32imac multilib (rv32imac_zicsr would not match). */
  __asm__ volatile(".option push\n .option arch, +zicsr\n csrw mtvec, %0\n .option pop" : : "r"(&nd_fw_trap));
}

static inline __attribute__((always_inline)) uint32_t* nd_fw_port_sp(void) {
  uint32_t* sp;
  __asm__ volatile("mv %0, sp" : "=r"(sp));
  return sp;
}

#include "semihost_common.h"

void nd_fw_reset(void) __attribute__((noreturn, naked, section(".text.nd_fw_reset")));

void nd_fw_reset(void) { __asm__ volatile("la sp, __stack_top\n j nd_fw_reset_c\n"); }
