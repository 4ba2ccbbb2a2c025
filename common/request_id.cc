#include "common/request_id.h"

#include <cstdint>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"

namespace dossier {
namespace {

thread_local std::string current_request_id;

bool Allowed(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == ':' || c == ',' || c == '+' || c == '/' || c == '=';
}

}  // namespace

std::string NewRequestId() {
  thread_local absl::BitGen bits;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (int half = 0; half < 2; ++half) {
    uint64_t r = absl::Uniform<uint64_t>(bits);
    for (int i = 0; i < 16; ++i) {
      id[half * 16 + i] = kHex[r & 0xF];
      r >>= 4;
    }
  }
  return id;
}

std::string CleanRequestId(absl::string_view given) {
  std::string id;
  for (char c : given) {
    if (id.size() == kMaxRequestIdLength) break;
    if (Allowed(c)) id.push_back(c);
  }
  return id;
}

const std::string& CurrentRequestId() { return current_request_id; }

ScopedRequestId::ScopedRequestId(std::string id) : previous_(std::move(current_request_id)) {
  current_request_id = std::move(id);
}

ScopedRequestId::~ScopedRequestId() { current_request_id = std::move(previous_); }

}  // namespace dossier
