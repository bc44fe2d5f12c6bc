// Update demo firmware: the device holds edition 1 (linked into flash),
// receives an update (a linked blob, handed to the applier in small chunks
// by a read callback, as a radio or USB driver would), applies it with the
// no-heap applier into a second "flash area", and only when the applier
// returns ND_OK switches to the new edition: lists the new headlines and
// checks every headline and body against the host's values
// (update_expected.h). The applier checks OLD's SHA-512 before and NEW's
// SHA-512 and signature after (verify_new: the no-heap nd_verify_io reading
// NEW back from the new area, with the publisher's public key linked in from
// update_key.h), all with libsodium's verify-only device build.
// Built three times: nd_fw_update (the good, signed update: must pass),
// nd_fw_update_reject (ND_FWU_EXPECT_REJECT=ND_ERR_UPDATE_TAMPERED: a
// tampered update with its CRC recomputed) and nd_fw_update_reject_sig
// (ND_FWU_EXPECT_REJECT=ND_ERR_WRONG_KEY: NEW correctly hashed, signed by
// another key); a rejected update exposes nothing.
// Exit status 0 when the run behaves as expected; console: semihosting.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/update/nd_update.h"
#include "semihost.h"
#include "update_expected.h"
#include "update_key.h"  // kNdFwuPublicKey: the publisher's key (a test key)

extern "C" {
extern const uint8_t nd_fw_update_old[];
extern const uint8_t nd_fw_update_old_end[];
extern const uint8_t nd_fw_update_blob[];
extern const uint8_t nd_fw_update_blob_end[];
extern uint8_t nd_fw_update_area[];  // 64 KiB, update_blob.S.in
extern uint8_t __free_start[];
extern uint8_t __stack_limit[];
extern uint8_t __data_start[], __data_end[], __bss_start[], __bss_end[];
}

namespace update_main_detail {

// The second flash area (the inactive slot). mps2-an386's SSRAM1 at 0 is
// the demo's "flash" and is writable under QEMU: a real device erases and
// programs its flash here instead of memcpy.
constexpr size_t kAreaSize = 64 * 1024;
uint8_t* const g_area = nd_fw_update_area;

constexpr size_t kChunk = 256;  // bytes per read/write callback
constexpr size_t kBodyCap = 4096;
// The body buffer doubles as the applier's workspace: the apply is over
// before any body is decoded, so the update costs no RAM of its own beyond
// the stack.
alignas(8) char g_body[kBodyCap];
uint8_t* const g_update_ws = reinterpret_cast<uint8_t*>(g_body);
constexpr size_t kUpdateWsCap = kBodyCap;

int failures = 0;
uint32_t g_update_reads = 0, g_max_read = 0, g_writes = 0;

uint32_t Fnv(const char* p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) {
    h ^= static_cast<uint8_t>(p[i]);
    h *= 16777619u;
  }
  return h;
}

void Fail(const char* what, uint32_t i, nd_status s) {
  ++failures;
  nd_sh_puts("FAIL ");
  nd_sh_puts(what);
  nd_sh_puts(" ");
  nd_sh_putu(i);
  nd_sh_puts(" status ");
  nd_sh_putu(static_cast<uint32_t>(s));
  nd_sh_puts("\n");
}

int ReadOld(void*, uint64_t off, void* dst, size_t len) {
  const size_t size = static_cast<size_t>(nd_fw_update_old_end - nd_fw_update_old);
  if (off > size || len > size - off) return 1;
  memcpy(dst, nd_fw_update_old + off, len);
  return 0;
}
// The update arrives in chunks of at most kChunk bytes.
int ReadUpdate(void*, uint64_t off, void* dst, size_t len) {
  const size_t size = static_cast<size_t>(nd_fw_update_blob_end - nd_fw_update_blob);
  if (off > size || len > size - off) return 1;
  ++g_update_reads;
  if (len > g_max_read) g_max_read = static_cast<uint32_t>(len);
  memcpy(dst, nd_fw_update_blob + off, len);
  return 0;
}
int WriteArea(void*, uint64_t off, const void* src, size_t len) {
  if (off > kAreaSize || len > kAreaSize - off) return 1;
  ++g_writes;
  memcpy(g_area + off, src, len);
  return 0;
}

