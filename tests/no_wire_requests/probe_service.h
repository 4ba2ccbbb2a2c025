// An adapter takes requests by definition: the guard lets it.
#include "dossier/v1/query_service.pb.h"

void SearchDocuments(const dossier::v1::SearchDocumentsRequest* request);
