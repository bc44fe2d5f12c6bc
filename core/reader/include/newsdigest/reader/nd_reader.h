/* nd_reader: the newsdigest file reader, for hosts and small devices alike.
 *
 * Conventions (numbered, as every function here follows them):
 *  1. No allocation. The caller passes a workspace of at least
 *     nd_reader_workspace_size() bytes (8-byte aligned); the reader lives in
 *     it and never uses memory outside it and the caller's buffers.
 *  2. Every function returns an nd_status; ND_OK (0) is success. Outputs go
 *     through pointers and are left unspecified on error.
 *  3. Untrusted input: every byte of the file may be hostile. The reader
 *     never reads outside the file (or the bytes the read callback gave) and
 *     never writes outside the workspace and the caller's buffers. See
 *     core/reader/SECURITY.md.
 *  4. Strings (nd_str) are UTF-8, not NUL-terminated. In memory mode they
 *     point into the caller's file buffer and stay valid as long as it does;
 *     in callback mode they point into the workspace and stay valid until the
 *     next call on the same reader. A language the digest leaves to the file's
 *     default (FORMAT.md) points into the reader and stays valid as long as it.
 *  5. A reader is not thread-safe; use one reader (and workspace) per thread.
 *  6. Digest i means the i-th digest of the file's index (0-based). Records
 *     are also addressable by byte offset, for stream reading and salvage.
 */
#ifndef NEWSDIGEST_READER_ND_READER_H_
#define NEWSDIGEST_READER_ND_READER_H_

#include <stddef.h>
#include <stdint.h>

#include "newsdigest/format/status_codes.h"

/* The library version. The one place it is written: CMake's project()
 * reads it from these three lines (so firmware and bundle builds, which
 * compile the sources without CMake, see the same numbers). */
#define ND_VERSION_MAJOR 0
#define ND_VERSION_MINOR 1
#define ND_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH, for #if comparisons. */
#define ND_VERSION (ND_VERSION_MAJOR * 10000 + ND_VERSION_MINOR * 100 + ND_VERSION_PATCH)

/* The file format this reader reads (FORMAT.md): files of format major
 * version ND_FORMAT_VERSION_MAJOR, any minor version (minor versions only add
 * fields an older reader skips); ND_FORMAT_VERSION_MINOR is the newest minor
 * version it knows. Other majors fail with ND_ERR_BAD_VERSION. */
#define ND_FORMAT_VERSION_MAJOR 1
#define ND_FORMAT_VERSION_MINOR 1 /* 1: signed files (FORMAT.md, "Signature") */

