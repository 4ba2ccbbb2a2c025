// A document larger than a response comes without some of its fields
// (Document.omitted_fields); a client reads each back alone with
// GetDocumentRequest.read_mask. This is that loop, shared by the command
// line (dossier get, dossier export) and the drills' exactly-once check.
#ifndef DOSSIER_COMMON_DOCUMENT_PARTS_H_
#define DOSSIER_COMMON_DOCUMENT_PARTS_H_

#include <grpcpp/grpcpp.h>

#include <functional>

#include "dossier/v1/query_service.pb.h"

namespace dossier {

// One GetDocument call, made as the caller makes its calls (deadline,
// retries, credentials).
using GetDocumentCall =
    std::function<grpc::Status(const v1::GetDocumentRequest&, v1::GetDocumentResponse*)>;

// Reads every field named in `document`'s omitted_fields with one call
// each (read_mask of that field alone, the full view) and moves it into
// `document`, whose omitted_fields it then clears. A field this API
// version does not know is skipped. The first failed call's status is
// returned as it came (NOT_FOUND: deleted meanwhile); INTERNAL when the
// service leaves a field out even when asked for it alone.
grpc::Status CompleteDocument(const GetDocumentCall& get, v1::Document* document);

}  // namespace dossier

#endif  // DOSSIER_COMMON_DOCUMENT_PARTS_H_
