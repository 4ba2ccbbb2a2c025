// From what a client sent to the document dossier keeps: validation,
// normalisation, metadata and the id. Pure; no I/O.
#ifndef DOSSIER_SERVICES_INGEST_PREPARE_H_
#define DOSSIER_SERVICES_INGEST_PREPARE_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "dossier/v1/document.pb.h"

namespace dossier::ingest {

struct PrepareOptions {
  // Largest text accepted, in bytes, before normalisation.
  // Default: 2 MiB.
  size_t max_document_bytes = size_t{2} << 20;
  // Longest client key, in bytes.
  // Default: 1024.
  size_t max_client_key_bytes = 1024;
  // Most labels per document.
  // Default: 32.
  int max_labels = 32;
};

// INVALID_ARGUMENT, naming the field (as "document.<field>") and the
// reason, for: no text or an empty one, text over the size limit, text that
// is not UTF-8 (with the byte offset), an invalid date, too long a key, too
// many labels. Otherwise the document with id, name, content hash, original
// and normalised text and client metadata (provenance CLIENT); accept_time
// is left for the caller.
absl::StatusOr<v1::Document> PrepareDocument(const v1::DocumentInput& input,
                                             const PrepareOptions& options);

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_PREPARE_H_