#ifdef __cplusplus
extern "C" {
#endif

/* The version of the linked library, "MAJOR.MINOR.PATCH" (static storage;
 * compare with the ND_VERSION_* macros of the header compiled against). */
const char* nd_version(void);

/* The format version the linked library reads: major * 256 + minor
 * (ND_FORMAT_VERSION_MAJOR/MINOR of the library's own header). */
uint32_t nd_format_version(void);

/* Generated from the one list in newsdigest/format/status_codes.h, which
 * also generates newsdigest::Status::Code (a static_assert checks that they
 * agree). NOTE: values are frozen. */
typedef enum nd_status {
#define ND_STATUS_C_ENUM_(c_name, cxx_name, value, text) c_name = value,
  ND_STATUS_CODES(ND_STATUS_C_ENUM_)
#undef ND_STATUS_C_ENUM_
} nd_status;

/* A short English description of a status ("" when built with
 * NEWSDIGEST_STRIP_ERROR_STRINGS). Never NULL. */
const char* nd_status_str(nd_status s);

typedef struct nd_str {
  const char* ptr;
  size_t len;
} nd_str;

/* Limits of one file, read from its header; they size the workspace. */
typedef struct nd_limits {
  uint32_t digest_count;
  uint32_t max_text_size;      /* largest body, bytes */
  uint32_t max_summary_size;   /* largest summary, bytes */
  uint32_t max_meta_size;      /* largest metadata block, bytes */
  uint32_t max_record_size;    /* largest record payload, bytes */
  uint32_t max_summary_sentences;
  uint32_t embedded_dict_bytes;  /* sum of embedded dictionary sizes */
  uint32_t header_size;          /* bytes of preamble + header */
  /* Sum of the sizes of embedded dictionaries stored compressed: the
   * workspace holds them decompressed, in memory mode too. */
  uint32_t inflated_dict_bytes;
  /* Dictionaries the file names, embedded or not (at most 8). */
  uint32_t dict_count;
} nd_limits;

/* Reads the limits from the first bytes of a file. `head` must hold at least
 * 12 bytes; ND_ERR_TRUNCATED asks for more: *needed (when not NULL) then
 * holds how many (at most 4108). */
nd_status nd_reader_probe(const uint8_t* head, size_t head_len, nd_limits* out, size_t* needed);

/* Workspace layouts, flags of nd_reader_workspace_size_for (combine with |):
 *  ND_WS_IO    read through a callback (nd_reader_open_io) instead of memory.
 *  ND_WS_MIN   minimal (small devices): no text buffer of the reader's own.
 *              nd_reader_summary and nd_reader_check_at then fail with
 *              ND_ERR_TOO_LARGE; use nd_reader_summary_into, and
 *              nd_reader_body, which decodes in place in the caller's buffer.
 *  ND_WS_FAST  fast (hosts): the full layout plus, per dictionary, its
 *              decoding tables digested once (a ZSTD_DDict referencing the
 *              dictionary, about 27 KiB each) when the dictionary becomes
 *              available (embedded: at open; preloaded: in
 *              nd_reader_add_dictionary), instead of once per digest. Same
 *              results; equal to the full size for a file without
 *              dictionaries and for device builds (NEWSDIGEST_READER_NO_DDICT).
 *              Ignored together with ND_WS_MIN.
 * Opening picks the largest of these layouts that ws_size allows. */
#define ND_WS_IO 1u
#define ND_WS_MIN 2u
#define ND_WS_FAST 4u

/* Workspace (bytes) needed to read a file with these limits in the layout
 * `flags` (0: full layout, memory mode). 0 when limits is NULL. */
size_t nd_reader_workspace_size_for(const nd_limits* limits, unsigned flags);

/* Deprecated spellings of nd_reader_workspace_size_for, kept for existing
 * callers: flags 0, ND_WS_IO, ND_WS_MIN, ND_WS_IO|ND_WS_MIN, ND_WS_FAST and
 * ND_WS_IO|ND_WS_FAST. */
size_t nd_reader_workspace_size(const nd_limits* limits);
size_t nd_reader_workspace_size_io(const nd_limits* limits);
size_t nd_reader_workspace_size_min(const nd_limits* limits);
size_t nd_reader_workspace_size_io_min(const nd_limits* limits);
size_t nd_reader_workspace_size_fast(const nd_limits* limits);
size_t nd_reader_workspace_size_io_fast(const nd_limits* limits);

typedef struct nd_reader nd_reader;

/* Opens a file held in memory (RAM, flash, mmap). `data` must stay valid and
 * unchanged while the reader is used. On success *out points into `ws`. */
nd_status nd_reader_open_memory(const uint8_t* data, size_t len, void* ws, size_t ws_size, nd_reader** out);

/* Read callback: copies exactly `len` bytes at `offset` to `dst`; returns 0
 * on success, nonzero on failure. Never asked for more than the workspace
 * can hold. */
typedef int (*nd_read_fn)(void* ctx, uint64_t offset, void* dst, size_t len);

/* Opens a file of `file_size` bytes read through `fn` (SD card, radio). */
nd_status nd_reader_open_io(nd_read_fn fn, void* ctx, uint64_t file_size, void* ws, size_t ws_size,
                            nd_reader** out);

/* Supplies a dictionary the file names but does not embed (preloaded on the
 * device). `content` is not copied and must outlive the reader. Fails with
 * ND_ERR_NOT_FOUND if the file does not use `id`, ND_ERR_CHECKSUM if the
 * content is not the one the file was built with. */
nd_status nd_reader_add_dictionary(nd_reader* r, uint32_t id, const uint8_t* content, size_t len);

/* File-level facts. */
uint32_t nd_reader_count(const nd_reader* r);
void nd_reader_limits(const nd_reader* r, nd_limits* out);
/* Nonzero when the index or trailer is damaged; digests are then found by
 * scanning the records (slower, still correct). */
int nd_reader_index_damaged(const nd_reader* r);

/* The number of digests that can be addressed by index i: the header's
 * count when the index is intact; with a damaged index, the number of
 * digest records found by scanning the whole file (done once and cached:
 * later calls and nd_reader_offset beyond it cost nothing). A header may
 * claim up to 16 Mi digests that a short file cannot hold: iterate up to
 * this count and report the difference once. */
nd_status nd_reader_readable_count(nd_reader* r, uint32_t* count);

/* Header facts that do not size the workspace. */
typedef struct nd_file_info {
  uint32_t article_limit; /* the article size limit the writer enforced */
  int64_t created;        /* creation time, UTC seconds (0: reproducible build) */
  uint64_t first_record;  /* offset of the first record (after the header) */
} nd_file_info;
nd_status nd_reader_file_info(const nd_reader* r, nd_file_info* out);

/* Dictionary k (k < limits.dict_count) of the header's list. `content` is
 * non-NULL when the dictionary is available (embedded and intact, or
 * supplied): the plain dictionary, pointing into the file (memory mode) or
 * the workspace (callback mode, or decompressed from a compressed embedded
 * copy); valid as long as the reader. */
typedef struct nd_dict_info {
  uint32_t id;
  uint32_t content_crc;
  uint32_t size;
  int embedded;
  int compressed; /* embedded as a zstd frame */
  nd_str lang;
  const uint8_t* content;
} nd_dict_info;
nd_status nd_reader_dictionary(const nd_reader* r, uint32_t k, nd_dict_info* out);

#define ND_MAX_KEYWORDS 16

/* Metadata of one digest; nothing is decompressed to get it. */
typedef struct nd_meta {
  nd_str id, title, source, place, byline, url, lang;
  int64_t published; /* UTC seconds, 0 unknown */
  uint32_t text_size;        /* body size, bytes */
  uint32_t summary_size;     /* summary size, bytes */
  uint32_t summary_count;    /* number of summary sentences */
  uint32_t dict_id;          /* 0: no dictionary */
  uint32_t keyword_count;    /* keywords[0 .. min(count, ND_MAX_KEYWORDS)) */
  nd_str keywords[ND_MAX_KEYWORDS];
} nd_meta;

/* Byte offset of the record of digest i. */
nd_status nd_reader_offset(nd_reader* r, uint32_t i, uint64_t* offset);

nd_status nd_reader_meta(nd_reader* r, uint32_t i, nd_meta* out);
nd_status nd_reader_meta_at(nd_reader* r, uint64_t offset, nd_meta* out);

/* The summary sentences of digest i: sentences[k] for k < *count (at most
 * `cap`; ND_ERR_BUFFER_TOO_SMALL when cap is too small). Decompresses only
 * the summary's part of the text. Strings point into the workspace and stay
 * valid until the next call on this reader. */
nd_status nd_reader_summary(nd_reader* r, uint32_t i, nd_str* sentences, uint32_t cap, uint32_t* count);
nd_status nd_reader_summary_at(nd_reader* r, uint64_t offset, nd_str* sentences, uint32_t cap, uint32_t* count);

/* The summary of digest i decoded into the caller's buf[0 .. buf_cap)
 * (buf_cap >= meta.summary_size, else ND_ERR_BUFFER_TOO_SMALL); sentences
 * point into buf. Works with any workspace. A following nd_reader_body of
 * the same digest with out == buf (cap >= meta.text_size) resumes the
 * decoding instead of starting over, provided buf[0 .. summary_size) was
 * left unchanged. */
nd_status nd_reader_summary_into(nd_reader* r, uint32_t i, char* buf, size_t buf_cap, nd_str* sentences,
                                 uint32_t cap, uint32_t* count);
nd_status nd_reader_summary_into_at(nd_reader* r, uint64_t offset, char* buf, size_t buf_cap, nd_str* sentences,
                                    uint32_t cap, uint32_t* count);

/* The full body of digest i into out[0 .. cap); *len receives its size.
 * ND_ERR_BUFFER_TOO_SMALL when cap < the body size (meta.text_size). The
 * body is decoded in place in `out` (no second text buffer), unless a
 * summary of the same digest was just decoded into the workspace. */
nd_status nd_reader_body(nd_reader* r, uint32_t i, char* out, size_t cap, size_t* len);
nd_status nd_reader_body_at(nd_reader* r, uint64_t offset, char* out, size_t cap, size_t* len);

/* Stream reading: finds the next intact record at or after *pos (skipping
 * damaged bytes, resynchronizing on the next record that checks out).
 * On ND_OK, *offset is the record's offset, *kind its kind (1 digest,
 * 2 dictionary, 3 index) and *pos the offset just after it. Returns
 * ND_ERR_NOT_FOUND when no further record exists. Start with *pos = 0.
 * A candidate is accepted on its header and metadata checksum (digests),
 * as a dictionary record only where open found one intact, as the index
 * only where the index must end (before the trailer, with the header's
 * digest count). Linear in the file size: each byte is checksummed a
 * bounded number of times however many candidates overlap it. */
nd_status nd_reader_scan(nd_reader* r, uint64_t* pos, uint64_t* offset, uint32_t* kind);

/* The framing of the record at `offset`, whose header and metadata check
 * out (meta_crc; the text is not checked here): kind, header size, payload
 * and metadata lengths, and for a digest the offset of the record holding
 * its text (text_ref, 0 when it holds its own). The record's bytes are
 * [offset, offset + header_size + payload_len). */
typedef struct nd_record {
  uint32_t kind;
  uint32_t header_size;
  uint32_t payload_len;
  uint32_t meta_len;
  uint32_t text_ref;
} nd_record;
nd_status nd_reader_record_at(nd_reader* r, uint64_t offset, nd_record* out);

/* Verifies every byte of the record at `offset` (both checksums and a full
 * decompression), without producing output. Needs a full workspace
 * (ND_ERR_TOO_LARGE with a minimal one). */
nd_status nd_reader_check_at(nd_reader* r, uint64_t offset);

/* ---- Signatures (nd_reader_sign.cc; CMake target newsdigest::reader_sign,
 * which needs libsodium's Ed25519 verify and SHA-512: the host library, or
 * on devices the verify-only build of tools/firmware/sodium_verify.cmake).
 * Format: core/format/FORMAT.md, "Signature". Each function reads the file
 * once, front to back (plus its 24-byte trailer first), with no allocation;
 * `ws` (8-byte aligned, at least ND_SIGN_WORKSPACE_MIN bytes) holds the
 * hash state, the signature record and, in callback mode, the read buffer
 * (a larger workspace: fewer, larger reads). The workspace may be the
 * reader's own before nd_reader_open_* (verify first, then open). Stack:
 * about 3 KiB on Cortex-M4 (libsodium's ref10 verify).
 * Results, in the order they are checked:
 *   ND_ERR_TRUNCATED / ND_ERR_CORRUPT / ND_ERR_BAD_VERSION  not a complete
 *       digest file (no trailer, bad trailer checksum, other major version);
 *   ND_ERR_NOT_SIGNED           the trailer names no signature record;
 *   ND_ERR_SIGNATURE_MALFORMED  the signature record is truncated, malformed
 *       or not where it must be (right before the index);
 *   ND_ERR_WRONG_KEY            signed by a key whose id is not `pubkey`'s;
 *   ND_ERR_BAD_SIGNATURE        the bytes are not the ones that were signed;
 *   ND_ERR_IO                   the read callback failed;
 *   ND_OK                       every byte is as the key's owner signed it. */
#define ND_SIGN_PUBLIC_KEY_BYTES 32
#define ND_SIGN_KEY_ID_BYTES 8
#define ND_SIGN_WORKSPACE_MIN 384u

nd_status nd_verify_memory(const uint8_t* data, size_t len, const uint8_t pubkey[ND_SIGN_PUBLIC_KEY_BYTES], void* ws,
                           size_t ws_size);
nd_status nd_verify_io(nd_read_fn fn, void* ctx, uint64_t file_size, const uint8_t pubkey[ND_SIGN_PUBLIC_KEY_BYTES],
                       void* ws, size_t ws_size);
/* The same on the input of an open reader (its workspace is not touched). */
nd_status nd_reader_verify_signature(const nd_reader* r, const uint8_t pubkey[ND_SIGN_PUBLIC_KEY_BYTES], void* ws,
                                     size_t ws_size);
/* The id of a public key: the first 8 bytes of SHA-512(pubkey). */
void nd_sign_key_id(const uint8_t pubkey[ND_SIGN_PUBLIC_KEY_BYTES], uint8_t key_id[ND_SIGN_KEY_ID_BYTES]);
/* Who signed a file, without verifying: ND_OK and the key id and offset of
 * the signature record, or the errors above up to ND_ERR_SIGNATURE_MALFORMED
 * (trust nothing before nd_verify_* says ND_OK). */
nd_status nd_signature_find(nd_read_fn fn, void* ctx, uint64_t file_size, uint8_t key_id[ND_SIGN_KEY_ID_BYTES],
                            uint64_t* record_offset);
nd_status nd_signature_find_memory(const uint8_t* data, size_t len, uint8_t key_id[ND_SIGN_KEY_ID_BYTES],
                                   uint64_t* record_offset);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif  /* NEWSDIGEST_READER_ND_READER_H_ */
