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

#ifdef __cplusplus
extern "C" {
#endif

/* NOTE: values are frozen (they equal newsdigest::Status::Code). */
typedef enum nd_status {
  ND_OK = 0,
  ND_ERR_INVALID_ARGUMENT = 1,
  ND_ERR_NOT_FOUND = 2,
  ND_ERR_CORRUPT = 3,
  ND_ERR_TRUNCATED = 4,
  ND_ERR_CHECKSUM = 5,
  ND_ERR_BAD_VERSION = 6,
  ND_ERR_TOO_LARGE = 7,
  ND_ERR_IO = 8,
  ND_ERR_NOT_SUPPORTED = 9,
  ND_ERR_DICTIONARY_MISSING = 10,
  ND_ERR_BUFFER_TOO_SMALL = 11
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

/* Workspace needed to read a file with these limits from memory. */
size_t nd_reader_workspace_size(const nd_limits* limits);
/* Workspace needed to read it through a read callback. */
size_t nd_reader_workspace_size_io(const nd_limits* limits);
/* Minimal workspaces (small devices): no text buffer of the reader's own.
 * With one, nd_reader_summary and nd_reader_check_at fail with
 * ND_ERR_TOO_LARGE; use nd_reader_summary_into, and nd_reader_body, which
 * decodes in place in the caller's buffer. Opening picks the full layout
 * whenever ws_size allows it. */
size_t nd_reader_workspace_size_min(const nd_limits* limits);
size_t nd_reader_workspace_size_io_min(const nd_limits* limits);
/* Fast workspaces (hosts): the full layout plus, per dictionary, its
 * decoding tables digested once (a ZSTD_DDict referencing the dictionary,
 * about 27 KiB each) when the dictionary becomes available (embedded: at
 * open; preloaded: in nd_reader_add_dictionary), instead of once per digest.
 * Same results, same rules; opening picks this layout whenever ws_size
 * allows it. Equal to the full sizes for a file without dictionaries. */
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
 * ND_ERR_NOT_FOUND when no further record exists. Start with *pos = 0. */
nd_status nd_reader_scan(nd_reader* r, uint64_t* pos, uint64_t* offset, uint32_t* kind);

/* Verifies every byte of the record at `offset` (both checksums and a full
 * decompression), without producing output. Needs a full workspace
 * (ND_ERR_TOO_LARGE with a minimal one). */
nd_status nd_reader_check_at(nd_reader* r, uint64_t offset);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif  /* NEWSDIGEST_READER_ND_READER_H_ */
