// Caps of the public API that more than one service enforces, so that what
// one accepts the next takes too.
#ifndef DOSSIER_COMMON_API_LIMITS_H_
#define DOSSIER_COMMON_API_LIMITS_H_

#include <cstddef>

namespace dossier {

// DocumentInput.outlet (ingest) and TagTextRequest.outlet (the tagger, to
// which ingest passes it on).
inline constexpr size_t kMaxOutletBytes = 256;

}  // namespace dossier

#endif  // DOSSIER_COMMON_API_LIMITS_H_
