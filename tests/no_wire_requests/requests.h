// A boundary turns requests into specs: the guard lets it.
#include "dossier/v1/query_service.pb.h"

SearchDocumentsSpec ToSpec(const dossier::v1::SearchDocumentsRequest& request);
