// A thin client of the three dossier services, over gRPC (HTTP/2) with
// Connect. Each helper builds the request, calls with a deadline under the
// retry policy and returns the generated message (./gen/dossier/v1/*_pb),
// so everything the API says is there; `client.ingestService`,
// `.queryService`, `.taggerService` and `.registryService` are the typed
// Connect clients for the methods without a helper.
import { readFileSync } from "node:fs";

import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import {
  type Client as ConnectClient,
  type Interceptor,
  type Transport,
  Code,
  ConnectError,
  createClient,
} from "@connectrpc/connect";
import { Http2SessionManager, createGrpcTransport } from "@connectrpc/connect-node";

import {
  EncodingType,
  type Annotations,
  EntityType,
  type QuoteKind,
} from "./gen/dossier/v1/annotations_pb.js";
import {
  type Document,
  type DocumentInput,
  DocumentInputSchema,
  DocumentView,
} from "./gen/dossier/v1/document_pb.js";
import {
  type DeleteDocumentResponse,
  type DocumentStatus,
  DocumentState,
  IngestOutcome,
  type IngestResult,
  IngestService,
  type RetagDocumentsResponse,
} from "./gen/dossier/v1/ingest_service_pb.js";
import {
  CooccurrenceOrder,
  type GetEntityResponse,
  type GetEntityTimelineResponse,
  type GetStoryResponse,
  type ListCooccurringEntitiesResponse,
  type ListDocumentsResponse,
  type ListStoriesResponse,
  QueryService,
  type SearchDocumentsResponse,
  SearchOrder,
  type SearchQuotesResponse,
  SearchView,
  TimelineGranularity,
} from "./gen/dossier/v1/query_service_pb.js";
import {
  type AddEntityAliasResponse,
  type MergeEntitiesResponse,
  RegistryService,
  type RemoveEntityAliasResponse,
  type SetEntityTypeResponse,
  type SplitEntityAliasResponse,
} from "./gen/dossier/v1/registry_service_pb.js";
import { DocumentFilterSchema, type Facet } from "./gen/dossier/v1/search_pb.js";
import { TaggerService } from "./gen/dossier/v1/tagger_service_pb.js";
import { RetryInfoSchema } from "./gen/google/rpc/error_details_pb.js";
import { Health, HealthCheckResponse_ServingStatus } from "./gen/grpc/health/v1/health_pb.js";
import {
  type RetryClass,
  type RetryPolicy,
  callWithRetries,
  classify,
  defaultRetryPolicy,
  errorReason,
  retryDelayMs,
  retryInfoDelayMs,
} from "./retry.js";

/** The largest message a dossier service sends or receives (common/retry.h). */
export const MAX_MESSAGE_BYTES = 64 << 20;

const DEFAULT_ADDRESSES = {
  ingest: "127.0.0.1:50051",
  tagger: "127.0.0.1:50052",
  query: "127.0.0.1:50053",
};
const SERVICE_NAMES = {
  ingest: "dossier.v1.IngestService",
  tagger: "dossier.v1.TaggerService",
  query: "dossier.v1.QueryService",
};
type ServiceName = keyof typeof DEFAULT_ADDRESSES;

export interface ClientOptions {
  /** HOST:PORT; default $DOSSIER_INGEST, else 127.0.0.1:50051. */
  ingest?: string;
  /** HOST:PORT; default $DOSSIER_QUERY, else 127.0.0.1:50053. */
  query?: string;
  /** HOST:PORT; default $DOSSIER_TAGGER, else 127.0.0.1:50052. */
  tagger?: string;
  /** Sent as `authorization: Bearer TOKEN`; default the first line of
   * `tokenFile`, else $DOSSIER_TOKEN. */
  token?: string;
  tokenFile?: string;
  /** Speak TLS (also when any tls* option is given), trusting the system's
   * roots unless `tlsCa` names a PEM file. */
  tls?: boolean;
  tlsCa?: string;
  /** PEM files of a client certificate and its key, for mutual TLS. */
  tlsClientCert?: string;
  tlsClientKey?: string;
  /** The name the server's certificate must carry, when the address has
   * another. */
  tlsServerName?: string;
  /** Each call's deadline (10 000). */
  timeoutMs?: number;
  /** How long outages are waited out (see retry.ts). */
  retry?: Partial<RetryPolicy>;
}

/** A call that failed: its gRPC code, the server's message, the ErrorInfo
 * reason ("OUTBOX_FULL", "EMPTY_TEXT") when it gave one, and the retry
 * class of common/retry.h. */