// Reads back NEW (the INDEX operation rebuilds the index from the record
// headers already written).
int ReadArea(void*, uint64_t off, void* dst, size_t len) {
  if (off > kAreaSize || len > kAreaSize - off) return 1;
  memcpy(dst, g_area + off, len);
  return 0;
}

// The verify hook (step 7), called once NEW's SHA-512 matched: NEW's
// signature, streamed once from the new area through a read callback (as
// from flash), with the key linked into the firmware; then the reader must
// open NEW (header and trailer CRCs, index). The reader's workspace is free
// during the apply, so the verify uses it (a larger workspace: fewer reads).
uint8_t* g_reader_ws = nullptr;
size_t g_reader_ws_size = 0;
nd_status VerifyNew(void*, uint64_t new_size) {
  nd_status s = nd_verify_io(ReadArea, nullptr, new_size, kNdFwuPublicKey, g_reader_ws, g_reader_ws_size);
  nd_sh_puts("signature of NEW: status ");
  nd_sh_putu(static_cast<uint32_t>(s));
  nd_sh_puts(s == ND_OK ? " (ok)\n" : " (rejected)\n");
  if (s != ND_OK) return s;
  nd_limits lim;
  size_t needed = 0;
  s = nd_reader_probe(g_area, static_cast<size_t>(new_size), &lim, &needed);
  if (s != ND_OK) return s;
  if (nd_reader_workspace_size_min(&lim) > g_reader_ws_size) return ND_ERR_TOO_LARGE;
  nd_reader* r = nullptr;
  s = nd_reader_open_memory(g_area, static_cast<size_t>(new_size), g_reader_ws, g_reader_ws_size, &r);
  if (s != ND_OK) return s;
  return nd_reader_index_damaged(r) ? ND_ERR_CORRUPT : ND_OK;
}

int Run() {
  g_reader_ws = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(__free_start) + 7u) & ~uintptr_t{7});
  g_reader_ws_size = static_cast<size_t>(__stack_limit - g_reader_ws);
  const size_t ws_size = nd_update_workspace_size(kChunk);
  if (ws_size > kUpdateWsCap) {
    Fail("update workspace", static_cast<uint32_t>(ws_size), ND_ERR_TOO_LARGE);
    return 1;
  }
  nd_update_io io;
  memset(&io, 0, sizeof io);
  io.read_old = ReadOld;
  io.old_size = static_cast<uint64_t>(nd_fw_update_old_end - nd_fw_update_old);
  io.read_update = ReadUpdate;
  io.update_size = static_cast<uint64_t>(nd_fw_update_blob_end - nd_fw_update_blob);
  io.write_new = WriteArea;
  io.read_new = ReadArea;
  io.current_sequence = 1;  // the edition held (edition 1)
  io.verify_new = VerifyNew;
  nd_update_info info;
  memset(&info, 0, sizeof info);
  const nd_status s = nd_update_apply(&io, g_update_ws, ws_size, &info);
  nd_sh_puts("update ");
  nd_sh_putu(static_cast<uint32_t>(io.update_size));
  nd_sh_puts(" bytes, sequence ");
  nd_sh_putu(static_cast<uint32_t>(info.sequence));
  nd_sh_puts(", new edition ");
  nd_sh_putu(info.new_size);
  nd_sh_puts(" bytes; chunks read ");
  nd_sh_putu(g_update_reads);
  nd_sh_puts(" (max ");
  nd_sh_putu(g_max_read);
  nd_sh_puts(" bytes), writes ");
  nd_sh_putu(g_writes);
  nd_sh_puts("; status ");
  nd_sh_putu(static_cast<uint32_t>(s));
  nd_sh_puts("\n");
  nd_sh_puts("RAM update workspace ");
  nd_sh_putu(static_cast<uint32_t>(ws_size));
  nd_sh_puts("\n");

