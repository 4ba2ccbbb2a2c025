// dossier-client: the TypeScript client of dossier's public API (dossier.v1).
// The messages, enums and service descriptors, generated from protos/ when
// the package is built, are exported as namespaces (`document.DocumentView`,
// `search.DocumentFilterSchema`, ...) and as the modules
// "dossier-client/gen/dossier/v1/*_pb".
export {
  Client,
  type ClientOptions,
  checkAddress,
  DossierError,
  type DocumentFields,
  type DocumentFilterInit,
  type DocumentLike,
  MAX_MESSAGE_BYTES,
  grpcCodeName,
  rejectedForNow,
} from "./client.js";
export {
  type RetryClass,
  type RetryPolicy,
  callWithRetries,
  classify,
  defaultRetryPolicy,
} from "./retry.js";
export * as annotations from "./gen/dossier/v1/annotations_pb.js";
export * as date from "./gen/dossier/v1/date_pb.js";
export * as document from "./gen/dossier/v1/document_pb.js";
export * as entity from "./gen/dossier/v1/entity_pb.js";
export * as ingest from "./gen/dossier/v1/ingest_service_pb.js";
export * as query from "./gen/dossier/v1/query_service_pb.js";
export * as registry from "./gen/dossier/v1/registry_service_pb.js";
export * as search from "./gen/dossier/v1/search_pb.js";
export * as story from "./gen/dossier/v1/story_pb.js";
export * as tagger from "./gen/dossier/v1/tagger_service_pb.js";