export class DossierError extends Error {
  readonly code: Code;
  /** The code's gRPC name: "INVALID_ARGUMENT". */
  readonly codeName: string;
  readonly details: string;
  readonly reason: string;
  readonly retryClass: RetryClass;

  constructor(error: ConnectError, address: string, method: string) {
    const codeName = grpcCodeName(error.code);
    super(`${address} ${method}: ${codeName}: ${error.rawMessage}`, { cause: error });
    this.name = "DossierError";
    this.code = error.code;
    this.codeName = codeName;
    this.details = error.rawMessage;
    this.reason = errorReason(error);
    this.retryClass = classify(error.code, error.rawMessage, retryDelayMs(error));
  }
}

/** "INVALID_ARGUMENT" for Code.InvalidArgument. */
export function grpcCodeName(code: Code): string {
  return (Code[code] ?? String(code)).replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()
    .replace(/^CANCELED$/, "CANCELLED");
}

/** A DocumentFilter: dates, outlets, entities, entity types. */
export type DocumentFilterInit = MessageInitShape<typeof DocumentFilterSchema>;

/** What ingest() and ingestMany() take: a text, or a DocumentInput. */
export type DocumentLike = string | MessageInitShape<typeof DocumentInputSchema>;

/** The metadata ingest() adds to a text. */
export interface DocumentFields {
  title?: string;
  outlet?: string;
  url?: string;
  clientKey?: string;
  dateline?: string;
  /** A calendar date. */
  publishDate?: { year: number; month: number; day: number };
  labels?: Record<string, string>;
}

function documentInput(document: DocumentLike, fields: DocumentFields = {}): DocumentInput {
  if (typeof document !== "string") {
    // The message is sent as it is: a field given beside it would be lost
    // without a word.
    // As Python's truth: an empty string, object or nothing is not given.
    const given = Object.entries(fields).filter(([, value]) => value !== undefined &&
      value !== null && value !== "" && !(typeof value === "object" && Object.keys(value).length === 0));
    if (given.length > 0) {
      throw new TypeError(`ingest() takes ${given.map(([name]) => name).join(", ")} with a ` +
        "text, not with a DocumentInput: set them on the DocumentInput");
    }
    return create(DocumentInputSchema, document);
  }
  return create(DocumentInputSchema, {
    content: { case: "text", value: document },
    ...fields,
  });
}

function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

/** Whether a REJECTED result says the server could not take the document
 * now (its error is an outage: OUTBOX_FULL, SHUTTING_DOWN), not that the
 * document is bad: send it again later, after the error's RetryInfo delay. */
export function rejectedForNow(result: IngestResult): boolean {
  if (result.outcome !== IngestOutcome.REJECTED || !result.error) return false;
  let delayMs: number | null = null;
  for (const detail of result.error.details) {
    const info = anyUnpack(detail, RetryInfoSchema);
    if (info) delayMs = retryInfoDelayMs(info);
  }
  return classify(result.error.code as Code, result.error.message, delayMs) === "outage";
}

/** Throws unless `address` is HOST:PORT (a name, an IPv4 address or an
 * IPv6 one in brackets, and a port of 1 to 65535), as the CLI checks it: a
 * URL or a missing port would otherwise be retried for the whole retry
 * policy and end in UNAVAILABLE. */
export function checkAddress(name: string, address: string): void {
  const refuse = (why: string): never => {
    throw new RangeError(`${name}=${address}: ${why} (expected HOST:PORT, as ` +
      `${DEFAULT_ADDRESSES[name as ServiceName] ?? "127.0.0.1:50053"})`);
  };
  if (!address) refuse("empty");
  const slashes = address.indexOf("://");
  if (slashes >= 0) refuse(`"${address.slice(0, slashes + 1)}" is no address: give HOST:PORT`);
  const colon = address.lastIndexOf(":");
  if (colon < 0 || address.endsWith("]")) refuse("no port");
  const host = address.slice(0, colon);
  const port = address.slice(colon + 1);
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    refuse(`"${port}" is not a port (1 to 65535)`);
  }
  const bracketed = host.startsWith("[");
  if (bracketed !== host.endsWith("]") || (!bracketed && host.includes(":"))) {
    refuse("an IPv6 address goes in brackets, as [::1]:50053");
  }
  const inside = bracketed ? host.slice(1, -1) : host;
  if (!inside) refuse("no host");
  if (!bracketed && !/^[A-Za-z0-9._-]+$/.test(inside)) {
    refuse("the host has a character a host name cannot have");
  }
}

