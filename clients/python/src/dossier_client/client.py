"""A thin client of the three dossier services.

Each helper builds the request, calls with a deadline under the retry
policy, and returns the generated message (dossier_client.v1.*_pb2), so
everything the API says is there; the stubs themselves are
`Client.ingest_service`, `.query_service`, `.tagger_service` and
`.registry_service` for the methods without a helper.
"""
from __future__ import annotations

import collections
import datetime
import os
import time
from typing import (Any, Callable, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple,
                    Type, TypeVar, Union, cast)

import grpc

from dossier_client import retry
from dossier_client.v1 import (annotations_pb2, date_pb2, document_pb2, ingest_service_pb2,
                               ingest_service_pb2_grpc, query_service_pb2,
                               query_service_pb2_grpc, registry_service_pb2,
                               registry_service_pb2_grpc, search_pb2,
                               tagger_service_pb2, tagger_service_pb2_grpc)

# The largest message a dossier service sends or receives (common/retry.h).
MAX_MESSAGE_BYTES = 64 << 20

DEFAULT_ADDRESSES = {"ingest": "127.0.0.1:50051", "tagger": "127.0.0.1:50052",
                     "query": "127.0.0.1:50053"}
SERVICE_NAMES = {"ingest": "dossier.v1.IngestService", "tagger": "dossier.v1.TaggerService",
                 "query": "dossier.v1.QueryService"}
HEALTH_STATUS = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}

M = TypeVar("M")

# What ingest() and ingest_many() take: a text, or a DocumentInput.
DocumentLike = Union[str, document_pb2.DocumentInput]


class DossierError(Exception):
    """A call that failed: its gRPC code (a grpc.StatusCode), the server's
    message, the ErrorInfo reason ("OUTBOX_FULL", "TEXT_NOT_UTF8") when it
    gave one, the retry class of common/retry.h, and the address and
    method called."""

    def __init__(self, error: Any, address: str, method: str) -> None:
        self.code: Any = error.code()
        self.details: str = error.details() or ""
        self.reason: str = retry.error_reason(error)
        self.retry_class: str = retry.classify(self.code, self.details, retry.retry_delay(error))
        self.address = address
        self.method = method
        name = getattr(self.code, "name", str(self.code))
        super().__init__(f"{address} {method}: {name}: {self.details}")


