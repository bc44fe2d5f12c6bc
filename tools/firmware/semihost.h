/* Semihosting for the demo firmware (ARM semihosting, `bkpt 0xAB`): console
 * output and exit with a status. Under QEMU the console can be sent to a
 * file (-semihosting-config chardev=...). Not thread-safe; no allocation. */
#ifndef NEWSDIGEST_FIRMWARE_SEMIHOST_H_
#define NEWSDIGEST_FIRMWARE_SEMIHOST_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes a NUL-terminated string to the host console. */
void nd_sh_puts(const char* s);
/* Writes `n` bytes (need not be NUL-terminated). */
void nd_sh_write(const char* s, size_t n);
/* Writes an unsigned number in decimal / 8 hex digits. */
void nd_sh_putu(uint32_t v);
void nd_sh_puthex(uint32_t v);
/* Ends the emulation with exit status `code`. Never returns. */
void nd_sh_exit(int code) __attribute__((noreturn));

/* Stack watermark: bytes of stack used since reset (the startup code fills
 * the stack with a pattern). */
uint32_t nd_fw_stack_peak(void);

#ifdef __cplusplus
}
#endif

#endif /* NEWSDIGEST_FIRMWARE_SEMIHOST_H_ */