export class Client {
  /** The addresses in use. */
  readonly addresses: Record<ServiceName, string>;
  readonly ingestService: ConnectClient<typeof IngestService>;
  readonly queryService: ConnectClient<typeof QueryService>;
  readonly taggerService: ConnectClient<typeof TaggerService>;
  /** The entity registry, served by the query service. */
  readonly registryService: ConnectClient<typeof RegistryService>;
  readonly timeoutMs: number;
  readonly retryPolicy: RetryPolicy;
  private readonly transports: Record<ServiceName, Transport>;
  private readonly sessions: Http2SessionManager[] = [];

  constructor(options: ClientOptions = {}) {
    this.addresses = {
      ingest: options.ingest ?? env("DOSSIER_INGEST") ?? DEFAULT_ADDRESSES.ingest,
      query: options.query ?? env("DOSSIER_QUERY") ?? DEFAULT_ADDRESSES.query,
      tagger: options.tagger ?? env("DOSSIER_TAGGER") ?? DEFAULT_ADDRESSES.tagger,
    };
    for (const [name, address] of Object.entries(this.addresses)) checkAddress(name, address);
    let token = options.token;
    if (token === undefined && options.tokenFile) {
      token = readFileSync(options.tokenFile, "utf8").split("\n")[0].trim();
    }
    token ??= env("DOSSIER_TOKEN") ?? "";
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryPolicy = { ...defaultRetryPolicy, ...options.retry };
    const secure = Boolean(options.tls || options.tlsCa || options.tlsClientCert ||
      options.tlsClientKey || options.tlsServerName);
    const tlsOptions = secure
      ? {
        ca: options.tlsCa ? readFileSync(options.tlsCa) : undefined,
        cert: options.tlsClientCert ? readFileSync(options.tlsClientCert) : undefined,
        key: options.tlsClientKey ? readFileSync(options.tlsClientKey) : undefined,
        servername: options.tlsServerName,
      }
      : {};
    const interceptors: Interceptor[] = [];
    if (token) {
      const bearer = `Bearer ${token}`;
      interceptors.push((next) => (request) => {
        request.header.set("authorization", bearer);
        return next(request);
      });
    }
    const transport = (address: string): Transport => {
      const baseUrl = `${secure ? "https" : "http"}://${address}`;
      // A session manager of our own, so that close() can end the session.
      const sessionManager = new Http2SessionManager(baseUrl, {}, tlsOptions);
      this.sessions.push(sessionManager);
      return createGrpcTransport({
        baseUrl,
        sessionManager,
        interceptors,
        readMaxBytes: MAX_MESSAGE_BYTES,
        writeMaxBytes: MAX_MESSAGE_BYTES,
      });
    };
    this.transports = {
      ingest: transport(this.addresses.ingest),
      query: transport(this.addresses.query),
      tagger: transport(this.addresses.tagger),
    };
    this.ingestService = createClient(IngestService, this.transports.ingest);
    this.queryService = createClient(QueryService, this.transports.query);
    this.taggerService = createClient(TaggerService, this.transports.tagger);
    this.registryService = createClient(RegistryService, this.transports.query);
  }

  /** Ends the connections. */
  close(): void {
    for (const session of this.sessions) session.abort();
  }

  // `retried` false: once, for a call that may not be repeated.
  private async call<T>(
    service: ServiceName,
    method: string,
    fn: (options: { timeoutMs: number }) => Promise<T>,
    retried = true,
  ): Promise<T> {
    try {
      const attempt = () => fn({ timeoutMs: this.timeoutMs });
      return await (retried ? callWithRetries(attempt, this.retryPolicy) : attempt());
    } catch (error) {
      throw new DossierError(ConnectError.from(error), this.addresses[service], method);
    }
  }

  /** Each service's health ("SERVING", "NOT_SERVING", or the gRPC code
   * when it cannot be reached). Health needs no token; asked once. */
  async health(): Promise<Record<ServiceName, string>> {
    const answers = {} as Record<ServiceName, string>;
    for (const name of Object.keys(this.transports) as ServiceName[]) {
      try {
        const response = await createClient(Health, this.transports[name])
          .check({ service: SERVICE_NAMES[name] }, { timeoutMs: this.timeoutMs });
        answers[name] = HealthCheckResponse_ServingStatus[response.status];
      } catch (error) {
        answers[name] = grpcCodeName(ConnectError.from(error).code);
      }
    }
    return answers;
  }

