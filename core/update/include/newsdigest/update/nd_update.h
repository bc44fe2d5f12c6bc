/* nd_update: applies an update (UPDATE.ndu, core/format/DELTA.md) to the
 * edition a device holds, with no heap, for hosts and small devices alike.
 *
 * Conventions (those of nd_reader.h):
 *  1. No allocation. The caller passes a workspace of at least
 *     nd_update_workspace_size(chunk) bytes (8-byte aligned); RAM use is that
 *     workspace plus a bounded stack, whatever the sizes of the files.
 *  2. Every function returns an nd_status; ND_OK (0) is success.
 *  3. Untrusted input: every byte of the update may be hostile. Nothing is
 *     read outside [0, old_size) of OLD and [0, update_size) of the update,
 *     nothing is written outside [0, new_size) of NEW.
 *  4. Not thread-safe; one workspace per apply.
 *
 * Order of the checks (each failure has its own status, nothing more is done):
 *  1. the update's header (ND_ERR_UPDATE_TRUNCATED when the update is shorter
 *     than its header, ND_ERR_BAD_VERSION for another major version,
 *     ND_ERR_UPDATE_MALFORMED for a wrong magic or impossible sizes);
 *  2. its length and CRC-32C over every byte (ND_ERR_UPDATE_TRUNCATED,
 *     ND_ERR_UPDATE_TAMPERED);
 *  3. replay: its sequence must be above io->current_sequence
 *     (ND_ERR_UPDATE_REPLAYED);
 *  4. OLD: its size and SHA-512 must be the update's base
 *     (ND_ERR_UPDATE_REPLAYED when OLD already is the update's NEW,
 *     ND_ERR_UPDATE_WRONG_BASE otherwise);
 *  5. the operations, written front to back through write_new
 *     (ND_ERR_UPDATE_MALFORMED; ND_ERR_IO when a callback fails;
 *     ND_ERR_NOT_SUPPORTED for an INDEX operation without read_new);
 *  6. NEW's size and SHA-512 (ND_ERR_UPDATE_TAMPERED);
 *  7. io->verify_new, when set (the signature check: its status is returned).
 * Only on ND_OK may the caller expose NEW (e.g. switch the active flash
 * area); on any error the bytes written so far are garbage.
 */
#ifndef NEWSDIGEST_UPDATE_ND_UPDATE_H_
#define NEWSDIGEST_UPDATE_ND_UPDATE_H_

#include <stddef.h>
#include <stdint.h>

#include "newsdigest/reader/nd_reader.h" /* nd_status */

#ifdef __cplusplus
extern "C" {
#endif

/* Fixed part of an update (DELTA.md): magic .. NEW's SHA-512. */
#define ND_UPDATE_HEADER_SIZE 160u
/* Smallest chunk a workspace may have. */
#define ND_UPDATE_MIN_CHUNK 64u

/* Copies exactly `len` bytes at `offset` to `dst`; 0 on success. */
typedef int (*nd_update_read_fn)(void* ctx, uint64_t offset, void* dst, size_t len);
/* Writes `len` bytes at `offset` of NEW; calls come strictly front to back
 * (offset = bytes written before). 0 on success. */
typedef int (*nd_update_write_fn)(void* ctx, uint64_t offset, const void* src, size_t len);
/* Checks the complete NEW (e.g. its signature, read back from the new flash
 * area) after its hash matched. ND_OK accepts. */
typedef nd_status (*nd_update_verify_fn)(void* ctx, uint64_t new_size);

typedef struct nd_update_io {
  nd_update_read_fn read_old; /* the edition held (OLD) */
  void* old_ctx;
  uint64_t old_size;
  nd_update_read_fn read_update; /* the update */
  void* update_ctx;
  uint64_t update_size; /* bytes received */
  nd_update_write_fn write_new; /* the other flash area */
  void* new_ctx;
  /* Reads back bytes of NEW already written (same ctx as write_new); needed
   * by updates with an INDEX operation (DELTA.md), which rebuilds NEW's
   * index from the record headers written before it. NULL: such an update
   * fails with ND_ERR_NOT_SUPPORTED. */
  nd_update_read_fn read_new;
  /* Optional: OLD's SHA-512 when the caller already knows it (e.g. kept
   * from when OLD was installed: nd_update_info.new_sha512 of its update,
   * or a host that hashes OLD on another thread and checks it itself).
   * NULL: OLD is hashed here (step 4). */
  const uint8_t* old_sha512;
  /* Sequence of the edition held (persisted by the device beside its active
   * area); 0 when it has none. An update must carry a larger one. */
  uint64_t current_sequence;
  /* Optional (NULL: none): the signature check of NEW (step 7). */
  nd_update_verify_fn verify_new;
  void* verify_ctx;
} nd_update_io;

/* The update's header fields. */
typedef struct nd_update_info {
  uint64_t sequence;
  uint32_t update_size;
  uint32_t old_size;
  uint32_t new_size;
  uint8_t old_sha512[64];
  uint8_t new_sha512[64];
  /* The step of the list above that was running when apply returned (1..7;
   * 0 before the header decoded). */
  uint32_t step;
} nd_update_info;

/* Workspace bytes for a chunk of `chunk` bytes (rounded up to 8, at least
 * ND_UPDATE_MIN_CHUNK): the state plus two chunk buffers. Reads and writes
 * are at most `chunk` bytes each (but for one read of the
 * ND_UPDATE_HEADER_SIZE-byte header); a larger chunk means fewer callbacks. */
size_t nd_update_workspace_size(size_t chunk);

/* Decodes the header from the first ND_UPDATE_HEADER_SIZE bytes (fewer:
 * ND_ERR_UPDATE_TRUNCATED). Checks magic, version and sizes, not the CRC. */
nd_status nd_update_probe(const uint8_t* head, size_t head_len, nd_update_info* out);

/* Applies the update (see the order of checks above). `info` (may be NULL)
 * receives the header (zeros when it did not decode) and the step reached. */
nd_status nd_update_apply(const nd_update_io* io, void* ws, size_t ws_size, nd_update_info* info);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NEWSDIGEST_UPDATE_ND_UPDATE_H_ */
