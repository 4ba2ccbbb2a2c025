#include "services/query/paging.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "google/protobuf/io/coded_stream.h"

namespace dossier::query {

absl::StatusOr<size_t> PageSize(int32_t requested, int32_t fallback, int32_t most,
                                absl::string_view field) {
  if (requested < 0) {
    return InvalidFieldError(field, "INVALID_PAGE_SIZE",
                             absl::StrCat(field, " must not be negative"));
  }
  return static_cast<size_t>(std::min(requested == 0 ? fallback : requested, most));
}

absl::Status InvalidPageTokenError() {
  return InvalidFieldError("page_token", "INVALID_PAGE_TOKEN",
                           "page_token is not one this service issued");
}

size_t ElementBytes(const google::protobuf::Message& message) {
  const size_t size = message.ByteSizeLong();
  return size + 1 + google::protobuf::io::CodedOutputStream::VarintSize64(size);
}

bool PageBudget::Take(size_t bytes) {
  if (taken_ > 0 && used_ + bytes + reserve_ > limit_) return false;
  used_ += bytes;
  ++taken_;
  return true;
}

}  // namespace dossier::query