#ifdef ND_FWU_EXPECT_REJECT
  // The bad update must be rejected with its own status (NEW's SHA-512, or
  // the signature step), and the device keeps edition 1: nothing is exposed.
  if (s == ND_FWU_EXPECT_REJECT) {
    nd_sh_puts("REJECTED update (status ");
    nd_sh_putu(static_cast<uint32_t>(s));
    nd_sh_puts(s == ND_ERR_UPDATE_TAMPERED ? ", tampered" : ", signature");
    nd_sh_puts("): keeping edition 1\nRESULT PASS\n");
    return 0;
  }
  Fail("bad update not rejected with the expected status", static_cast<uint32_t>(ND_FWU_EXPECT_REJECT), s);
  nd_sh_puts("RESULT FAIL\n");
  return 1;
#else
  if (s != ND_OK) {
    Fail("apply", 0, s);
    nd_sh_puts("RESULT FAIL\n");
    return 1;
  }
  if (info.new_size != ND_FWU_NEW_BYTES) Fail("new size", info.new_size, ND_ERR_CORRUPT);
  // Switch: the new area is the active edition now.
  nd_limits lim;
  size_t needed = 0;
  nd_reader* r = nullptr;
  nd_status rs = nd_reader_probe(g_area, info.new_size, &lim, &needed);
  const size_t rws = nd_reader_workspace_size_min(&lim);
  if (rs == ND_OK) rs = nd_reader_open_memory(g_area, info.new_size, g_reader_ws, rws, &r);
  if (rs != ND_OK || lim.max_text_size > kBodyCap) {
    Fail("open new edition", 0, rs);
    nd_sh_puts("RESULT FAIL\n");
    return 1;
  }
  const uint32_t n = nd_reader_count(r);
  if (n != ND_FWU_DIGESTS) Fail("count", n, ND_ERR_CORRUPT);
  for (uint32_t i = 0; i < n && i < ND_FWU_DIGESTS; ++i) {
    nd_meta m;
    rs = nd_reader_meta(r, i, &m);
    if (rs != ND_OK) {
      Fail("meta", i, rs);
      continue;
    }
    if (i >= ND_FWU_FIRST_NEW) {
      nd_sh_puts("NEW ");
      nd_sh_putu(i);
      nd_sh_puts(" ");
      nd_sh_write(m.title.ptr, m.title.len);
      nd_sh_puts("\n");
    }
    if (Fnv(m.title.ptr, m.title.len) != kNdFwuTitleSums[i]) Fail("headline checksum", i, ND_OK);
    size_t len = 0;
    rs = nd_reader_body(r, i, g_body, kBodyCap, &len);
    if (rs != ND_OK) {
      Fail("body", i, rs);
      continue;
    }
    const uint32_t sum = Fnv(g_body, len);
    nd_sh_puts("B ");
    nd_sh_putu(i);
    nd_sh_puts(" sum ");
    nd_sh_puthex(sum);
    nd_sh_puts(sum == kNdFwuBodySums[i] ? " ok\n" : " MISMATCH\n");
    if (sum != kNdFwuBodySums[i]) ++failures;
  }
  const uint32_t data_bss = static_cast<uint32_t>((__data_end - __data_start) + (__bss_end - __bss_start));
  nd_sh_puts("RAM data+bss ");
  nd_sh_putu(data_bss);
  nd_sh_puts(" (flash area ");
  nd_sh_putu(static_cast<uint32_t>(kAreaSize));
  nd_sh_puts(" bytes is in flash) reader workspace ");
  nd_sh_putu(static_cast<uint32_t>(rws));
  nd_sh_puts(" stack_peak ");
  nd_sh_putu(nd_fw_stack_peak());
  nd_sh_puts("\n");
  nd_sh_puts(failures == 0 ? "RESULT PASS\n" : "RESULT FAIL\n");
  return failures == 0 ? 0 : 1;
#endif
}

}  // namespace update_main_detail

int main() { return update_main_detail::Run(); }
