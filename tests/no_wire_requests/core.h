// A core header that takes a wire request: the guard must refuse it.
#include "dossier/v1/query_service.pb.h"

absl::Status Search(const dossier::v1::SearchDocumentsRequest& request);
