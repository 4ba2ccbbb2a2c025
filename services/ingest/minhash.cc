#include "services/ingest/minhash.h"

#include <xxhash.h>

#include <cstring>
#include <vector>

#include "absl/strings/ascii.h"
#include "common/binary_file.h"

namespace dossier::ingest {
namespace {

// Per-position multipliers and offsets: hash_i(x) = high 32 bits of
// (a_i * x + b_i), a_i odd. Fixed, so signatures are comparable forever.
struct Coefficients {
  uint64_t a[kMinHashes];
  uint64_t b[kMinHashes];
  Coefficients() {
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    auto next = [&state]() {
      state += 0x9e3779b97f4a7c15ULL;
      uint64_t z = state;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      return z ^ (z >> 31);
    };
    for (int i = 0; i < kMinHashes; ++i) {
      a[i] = next() | 1;
      b[i] = next();
    }
  }
};

const Coefficients& Coeffs() {
  static const Coefficients* c = new Coefficients();
  return *c;
}

std::vector<uint64_t> WordHashes(absl::string_view text) {
  std::vector<uint64_t> words;
  std::string word;
  auto flush = [&]() {
    if (!word.empty()) words.push_back(XXH3_64bits(word.data(), word.size()));
    word.clear();
  };
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u) || u >= 0x80) {
      word.push_back(absl::ascii_tolower(u));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

}  // namespace

Signature MinHash(absl::string_view text) {
  const std::vector<uint64_t> words = WordHashes(text);
  std::vector<uint64_t> shingles;
  constexpr size_t kShingle = 5;
  if (words.size() < kShingle) {
    shingles = words;
  } else {
    for (size_t i = 0; i + kShingle <= words.size(); ++i) {
      uint64_t h = 0;
      for (size_t k = 0; k < kShingle; ++k) h = XXH3_64bits_withSeed(&words[i + k], 8, h);
      shingles.push_back(h);
    }
  }
  std::array<uint32_t, kMinHashes> minima;
  minima.fill(UINT32_MAX);
  const Coefficients& c = Coeffs();
  for (uint64_t s : shingles) {
    for (int i = 0; i < kMinHashes; ++i) {
      const uint32_t v = static_cast<uint32_t>((c.a[i] * s + c.b[i]) >> 32);
      if (v < minima[i]) minima[i] = v;
    }
  }
  Signature signature;
  for (int i = 0; i < kMinHashes; ++i) signature[i] = static_cast<uint16_t>(minima[i]);
  return signature;
}

uint64_t BandHash(const Signature& signature, int band) {
  return XXH3_64bits_withSeed(&signature[band * kRowsPerBand], kRowsPerBand * sizeof(uint16_t),
                              static_cast<uint64_t>(band));
}

float EstimatedJaccard(const Signature& a, const Signature& b) {
  int equal = 0;
  for (int i = 0; i < kMinHashes; ++i) equal += a[i] == b[i] ? 1 : 0;
  return static_cast<float>(equal) / kMinHashes;
}

std::string EncodeSignature(const Signature& signature) {
  std::string out;
  out.reserve(sizeof(uint16_t) * kMinHashes);
  for (const uint16_t v : signature) AppendRaw(&out, v);
  return out;
}

bool DecodeSignature(absl::string_view bytes, Signature* signature) {
  size_t pos = 0;
  if (bytes.size() == sizeof(uint16_t) * kMinHashes) {
    for (uint16_t& v : *signature) ReadRaw(bytes, &pos, &v);
    return true;
  }
  if (bytes.size() == sizeof(uint32_t) * kMinHashes) {
    for (uint16_t& v : *signature) {
      uint32_t wide = 0;
      ReadRaw(bytes, &pos, &wide);
      v = static_cast<uint16_t>(wide);
    }
    return true;
  }
  return false;
}

}  // namespace dossier::ingest
