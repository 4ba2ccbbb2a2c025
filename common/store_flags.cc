#include "common/store_flags.h"

#include <cstdint>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"

ABSL_FLAG(int64_t, store_memory_mb, 0,
          "MiB RocksDB may hold in memory for the store: block cache, index and filter blocks "
          "and memtables together (memory stays bounded however large the store grows); "
          "0: the service's default (query 512, ingest 256). The tagger keeps no store and "
          "only checks the value, so that one set of flags serves all three services");

namespace dossier {

absl::Status ApplyStoreFlags(size_t default_mb, StoreOptions* options) {
  int64_t mb = absl::GetFlag(FLAGS_store_memory_mb);
  if (mb == 0) mb = static_cast<int64_t>(default_mb);
  if (mb < 16) {
    return absl::InvalidArgumentError(absl::StrCat("--store_memory_mb=", mb, ": at least 16 MiB"));
  }
  options->memory_bytes = static_cast<size_t>(mb) << 20;
  return absl::OkStatus();
}

}  // namespace dossier
