// How the documents family stores a document: smaller than the
// dossier.v1.Document the API returns, which it turns back into exactly.
// What can be derived again is not stored (id and name come from the key,
// the content hash from the text, mention and quote texts from their spans,
// a mention's sentence from the sentences, entity keys from their names
// when they are the plain fold, a story id equal to the document's own;
// entity ids are not kept at all: the registry gives them as a document is
// read, and decoding fills the id a key starts with),
// and the original text is kept as a Zstandard patch against the
// normalised text, which it differs from by a header, a repeated lead or a
// few spaces. Values of older stores (a plain serialized Document) still
// read. Pure; no I/O.
#ifndef DOSSIER_SERVICES_QUERY_STORED_DOCUMENT_H_
#define DOSSIER_SERVICES_QUERY_STORED_DOCUMENT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "dossier/v1/document.pb.h"

namespace dossier::query {

// `document` must have its id set and its entities' ids filled.
std::string EncodeStoredDocument(const v1::Document& document);

// The document stored under `id` (32 hex digits) as `value`. DATA_LOSS when
// the value does not decode.
absl::Status DecodeStoredDocument(absl::string_view id, absl::string_view value,
                                  v1::Document* document);

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_STORED_DOCUMENT_H_
