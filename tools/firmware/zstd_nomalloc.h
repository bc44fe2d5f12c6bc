/* Forced into every zstd source of the device build: zstd's allocation hooks
 * become stubs that return NULL, so no malloc/calloc/free is referenced. The
 * reader only uses a static DCtx (ZSTD_initStaticDCtx). */
#ifndef NEWSDIGEST_FIRMWARE_ZSTD_NOMALLOC_H_
#define NEWSDIGEST_FIRMWARE_ZSTD_NOMALLOC_H_
#define ZSTD_DEPS_MALLOC
#define ZSTD_malloc(s) ((void)(s), (void*)0)
#define ZSTD_calloc(n, s) ((void)(n), (void)(s), (void*)0)
#define ZSTD_free(p) ((void)(p))
#endif
