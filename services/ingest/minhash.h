// Near-duplicate detection: MinHash signatures of word 5-shingles and
// locality-sensitive hashing over bands of them. Two texts whose shingle
// sets have Jaccard similarity s share one of 20 bands of 3 rows with
// probability 1 - (1 - s^3)^20: 0.99 at s = 0.6, 0.93 at 0.5, 0.42 at 0.3;
// candidates are then kept or dropped by their estimated similarity.
#ifndef DOSSIER_SERVICES_INGEST_MINHASH_H_
#define DOSSIER_SERVICES_INGEST_MINHASH_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace dossier::ingest {

inline constexpr int kMinHashes = 60;
inline constexpr int kBands = 20;
inline constexpr int kRowsPerBand = kMinHashes / kBands;

// The low 16 bits of each of the 60 minima (b-bit minwise hashing): two
// different minima agree in them by chance once in 65,536, which moves a
// similarity estimate by less than its own error, at half the bytes.
using Signature = std::array<uint16_t, kMinHashes>;

// The signature of `text`'s word 5-shingles (lower case, letters and
// digits). Texts of fewer than five words hash their words instead.
Signature MinHash(absl::string_view text);

// The hash of band `band` of a signature.
uint64_t BandHash(const Signature& signature, int band);

// The share of equal positions: an estimate of the Jaccard similarity
// (standard error about 0.065 at s = 0.5).
float EstimatedJaccard(const Signature& a, const Signature& b);

// 60 × u16, little-endian.
std::string EncodeSignature(const Signature& signature);
// False when `bytes` is not an encoded signature (60 × u16; or 60 × u32,
// as stores before b-bit signatures kept them).
bool DecodeSignature(absl::string_view bytes, Signature* signature);

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_MINHASH_H_