_Fields = collections.namedtuple(
    "_Fields", ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression"))


class _CallDetails(_Fields, grpc.ClientCallDetails):  # type: ignore[misc]
    pass


class _Bearer(grpc.UnaryUnaryClientInterceptor,  # type: ignore[misc]
              grpc.UnaryStreamClientInterceptor,  # type: ignore[misc]
              grpc.StreamUnaryClientInterceptor,  # type: ignore[misc]
              grpc.StreamStreamClientInterceptor):  # type: ignore[misc]
    """Adds `authorization: Bearer TOKEN` to every call of a plaintext
    channel (grpcio's call credentials need TLS)."""

    def __init__(self, token: str) -> None:
        self._metadata = (("authorization", "Bearer " + token),)

    def _with_token(self, details: Any) -> Any:
        return _CallDetails(details.method, details.timeout,
                            tuple(details.metadata or ()) + self._metadata, details.credentials,
                            details.wait_for_ready, details.compression)

    def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        return continuation(self._with_token(details), request)

    def intercept_unary_stream(self, continuation: Any, details: Any, request: Any) -> Any:
        return continuation(self._with_token(details), request)

    def intercept_stream_unary(self, continuation: Any, details: Any, requests: Any) -> Any:
        return continuation(self._with_token(details), requests)

    def intercept_stream_stream(self, continuation: Any, details: Any, requests: Any) -> Any:
        return continuation(self._with_token(details), requests)


def _read(path: Optional[str]) -> Optional[bytes]:
    if not path:
        return None
    with open(path, "rb") as f:
        return f.read()


def _document_input(document: DocumentLike, **fields: Any) -> document_pb2.DocumentInput:
    if isinstance(document, document_pb2.DocumentInput):
        given = sorted(name for name, value in fields.items() if value)
        if given:
            # The message is sent as it is: a field given beside it would
            # be lost without a word.
            raise TypeError(f"ingest() takes {', '.join(given)} with a text, not with a "
                            "DocumentInput: set them on the DocumentInput")
        return document
    message = document_pb2.DocumentInput(text=document)
    publish_date = fields.pop("publish_date", None)
    if publish_date is not None:
        message.publish_date.CopyFrom(
            date_pb2.Date(year=publish_date.year, month=publish_date.month,
                          day=publish_date.day))
    labels = fields.pop("labels", None)
    if labels:
        message.labels.update(labels)
    for name, value in fields.items():
        if value:
            setattr(message, name, value)
    return message


def rejected_for_now(result: ingest_service_pb2.IngestResult) -> bool:
    """Whether a REJECTED result says the server could not take the
    document now (its error is an outage: OUTBOX_FULL, SHUTTING_DOWN), not
    that the document is bad: send it again later, after the error's
    RetryInfo delay."""
    if result.outcome != ingest_service_pb2.INGEST_OUTCOME_REJECTED:
        return False
    code = next((c for c in grpc.StatusCode if c.value[0] == result.error.code),
                grpc.StatusCode.UNKNOWN)
    return retry.classify(code, result.error.message,
                          retry.status_retry_delay(result.error)) == retry.OUTAGE


def _health_request(service: str) -> bytes:
    # grpc.health.v1.HealthCheckRequest{service = 1}, encoded by hand so that
    # this package registers no health.proto of its own (which would clash
    # with grpcio-health-checking's in protobuf's descriptor pool).
    data = service.encode()
    length, prefix = len(data), bytearray(b"\x0a")
    while True:
        prefix.append((length & 0x7F) | (0x80 if length > 0x7F else 0))
        length >>= 7
        if not length:
            break
    return bytes(prefix) + data


def _health_status(data: bytes) -> str:
    # HealthCheckResponse{status = 1 (enum, varint)}.
    if len(data) >= 2 and data[0] == 0x08:
        return HEALTH_STATUS.get(data[1], str(data[1]))
    return "UNKNOWN"


_SCHEMES = ("dns:", "ipv4:", "ipv6:", "unix:", "unix-abstract:", "vsock:", "xds:")


def check_address(name: str, address: str) -> None:
    """Raises ValueError unless `address` is HOST:PORT or a gRPC target
    with a scheme gRPC resolves (dns:///HOST:PORT, unix:PATH), as the CLI
    checks it: a URL or a missing port would otherwise be retried for the
    whole retry policy and end in UNAVAILABLE."""
    def refuse(why: str) -> None:
        raise ValueError(f"{name}={address}: {why} (expected HOST:PORT, as "
                         f"{DEFAULT_ADDRESSES.get(name, '127.0.0.1:50053')})")
    if not address:
        refuse("empty")
    for scheme in _SCHEMES:
        if address.startswith(scheme):
            if address == scheme:
                refuse(f'nothing follows "{scheme}"')
            return
    if "://" in address:
        refuse(f'"{address[:address.index("://") + 1]}" is not a gRPC scheme '
               "(dns:, unix:, ipv4:, ipv6:)")
    host, colon, port = address.rpartition(":")
    if not colon or address.endswith("]"):
        refuse("no port")
    if not (port.isascii() and port.isdigit() and len(port) <= 5 and 1 <= int(port) <= 65535):
        refuse(f'"{port}" is not a port (1 to 65535)')
    bracketed = host.startswith("[")
    if bracketed != host.endswith("]") or (not bracketed and ":" in host):
        refuse("an IPv6 address goes in brackets, as [::1]:50053")
    inside = host[1:-1] if bracketed else host
    if not inside:
        refuse("no host")
    if not bracketed and not all(c.isascii() and (c.isalnum() or c in ".-_") for c in inside):
        refuse("the host has a character a host name cannot have")


class Client:
    """The three services of one dossier installation.

    Addresses default to $DOSSIER_INGEST, $DOSSIER_TAGGER and
    $DOSSIER_QUERY (as the CLI's), else 127.0.0.1:50051, :50052 and :50053;
    the token to `token`, else the first line of `token_file`, else
    $DOSSIER_TOKEN. TLS is spoken when any tls_* option is given: `tls_ca`
    (PEM of the CA that signed the servers; without it, the system's roots),
    `tls_client_cert` and `tls_client_key` (mutual TLS), `tls_server_name`
    (the name the certificate must carry, when the address has another).
    `timeout` (seconds) is each call's deadline; `retry` says how long
    outages are waited out. A malformed address raises ValueError at once.
    """

    def __init__(self, ingest: Optional[str] = None, query: Optional[str] = None,
                 tagger: Optional[str] = None, *, token: Optional[str] = None,
                 token_file: Optional[str] = None, tls: bool = False,
                 tls_ca: Optional[str] = None, tls_client_cert: Optional[str] = None,
                 tls_client_key: Optional[str] = None, tls_server_name: Optional[str] = None,
                 timeout: float = 10.0,
                 retry_policy: retry.RetryPolicy = retry.RetryPolicy()) -> None:
        given = {"ingest": ingest, "query": query, "tagger": tagger}
        self.addresses = {
            name: address or os.environ.get("DOSSIER_" + name.upper()) or DEFAULT_ADDRESSES[name]
            for name, address in given.items()
        }
        for name, address in self.addresses.items():
            check_address(name, address)
        if token is None and token_file:
            with open(token_file) as f:
                token = f.readline().strip()
        if token is None:
            token = os.environ.get("DOSSIER_TOKEN", "")
        self.timeout = timeout
        self.retry_policy = retry_policy
        options: List[Tuple[str, Any]] = [("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
                   ("grpc.max_send_message_length", MAX_MESSAGE_BYTES)]
        if tls_server_name:
            options.append(("grpc.ssl_target_name_override", tls_server_name))
        secure = tls or any((tls_ca, tls_client_cert, tls_client_key, tls_server_name))
        self._channels = {}
        for name, address in self.addresses.items():
            if secure:
                credentials = grpc.ssl_channel_credentials(
                    _read(tls_ca), _read(tls_client_key), _read(tls_client_cert))
                if token:
                    credentials = grpc.composite_channel_credentials(
                        credentials, grpc.access_token_call_credentials(token))
                channel = grpc.secure_channel(address, credentials, options)
            else:
                channel = grpc.insecure_channel(address, options)
                if token:
                    channel = grpc.intercept_channel(channel, _Bearer(token))
            self._channels[name] = channel
        self.ingest_service = ingest_service_pb2_grpc.IngestServiceStub(self._channels["ingest"])
        self.query_service = query_service_pb2_grpc.QueryServiceStub(self._channels["query"])
        self.tagger_service = tagger_service_pb2_grpc.TaggerServiceStub(self._channels["tagger"])
        # The query service serves the entity registry too.
        self.registry_service = registry_service_pb2_grpc.RegistryServiceStub(
            self._channels["query"])

    def close(self) -> None:
        for channel in self._channels.values():
            channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, service: str, method: str, request: Any, response: Type[M],
              retried: bool = True) -> M:
        """service.method(request) with the deadline, under the retry policy
        (once, when not `retried`: a call that may not be repeated)."""
        stub = {"ingest": self.ingest_service, "query": self.query_service,
                "tagger": self.tagger_service, "registry": self.registry_service}[service]
        rpc = getattr(stub, method)

        def attempt() -> Any:
            return rpc(request, timeout=self.timeout)
        try:
            if not retried:
                return cast(M, attempt())
            return cast(M, self.retry_policy.call(attempt))
        except grpc.RpcError as error:
            # The query service serves the registry.
            address = self.addresses["query" if service == "registry" else service]
            raise DossierError(error, address, method) from error

    # Health.

    def health(self) -> dict[str, str]:
        """Each service's health ("SERVING", "NOT_SERVING", or the gRPC
        code when it cannot be reached), by "ingest", "tagger", "query".
        Health needs no token; it is asked once, without retries."""
        answers = {}
        for name, channel in self._channels.items():
            check = channel.unary_unary("/grpc.health.v1.Health/Check",
                                        request_serializer=_health_request,
                                        response_deserializer=_health_status)
            try:
                answers[name] = str(check(SERVICE_NAMES[name], timeout=self.timeout))
            except grpc.RpcError as error:
                answers[name] = getattr(error.code(), "name", "UNKNOWN")
        return answers

    # Ingest.

    def ingest(self, document: DocumentLike, *, title: str = "", outlet: str = "",
               url: str = "", client_key: str = "", dateline: str = "",
               publish_date: Optional[datetime.date] = None,
               labels: Optional[Mapping[str, str]] = None) -> ingest_service_pb2.IngestResult:
        """Ingests one document (a text, with the metadata given, or a
        DocumentInput): its result says ACCEPTED (with the document id),
        DUPLICATE or REJECTED. Accepted is durable, not yet searchable:
        wait_indexed() waits for that."""
        request = ingest_service_pb2.IngestDocumentRequest(document=_document_input(
            document, title=title, outlet=outlet, url=url, client_key=client_key,
            dateline=dateline, publish_date=publish_date, labels=labels))
        return self._call("ingest", "IngestDocument", request,
                          ingest_service_pb2.IngestDocumentResponse).result

    def ingest_many(self, documents: Iterable[DocumentLike], *,
                    timeout: Optional[float] = None
                    ) -> Iterator[ingest_service_pb2.IngestResult]:
        """Ingests many documents over one stream (StreamIngestDocuments,
        the fast way), yielding each one's result in the order sent. A bad
        document is answered REJECTED and the stream goes on; so is one the
        server could not take now (its error's code RESOURCE_EXHAUSTED,
        OUTBOX_FULL, or UNAVAILABLE, SHUTTING_DOWN: `rejected_for_now`
        tells them apart), which is to be sent again. A failure of the
        stream itself raises DossierError (resend what was not answered:
        ingest is idempotent); one of `documents` itself (the iterable
        raised) is raised as it was. The stream has no deadline unless
        `timeout` (seconds, for the whole stream) is given."""
        failed: List[BaseException] = []

        def requests() -> Iterator[ingest_service_pb2.StreamIngestDocumentsRequest]:
            try:
                for d in documents:
                    yield ingest_service_pb2.StreamIngestDocumentsRequest(
                        document=_document_input(d))
            except Exception as error:
                failed.append(error)
                raise

        try:
            for response in self.ingest_service.StreamIngestDocuments(requests(),
                                                                      timeout=timeout):
                yield response.result
        except grpc.RpcError as error:
            if failed:
                raise failed[0] from error
            raise DossierError(error, self.addresses["ingest"],
                               "StreamIngestDocuments") from error

    def status(self, document_id: str) -> ingest_service_pb2.DocumentStatus:
        """Where a document is in the pipeline (ACCEPTED, TAGGED, INDEXED...)."""
        request = ingest_service_pb2.GetDocumentStatusRequest(name=document_id)
        return self._call("ingest", "GetDocumentStatus", request,
                          ingest_service_pb2.GetDocumentStatusResponse).status

    def wait_indexed(self, document_ids: Sequence[str], timeout: float = 60.0,
                     poll: float = 0.2) -> List[ingest_service_pb2.DocumentStatus]:
        """Waits until every document is INDEXED (searchable), FAILED or
        DELETED and returns their statuses; raises TimeoutError after
        `timeout` seconds, and LookupError at once for an id this ingest
        never accepted (for a DUPLICATE result, wait on its duplicate_of)."""
        deadline = time.monotonic() + timeout
        pending = list(dict.fromkeys(document_ids))
        done: dict[str, ingest_service_pb2.DocumentStatus] = {}
        final = (ingest_service_pb2.DOCUMENT_STATE_INDEXED,
                 ingest_service_pb2.DOCUMENT_STATE_FAILED,
                 ingest_service_pb2.DOCUMENT_STATE_DELETED)
        while pending:
            for start in range(0, len(pending), 1000):
                request = ingest_service_pb2.BatchGetDocumentStatusesRequest(
                    names=pending[start:start + 1000])
                response = self._call("ingest", "BatchGetDocumentStatuses", request,
                                      ingest_service_pb2.BatchGetDocumentStatusesResponse)
                if response.missing:
                    raise LookupError(f"never accepted by this ingest: "
                                      f"{', '.join(response.missing)}")
                for status in response.statuses:
                    if status.state in final:
                        done[status.document_id] = status
            pending = [i for i in pending if i not in done]
            if not pending:
                break
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{len(pending)} of {len(document_ids)} documents not "
                                   f"indexed after {timeout} s")
            time.sleep(poll)
        return [done[i] for i in dict.fromkeys(document_ids)]

    def delete(self, document_id: str) -> ingest_service_pb2.DeleteDocumentResponse:
        """Takes a document down everywhere (needs the `admin` scope)."""
        request = ingest_service_pb2.DeleteDocumentRequest(name=document_id)
        return self._call("ingest", "DeleteDocument", request,
                          ingest_service_pb2.DeleteDocumentResponse)

    def retag(self, document_ids: Sequence[str], *,
              only_stale: bool = False) -> ingest_service_pb2.RetagDocumentsResponse:
        """Tags stored documents again with the tagger as it runs now and
        replaces their annotations and everything made of them (needs the
        `admin` scope; at most 100 ids a call)."""
        request = ingest_service_pb2.RetagDocumentsRequest(names=list(document_ids),
                                                           only_stale=only_stale)
        return self._call("ingest", "RetagDocuments", request,
                          ingest_service_pb2.RetagDocumentsResponse)

    # Query.

    def get(self, document_id: str, *,
            view: "document_pb2.DocumentView.ValueType" = document_pb2.DOCUMENT_VIEW_FULL,
            encoding: "annotations_pb2.EncodingType.ValueType" = annotations_pb2.ENCODING_TYPE_UTF32
            ) -> document_pb2.Document:
        """One document. Annotation offsets count code points by default,
        so that text[span.begin:span.end] is the mention."""
        request = query_service_pb2.GetDocumentRequest(name=document_id, view=view,
                                                       encoding_type=encoding)
        return self._call("query", "GetDocument", request,
                          query_service_pb2.GetDocumentResponse).document

    def list(self, *, filter: Optional[search_pb2.DocumentFilter] = None, page_size: int = 50,
             page_token: str = "") -> query_service_pb2.ListDocumentsResponse:
        """One page of documents, newest first (BASIC view); pass the
        response's next_page_token for the next."""
        request = query_service_pb2.ListDocumentsRequest(filter=filter, page_size=page_size,
                                                         page_token=page_token)
        return self._call("query", "ListDocuments", request,
                          query_service_pb2.ListDocumentsResponse)

    def documents(self, *, filter: Optional[search_pb2.DocumentFilter] = None,
                  page_size: int = 200) -> Iterator[document_pb2.Document]:
        """Every document (BASIC view), page after page."""
        token = ""
        while True:
            page = self.list(filter=filter, page_size=page_size, page_token=token)
            yield from page.documents
            token = page.next_page_token
            if not token:
                return

    def search(self, query: str = "", *, filter: Optional[search_pb2.DocumentFilter] = None,
               page_size: int = 10, page_token: str = "",
               order: "query_service_pb2.SearchOrder.ValueType" = (
                   query_service_pb2.SEARCH_ORDER_UNSPECIFIED),
               collapse_stories: bool = False,
               facets: Sequence["search_pb2.Facet.ValueType"] = (), facet_size: int = 0,
               view: "query_service_pb2.SearchView.ValueType" = (
                   query_service_pb2.SEARCH_VIEW_UNSPECIFIED)
               ) -> query_service_pb2.SearchDocumentsResponse:
        """Full-text search ("sanctions regime", kosovo OR metohija,
        sanction*): hits with snippets, ranked by BM25; with
        `collapse_stories`, one hit per story (hit.story_matches counts the
        others); `facets` (search_pb2.FACET_OUTLETS, ...) counted over every
        match, `facet_size` values each; `view` how much of each document."""
        request = query_service_pb2.SearchDocumentsRequest(
            query=query, filter=filter, page_size=page_size, page_token=page_token, order=order,
            encoding_type=annotations_pb2.ENCODING_TYPE_UTF32, collapse_stories=collapse_stories,
            facets=list(facets), facet_size=facet_size, view=view)
        return self._call("query", "SearchDocuments", request,
                          query_service_pb2.SearchDocumentsResponse)

    def entity(self, name: str, *,
               type: "annotations_pb2.EntityType.ValueType" = (
                   annotations_pb2.ENTITY_TYPE_UNSPECIFIED)
               ) -> query_service_pb2.GetEntityResponse:
        """An entity's profile, by id or by any name a document used; `type`
        picks among entities of several types so named."""
        request = query_service_pb2.GetEntityRequest(name=name, type=type)
        return self._call("query", "GetEntity", request,
                          query_service_pb2.GetEntityResponse)

    def quotes(self, *, speaker: str = "", about: str = "", query: str = "",
               filter: Optional[search_pb2.DocumentFilter] = None, page_size: int = 20,
               page_token: str = "",
               kinds: Sequence["annotations_pb2.QuoteKind.ValueType"] = ()
               ) -> query_service_pb2.SearchQuotesResponse:
        """Quotes by a speaker, about an entity, or with words in them, in
        the documents `filter` lets through, of `kinds` (annotations_pb2.
        QUOTE_KIND_DIRECT, ...; all when empty); one page, next_page_token
        goes on."""
        request = query_service_pb2.SearchQuotesRequest(
            speaker=speaker, about=about, query=query, filter=filter, page_size=page_size,
            page_token=page_token, encoding_type=annotations_pb2.ENCODING_TYPE_UTF32,
            kinds=list(kinds))
        return self._call("query", "SearchQuotes", request,
                          query_service_pb2.SearchQuotesResponse)

    def timeline(self, entity: str, *, filter: Optional[search_pb2.DocumentFilter] = None,
                 granularity: "query_service_pb2.TimelineGranularity.ValueType" = (
                     query_service_pb2.TIMELINE_GRANULARITY_UNSPECIFIED)
                 ) -> query_service_pb2.GetEntityTimelineResponse:
        """How many documents name an entity, per day (or week, month)."""
        request = query_service_pb2.GetEntityTimelineRequest(entity=entity, filter=filter,
                                                             granularity=granularity)
        return self._call("query", "GetEntityTimeline", request,
                          query_service_pb2.GetEntityTimelineResponse)

    def cooccurring(self, entity: str, *, filter: Optional[search_pb2.DocumentFilter] = None,
                    page_size: int = 20,
                    order: "query_service_pb2.CooccurrenceOrder.ValueType" = (
                        query_service_pb2.COOCCURRENCE_ORDER_UNSPECIFIED)
                    ) -> query_service_pb2.ListCooccurringEntitiesResponse:
        """The entities named in the same documents as `entity`, by shared
        documents (or by NPMI)."""
        request = query_service_pb2.ListCooccurringEntitiesRequest(
            entity=entity, filter=filter, page_size=page_size, order=order)
        return self._call("query", "ListCooccurringEntities", request,
                          query_service_pb2.ListCooccurringEntitiesResponse)

    def stories(self, *, filter: Optional[search_pb2.DocumentFilter] = None,
                min_documents: int = 0, page_size: int = 50,
                page_token: str = "") -> query_service_pb2.ListStoriesResponse:
        """One page of story clusters, the latest first; with `filter`, the
        stories with a document that passes it, each whole."""
        request = query_service_pb2.ListStoriesRequest(
            filter=filter, min_documents=min_documents, page_size=page_size,
            page_token=page_token)
        return self._call("query", "ListStories", request,
                          query_service_pb2.ListStoriesResponse)

    def story(self, story_id: str, *,
              max_documents: int = 0) -> query_service_pb2.GetStoryResponse:
        """A story and its documents."""
        request = query_service_pb2.GetStoryRequest(name=story_id, max_documents=max_documents)
        return self._call("query", "GetStory", request, query_service_pb2.GetStoryResponse)

    def watch(self, query: str = "", *, filter: Optional[search_pb2.DocumentFilter] = None,
              timeout: Optional[float] = None,
              on_open: Optional[Callable[[], None]] = None) -> Iterator[document_pb2.Document]:
        """Each newly indexed document that matches, as it comes, until the
        caller stops iterating or `timeout` (seconds) passes (then the
        iteration ends quietly). `on_open` is called once the server has
        registered the watch: every document indexed from then on is seen.
        Not retried: a watch that ends with an error raises DossierError;
        call again to go on."""
        request = query_service_pb2.WatchDocumentsRequest(query=query, filter=filter)
        stream = self.query_service.WatchDocuments(request, timeout=timeout)
        try:
            if on_open is not None:
                # The server's headers carry this once the watch is open.
                if any(key == "dossier-watch-open" for key, _ in stream.initial_metadata() or ()):
                    on_open()
            for response in stream:
                yield response.document
        except grpc.RpcError as error:
            if timeout is not None and error.code() == grpc.StatusCode.DEADLINE_EXCEEDED:
                return
            raise DossierError(error, self.addresses["query"], "WatchDocuments") from error
        finally:
            stream.cancel()

    # Entity curation (the `admin` scope).

    def merge(self, entity: str, into: str) -> registry_service_pb2.MergeEntitiesResponse:
        """Makes `entity` part of `into` (names or ids); a retry of a merge
        that landed answers the merged entity."""
        request = registry_service_pb2.MergeEntitiesRequest(entity=entity, into=into)
        return self._call("registry", "MergeEntities", request,
                          registry_service_pb2.MergeEntitiesResponse)

    def alias(self, entity: str, alias: str) -> registry_service_pb2.AddEntityAliasResponse:
        """Another name for an entity, for reads at once and the tagger soon."""
        request = registry_service_pb2.AddEntityAliasRequest(entity=entity, alias=alias)
        return self._call("registry", "AddEntityAlias", request,
                          registry_service_pb2.AddEntityAliasResponse)

    def split(self, entity: str, alias: str) -> registry_service_pb2.SplitEntityAliasResponse:
        """Gives a name of an entity back its own entity (undoes a merge).
        Called once, not retried: a repeat of a split that landed would
        answer NOT_FOUND; after a failure, read the entity to see."""
        request = registry_service_pb2.SplitEntityAliasRequest(entity=entity, alias=alias)
        return self._call("registry", "SplitEntityAlias", request,
                          registry_service_pb2.SplitEntityAliasResponse, retried=False)

    def unalias(self, entity: str,
                alias: str) -> registry_service_pb2.RemoveEntityAliasResponse:
        """Takes back an alias. Called once, like split."""
        request = registry_service_pb2.RemoveEntityAliasRequest(entity=entity, alias=alias)
        return self._call("registry", "RemoveEntityAlias", request,
                          registry_service_pb2.RemoveEntityAliasResponse, retried=False)

    def retype(self, entity: str,
               entity_type: "annotations_pb2.EntityType.ValueType"
               ) -> registry_service_pb2.SetEntityTypeResponse:
        """Gives an entity the type the tagger should have read it as
        (annotations_pb2.ENTITY_TYPE_ORGANIZATION ...); a retry of one that
        landed answers the entity as it is."""
        request = registry_service_pb2.SetEntityTypeRequest(entity=entity, type=entity_type)
        return self._call("registry", "SetEntityType", request,
                          registry_service_pb2.SetEntityTypeResponse)

    # Tagger.

    def tag(self, text: str) -> annotations_pb2.Annotations:
        """The annotations of a text, without storing it (offsets in code
        points)."""
        # This client receives up to MAX_MESSAGE_BYTES.
        request = tagger_service_pb2.TagTextRequest(
            text=text, encoding_type=annotations_pb2.ENCODING_TYPE_UTF32,
            max_response_bytes=MAX_MESSAGE_BYTES)
        return self._call("tagger", "TagText", request,
                          tagger_service_pb2.TagTextResponse).annotations
