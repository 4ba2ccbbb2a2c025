// The command-line flag of the stores' memory, defined once for the two
// services that keep one (common/store_flags.cc): --store_memory_mb.
#ifndef DOSSIER_COMMON_STORE_FLAGS_H_
#define DOSSIER_COMMON_STORE_FLAGS_H_

#include "absl/status/status.h"
#include "common/store.h"

namespace dossier {

// Sets `options->memory_bytes` from --store_memory_mb, or to the
// service's own default when the flag is 0. INVALID_ARGUMENT for a budget
// below 16 MiB, where RocksDB would flush on every few writes.
absl::Status ApplyStoreFlags(size_t default_mb, StoreOptions* options);

}  // namespace dossier

#endif  // DOSSIER_COMMON_STORE_FLAGS_H_
