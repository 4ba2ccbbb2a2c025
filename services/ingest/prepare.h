// From what a client sent to the document dossier keeps: validation,
// normalisation, metadata and the id. Pure; no I/O.
#ifndef DOSSIER_SERVICES_INGEST_PREPARE_H_
#define DOSSIER_SERVICES_INGEST_PREPARE_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
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
// reason, for: no text or an empty one (also after cleaning), text over the
// size limit, text that is not UTF-8 (with the byte offset), an invalid
// date, too long a key, too many labels. Otherwise the document with id,
// name, content hash, original and cleaned text (article.h) and metadata:
// what the client gave (provenance CLIENT) and, where it gave nothing, what
// the text says (provenance EXTRACTED). `now` stands for the receive time
// when the client gives none; accept_time is left for the caller.
absl::StatusOr<v1::Document> PrepareDocument(const v1::DocumentInput& input,
                                             const PrepareOptions& options, absl::Time now);

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_PREPARE_H_
