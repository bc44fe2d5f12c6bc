// NewSigningSink (sign.h): buffers a writer's output, signs it at Commit().
#include <cstring>

#include "newsdigest/sign/sign.h"

namespace newsdigest::sign {
namespace signing_sink_detail {

class SigningSink final : public writer::WritableSink {
 public:
  SigningSink(std::unique_ptr<writer::WritableSink> inner, const SecretKey& key)
      : inner_(std::move(inner)), key_(key) {}
  ~SigningSink() override { Abandon(); }

  Status Append(std::string_view data) override {
    if (!status_.ok()) return status_;
    buf_.append(data);
    return Status::OK();
  }
  Status WriteAt(uint64_t offset, std::string_view data) override {
    if (!status_.ok()) return status_;
    if (offset > buf_.size() || data.size() > buf_.size() - offset)
      return status_ = Status::InvalidArgument("write beyond the end");
    std::memcpy(buf_.data() + offset, data.data(), data.size());
    return Status::OK();
  }
  Status Commit() override {
    if (!status_.ok()) return status_;
    if (done_) return Status::OK();
    std::string signed_bytes;
    status_ = SignFile(buf_, key_, &signed_bytes);
    if (status_.ok()) status_ = inner_->Append(signed_bytes);
    if (status_.ok()) status_ = inner_->Commit();
    if (!status_.ok()) {
      inner_->Abandon();
      return status_;
    }
    done_ = true;
    std::string().swap(buf_);
    return Status::OK();
  }
  void Abandon() override {
    if (done_) return;
    done_ = true;
    inner_->Abandon();
    std::string().swap(buf_);
  }
  Status status() const override { return status_.ok() ? inner_->status() : status_; }
  int last_errno() const override { return inner_->last_errno(); }
  const std::string& name() const override { return inner_->name(); }
  uint64_t size() const override { return buf_.size(); }

 private:
  std::unique_ptr<writer::WritableSink> inner_;
  SecretKey key_;
  std::string buf_;
  Status status_;
  bool done_ = false;
};

}  // namespace signing_sink_detail

std::unique_ptr<writer::WritableSink> NewSigningSink(std::unique_ptr<writer::WritableSink> inner, const SecretKey& key) {
  return std::make_unique<signing_sink_detail::SigningSink>(std::move(inner), key);
}

}  // namespace newsdigest::sign
