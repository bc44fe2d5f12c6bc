/* The instruction counter of the bench firmware, per CPU. QEMU runs with
 * `-icount shift=0` (one instruction per virtual nanosecond), so:
 * - Cortex-M4: SysTick (24 bits, counts down at the core clock); bench_main
 *   calibrates it against a loop of known length.
 * - RISC-V: the instret CSR (low 32 bits), an instruction count as such.
 * nd_fw_counter_start() enables the counter, nd_fw_counter_now() reads it,
 * nd_fw_counter_ticks(a, b) is the count from reading a to reading b, and
 * nd_fw_spin(n) runs a loop of exactly 2 instructions per round. */
#ifndef NEWSDIGEST_FIRMWARE_FW_COUNTER_H_
#define NEWSDIGEST_FIRMWARE_FW_COUNTER_H_

#include <stdint.h>

#if defined(__riscv)
#define ND_FW_COUNTER_NAME "instret"
static inline void nd_fw_counter_start(void) {}
static inline uint32_t nd_fw_counter_now(void) {
  uint32_t v;
  /* Zicsr for this instruction only (see semihost_rv32.c). */
  __asm__ volatile(".option push\n .option arch, +zicsr\n csrr %0, instret\n .option pop" : "=r"(v));
  return v;
}
static inline uint32_t nd_fw_counter_ticks(uint32_t start, uint32_t end) { return end - start; }
__attribute__((noinline)) static void nd_fw_spin(uint32_t rounds) {
  __asm__ volatile("1: addi %0, %0, -1\n bnez %0, 1b\n" : "+r"(rounds));
}
#elif defined(__arm__)
#define ND_FW_COUNTER_NAME "SysTick"
#define ND_FW_SYST_CSR (*(volatile uint32_t*)0xE000E010u)
#define ND_FW_SYST_RVR (*(volatile uint32_t*)0xE000E014u)
#define ND_FW_SYST_CVR (*(volatile uint32_t*)0xE000E018u)
static inline void nd_fw_counter_start(void) {
  ND_FW_SYST_RVR = 0xFFFFFFu;
  ND_FW_SYST_CVR = 0;
  ND_FW_SYST_CSR = 5u; /* enable, processor clock, no interrupt */
}
static inline uint32_t nd_fw_counter_now(void) { return ND_FW_SYST_CVR; }
/* SysTick counts down, 24 bits. */
static inline uint32_t nd_fw_counter_ticks(uint32_t start, uint32_t end) { return (start - end) & 0xFFFFFFu; }
__attribute__((noinline)) static void nd_fw_spin(uint32_t rounds) {
  __asm__ volatile("1: subs %0, %0, #1\n bne 1b\n" : "+r"(rounds) : : "cc");
}
#else
#error "fw_counter.h: no instruction counter for this CPU"
#endif

#endif /* NEWSDIGEST_FIRMWARE_FW_COUNTER_H_ */
