// Constants of the public API that more than one program shares: caps
// that more than one service enforces, so that what one accepts the next
// takes too, and the names of headers that clients read.
#ifndef DOSSIER_COMMON_API_LIMITS_H_
#define DOSSIER_COMMON_API_LIMITS_H_

#include <cstddef>

namespace dossier {

// DocumentInput.outlet (ingest) and TagTextRequest.outlet (the tagger, to
// which ingest passes it on).
inline constexpr size_t kMaxOutletBytes = 256;

// The response header of QueryService.WatchDocuments that says the watch is
// registered (the CLI prints "watching" only then).
inline constexpr char kWatchOpenHeader[] = "dossier-watch-open";

}  // namespace dossier

#endif  // DOSSIER_COMMON_API_LIMITS_H_