  /** Ingests one document (a text with the metadata given, or a
   * DocumentInput): the result says ACCEPTED (with the document id),
   * DUPLICATE or REJECTED. Accepted is durable, not yet searchable:
   * waitIndexed() waits for that. */
  async ingest(document: DocumentLike, fields: DocumentFields = {}): Promise<IngestResult> {
    const request = { document: documentInput(document, fields) };
    const response = await this.call("ingest", "IngestDocument",
      (options) => this.ingestService.ingestDocument(request, options));
    if (!response.result) throw new Error("IngestDocument answered without a result");
    return response.result;
  }

  /** Ingests many documents over one stream (StreamIngestDocuments, the
   * fast way), yielding each one's result in the order sent. A bad document
   * is answered REJECTED and the stream goes on; so is one the server could
   * not take now (its error's code RESOURCE_EXHAUSTED, OUTBOX_FULL, or
   * UNAVAILABLE, SHUTTING_DOWN: `rejectedForNow` tells them apart), which
   * is to be sent again. A failure of the stream itself throws DossierError
   * (resend what was not answered: ingest is idempotent); one of
   * `documents` itself (the iterable threw) is thrown as it was. The stream
   * has no deadline unless `timeoutMs` (for the whole stream) is given. */
  async *ingestMany(
    documents: Iterable<DocumentLike> | AsyncIterable<DocumentLike>,
    options: { timeoutMs?: number } = {},
  ): AsyncGenerator<IngestResult> {
    const failed: unknown[] = [];
    async function* requests() {
      try {
        for await (const document of documents) yield { document: documentInput(document) };
      } catch (error) {
        failed.push(error);
        throw error;
      }
    }
    try {
      for await (const response of this.ingestService.streamIngestDocuments(requests(),
        { timeoutMs: options.timeoutMs })) {
        if (response.result) yield response.result;
      }
    } catch (error) {
      if (failed.length > 0) throw failed[0];
      throw new DossierError(ConnectError.from(error), this.addresses.ingest,
        "StreamIngestDocuments");
    }
  }

  /** Where a document is in the pipeline (ACCEPTED, TAGGED, INDEXED...). */
  async status(documentId: string): Promise<DocumentStatus> {
    const response = await this.call("ingest", "GetDocumentStatus",
      (options) => this.ingestService.getDocumentStatus({ name: documentId }, options));
    if (!response.status) throw new Error("GetDocumentStatus answered without a status");
    return response.status;
  }

