// update_test_io.h: in-memory callbacks for the device applier's tests.
#include "update_test_io.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "newsdigest/format/format.h"
#include "newsdigest/update/update_format.h"

namespace newsdigest::update_test {
namespace update_test_io_detail {

int ReadFrom(const std::string& src, MemoryIo* m, uint64_t off, void* dst, size_t len) {
  m->max_io = std::max(m->max_io, len);
  if (off > src.size() || len > src.size() - off) return 1;
  std::memcpy(dst, src.data() + off, len);
  return 0;
}
int ReadOld(void* ctx, uint64_t off, void* dst, size_t len) {
  auto* m = static_cast<MemoryIo*>(ctx);
  return ReadFrom(*m->old_file, m, off, dst, len);
}
int ReadUpdate(void* ctx, uint64_t off, void* dst, size_t len) {
  auto* m = static_cast<MemoryIo*>(ctx);
  return ReadFrom(*m->update, m, off, dst, len);
}
int WriteNew(void* ctx, uint64_t off, const void* src, size_t len) {
  auto* m = static_cast<MemoryIo*>(ctx);
  m->max_io = std::max(m->max_io, len);
  ++m->writes;
  if (off != m->out.size()) {
    m->order_ok = false;
    return 1;
  }
  m->out.append(static_cast<const char*>(src), len);
  return 0;
}
nd_status VerifyNew(void* ctx, uint64_t new_size) {
  auto* m = static_cast<MemoryIo*>(ctx);
  ++m->verify_calls;
  return m->verify(new_size);
}

}  // namespace update_test_io_detail

int ReadWritten(void* memory_io, uint64_t off, void* dst, size_t len) {
  auto* m = static_cast<MemoryIo*>(memory_io);
  return update_test_io_detail::ReadFrom(m->out, m, off, dst, len);
}

nd_update_io MemoryUpdateIo(MemoryIo* m) {
  namespace d = update_test_io_detail;
  nd_update_io io;
  std::memset(&io, 0, sizeof io);
  io.read_old = d::ReadOld;
  io.old_ctx = m;
  io.old_size = m->old_file->size();
  io.read_update = d::ReadUpdate;
  io.update_ctx = m;
  io.update_size = m->update->size();
  io.write_new = d::WriteNew;
  io.read_new = ReadWritten;
  io.new_ctx = m;
  if (m->verify) {
    io.verify_new = d::VerifyNew;
    io.verify_ctx = m;
  }
  return io;
}

nd_status ApplyWithChunk(const nd_update_io& io, size_t chunk, nd_update_info* info) {
  std::vector<uint64_t> ws((nd_update_workspace_size(chunk) + 7) / 8);
  return nd_update_apply(&io, ws.data(), ws.size() * 8, info);
}

std::string Reseal(std::string u) {
  u.resize(u.size() - update::kCrcSize);
  auto* p = reinterpret_cast<uint8_t*>(u.data());
  format::StoreLE32(p + update::kOffUpdateSize, static_cast<uint32_t>(u.size() + update::kCrcSize));
  uint8_t crc[4];
  format::StoreLE32(crc, format::Crc32c(0, u.data(), u.size()));
  u.append(reinterpret_cast<const char*>(crc), sizeof crc);
  return u;
}

std::string WithOps(const std::string& update, const std::string& ops) {
  return Reseal(update.substr(0, update::kHeaderSize) + ops + "0000");
}

}  // namespace newsdigest::update_test
