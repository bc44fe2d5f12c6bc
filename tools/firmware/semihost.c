/* Semihosting calls and the reset code of the demo firmware on Cortex-M
 * (semihost.h): the ARM semihosting trap `bkpt 0xAB`, the reset entry and
 * the vector table; the rest is semihost_common.h, shared with
 * semihost_rv32.c. */
#include <stdint.h>

static uint32_t nd_sh_call(uint32_t op, const void* arg) {
  register uint32_t r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static inline void nd_fw_port_start(void) {}

static inline __attribute__((always_inline)) uint32_t* nd_fw_port_sp(void) {
  uint32_t* sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

#include "semihost_common.h"

void nd_fw_reset(void) __attribute__((noreturn, naked));

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
