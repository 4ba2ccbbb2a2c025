// Integers in store keys: big-endian, so that RocksDB's bytewise order is
// numeric order.
#ifndef DOSSIER_COMMON_KEYS_H_
#define DOSSIER_COMMON_KEYS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace dossier {

inline void AppendBigEndian32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xFF));
}

inline void AppendBigEndian64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xFF));
}

inline std::string BigEndian64(uint64_t v) {
  std::string out;
  AppendBigEndian64(&out, v);
  return out;
}

// `in` must hold at least 4 (8) bytes.
inline uint32_t ReadBigEndian32(absl::string_view in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
  return v;
}

inline uint64_t ReadBigEndian64(absl::string_view in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
  return v;
}

}  // namespace dossier

#endif  // DOSSIER_COMMON_KEYS_H_