  /** Waits until every document is INDEXED (searchable), FAILED or
   * DELETED, and returns their statuses; throws after `timeoutMs` (60 000),
   * and at once for an id this ingest never accepted (for a DUPLICATE
   * result, wait on its duplicateOf). */
  async waitIndexed(
    documentIds: string[],
    timeoutMs = 60_000,
    pollMs = 200,
  ): Promise<DocumentStatus[]> {
    const deadline = Date.now() + timeoutMs;
    const done = new Map<string, DocumentStatus>();
    const final = [DocumentState.INDEXED, DocumentState.FAILED, DocumentState.DELETED];
    let pending = [...new Set(documentIds)];
    while (pending.length > 0) {
      for (let start = 0; start < pending.length; start += 1000) {
        const names = pending.slice(start, start + 1000);
        const response = await this.call("ingest", "BatchGetDocumentStatuses",
          (options) => this.ingestService.batchGetDocumentStatuses({ names }, options));
        if (response.missing.length > 0) {
          throw new Error(`never accepted by this ingest: ${response.missing.join(", ")}`);
        }
        for (const status of response.statuses) {
          if (final.includes(status.state)) done.set(status.documentId, status);
        }
      }
      pending = pending.filter((id) => !done.has(id));
      if (pending.length === 0) break;
      if (Date.now() >= deadline) {
        throw new Error(
          `${pending.length} of ${documentIds.length} documents not indexed after ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    return [...new Set(documentIds)].map((id) => done.get(id) as DocumentStatus);
  }

  /** Takes a document down everywhere (needs the `admin` scope). */
  delete(documentId: string): Promise<DeleteDocumentResponse> {
    return this.call("ingest", "DeleteDocument",
      (options) => this.ingestService.deleteDocument({ name: documentId }, options));
  }

  /** Tags stored documents again with the tagger as it runs now and
   * replaces their annotations and everything made of them (needs the
   * `admin` scope; at most 100 ids a call). */
  retag(documentIds: string[], onlyStale = false): Promise<RetagDocumentsResponse> {
    return this.call("ingest", "RetagDocuments",
      (options) => this.ingestService.retagDocuments({ names: documentIds, onlyStale }, options));
  }

  /** One document. Annotation offsets count UTF-16 code units by default,
   * so that text.slice(span.begin, span.end) is the mention. */
  async get(
    documentId: string,
    view = DocumentView.FULL,
    encoding = EncodingType.UTF16,
  ): Promise<Document> {
    const response = await this.call("query", "GetDocument", (options) =>
      this.queryService.getDocument({ name: documentId, view, encodingType: encoding }, options));
    if (!response.document) throw new Error("GetDocument answered without a document");
    return response.document;
  }

  /** One page of documents, newest first (BASIC view); pass the response's
   * nextPageToken for the next. */
  list(
    options: { filter?: DocumentFilterInit; pageSize?: number; pageToken?: string } = {},
  ): Promise<ListDocumentsResponse> {
    return this.call("query", "ListDocuments", (call) => this.queryService.listDocuments({
      filter: options.filter, pageSize: options.pageSize ?? 50, pageToken: options.pageToken ?? "",
    }, call));
  }

  /** Every document (BASIC view), page after page. */
  async *documents(filter?: DocumentFilterInit): AsyncGenerator<Document> {
    let pageToken = "";
    do {
      const page = await this.list({ filter, pageSize: 200, pageToken });
      yield* page.documents;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  /** Full-text search ("sanctions regime", kosovo OR metohija, sanction*):
   * hits with snippets (offsets in UTF-16), ranked by BM25; with
   * `collapseStories`, one hit per story (hit.storyMatches counts the
   * others); `facets` (Facet.OUTLETS, ...) counted over every match,
   * `facetSize` values each; `view` how much of each document. */
  search(
    query = "",
    options: {
      filter?: DocumentFilterInit;
      pageSize?: number;
      pageToken?: string;
      order?: SearchOrder;
      collapseStories?: boolean;
      facets?: Facet[];
      facetSize?: number;
      view?: SearchView;
    } = {},
  ): Promise<SearchDocumentsResponse> {
    return this.call("query", "SearchDocuments", (call) => this.queryService.searchDocuments({
      query,
      filter: options.filter,
      pageSize: options.pageSize ?? 10,
      pageToken: options.pageToken ?? "",
      order: options.order ?? SearchOrder.UNSPECIFIED,
      encodingType: EncodingType.UTF16,
      collapseStories: options.collapseStories ?? false,
      facets: options.facets ?? [],
      facetSize: options.facetSize ?? 0,
      view: options.view ?? SearchView.UNSPECIFIED,
    }, call));
  }

  /** An entity's profile, by id or by any name a document used; `type`
   * picks among entities of several types so named. */
  entity(name: string, type: EntityType = EntityType.UNSPECIFIED): Promise<GetEntityResponse> {
    return this.call("query", "GetEntity",
      (options) => this.queryService.getEntity({ name, type }, options));
  }

  /**
   * Quotes by a speaker, about an entity, or with words in them, in the
   * documents `filter` lets through, of `kinds` (QuoteKind.DIRECT, ...; all
   * when empty); one page, `nextPageToken` goes on.
   */
  quotes(
    request: {
      speaker?: string;
      about?: string;
      query?: string;
      filter?: DocumentFilterInit;
      pageSize?: number;
      pageToken?: string;
      kinds?: QuoteKind[];
    },
  ): Promise<SearchQuotesResponse> {
    return this.call("query", "SearchQuotes", (options) =>
      this.queryService.searchQuotes({ ...request, encodingType: EncodingType.UTF16 }, options));
  }

  /** How many documents name an entity, per day (or week, month). */
  timeline(
    entity: string,
    options: { filter?: DocumentFilterInit; granularity?: TimelineGranularity } = {},
  ): Promise<GetEntityTimelineResponse> {
    return this.call("query", "GetEntityTimeline", (call) => this.queryService.getEntityTimeline({
      entity,
      filter: options.filter,
      granularity: options.granularity ?? TimelineGranularity.UNSPECIFIED,
    }, call));
  }

  /** The entities named in the same documents as `entity`, by shared
   * documents (or by NPMI). */
  cooccurring(
    entity: string,
    options: { filter?: DocumentFilterInit; pageSize?: number; order?: CooccurrenceOrder } = {},
  ): Promise<ListCooccurringEntitiesResponse> {
    return this.call("query", "ListCooccurringEntities",
      (call) => this.queryService.listCooccurringEntities({
        entity,
        filter: options.filter,
        pageSize: options.pageSize ?? 20,
        order: options.order ?? CooccurrenceOrder.UNSPECIFIED,
      }, call));
  }

  /** One page of story clusters, the latest first; with `filter`, the
   * stories with a document that passes it, each whole. */
  stories(
    options: {
      filter?: DocumentFilterInit; minDocuments?: number; pageSize?: number; pageToken?: string;
    } = {},
  ): Promise<ListStoriesResponse> {
    return this.call("query", "ListStories", (call) => this.queryService.listStories({
      filter: options.filter,
      minDocuments: options.minDocuments ?? 0,
      pageSize: options.pageSize ?? 50,
      pageToken: options.pageToken ?? "",
    }, call));
  }

  /** A story and its documents. */
  story(storyId: string, maxDocuments = 0): Promise<GetStoryResponse> {
    return this.call("query", "GetStory",
      (call) => this.queryService.getStory({ name: storyId, maxDocuments }, call));
  }

  /** Each newly indexed document that matches, as it comes, until the
   * caller stops iterating, `signal` aborts or `timeoutMs` passes (then the
   * iteration ends quietly). `onOpen` is called once the server has
   * registered the watch: every document indexed from then on is seen. Not
   * retried: a watch that ends with an error throws DossierError; call
   * again to go on. */
  async *watch(
    query = "",
    options: {
      filter?: DocumentFilterInit;
      timeoutMs?: number;
      signal?: AbortSignal;
      onOpen?: () => void;
    } = {},
  ): AsyncGenerator<Document> {
    try {
      for await (const response of this.queryService.watchDocuments(
        { query, filter: options.filter },
        {
          timeoutMs: options.timeoutMs,
          signal: options.signal,
          // The server's headers carry this once the watch is open.
          onHeader: (headers) => {
            if (headers.has("dossier-watch-open")) options.onOpen?.();
          },
        })) {
        if (response.document) yield response.document;
      }
    } catch (error) {
      const e = ConnectError.from(error);
      if (options.timeoutMs !== undefined && e.code === Code.DeadlineExceeded) return;
      if (options.signal?.aborted && e.code === Code.Canceled) return;
      throw new DossierError(e, this.addresses.query, "WatchDocuments");
    }
  }

  /** Makes `entity` part of `into` (names or ids); a retry of a merge that
   * landed answers the merged entity. Curation needs the `admin` scope. */
  merge(entity: string, into: string): Promise<MergeEntitiesResponse> {
    return this.call("query", "MergeEntities",
      (call) => this.registryService.mergeEntities({ entity, into }, call));
  }

  /** Another name for an entity, for reads at once and the tagger soon. */
  alias(entity: string, alias: string): Promise<AddEntityAliasResponse> {
    return this.call("query", "AddEntityAlias",
      (call) => this.registryService.addEntityAlias({ entity, alias }, call));
  }

  /** Gives a name of an entity back its own entity (undoes a merge).
   * Called once, not retried: a repeat of a split that landed would answer
   * NOT_FOUND; after a failure, read the entity to see. */
  split(entity: string, alias: string): Promise<SplitEntityAliasResponse> {
    return this.call("query", "SplitEntityAlias",
      (call) => this.registryService.splitEntityAlias({ entity, alias }, call), false);
  }

  /** Takes back an alias. Called once, like split. */
  unalias(entity: string, alias: string): Promise<RemoveEntityAliasResponse> {
    return this.call("query", "RemoveEntityAlias",
      (call) => this.registryService.removeEntityAlias({ entity, alias }, call), false);
  }

  /** Gives an entity the type the tagger should have read it as; a retry of
   * one that landed answers the entity as it is. */
  retype(entity: string, type: EntityType): Promise<SetEntityTypeResponse> {
    return this.call("query", "SetEntityType",
      (call) => this.registryService.setEntityType({ entity, type }, call));
  }

  /** The annotations of a text, without storing it (offsets in UTF-16). */
  async tag(text: string): Promise<Annotations> {
    const response = await this.call("tagger", "TagText", (options) =>
      // This client receives up to MAX_MESSAGE_BYTES.
      this.taggerService.tagText(
        { text, encodingType: EncodingType.UTF16, maxResponseBytes: BigInt(MAX_MESSAGE_BYTES) },
        options));
    if (!response.annotations) throw new Error("TagText answered without annotations");
    return response.annotations;
  }
}
