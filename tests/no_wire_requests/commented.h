// A core header that only names a request in a comment: the guard lets it.
// Made from a dossier::v1::SearchDocumentsRequest by requests.h.
struct SearchDocumentsSpec {};
