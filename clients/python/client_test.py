#!/usr/bin/python3
"""dossier from Python: ingest a document and read it back through the
public API, using stubs that protoc generated from protos/ at build time.

Calls are repeated by dossier's one retry policy (common/retry.h):
`classify` below is its table, `call_with_retries` what a client does
with it.

Run by the integration suite against real services:
  /usr/bin/python3 client_test.py --stubs=build/python \
      --ingest=HOST:PORT --query=HOST:PORT --tagger=HOST:PORT \
      [--token_file=FILE] [--tls_ca=ca.pem]
"""
import argparse
import collections
import os
import random
import sys
import time
import unittest
import uuid

ARGS = None

OUTAGE, RETRY, PERMANENT = "outage", "retry", "permanent"


def classify(code, details="", retry_delay=None):
    """The class of a failed call, as common/retry.h Classify decides it.

    outage: wait (at least `retry_delay` when the server gave one) and call
    again; retry: call again a few times; permanent: the call as made cannot
    succeed (a batch is split, anything else reported).
    """
    import grpc
    codes = grpc.StatusCode
    if code in (codes.UNAVAILABLE, codes.DEADLINE_EXCEEDED, codes.CANCELLED):
        return OUTAGE
    if code == codes.RESOURCE_EXHAUSTED:
        if retry_delay is not None:
            return OUTAGE  # load shed (OUTBOX_FULL): come back later
        if "message larger than max" in (details or "").lower():
            return PERMANENT  # never fits, however long one waits
        return OUTAGE
    if code in (codes.ABORTED, codes.INTERNAL, codes.UNKNOWN):
        return RETRY
    return PERMANENT


def retry_delay(error):
    """The RetryInfo delay (seconds) a failed call carries, else None."""
    from google.rpc import error_details_pb2, status_pb2
    for key, value in error.trailing_metadata() or ():
        if key != "grpc-status-details-bin":
            continue
        for detail in status_pb2.Status.FromString(value).details:
            info = error_details_pb2.RetryInfo()
            if detail.Unpack(info):
                return info.retry_delay.ToTimedelta().total_seconds()
    return None


def call_with_retries(call, *, flukes=3, patience=60.0, sleep=time.sleep):
    """call() until it answers: outages for up to `patience` seconds with
    exponential backoff (at least the server's RetryInfo delay), flukes up
    to `flukes` times; a permanent error, or one past those, is raised."""
    import grpc
    waited, backoff, tries = 0.0, 0.1, 0
    while True:
        try:
            return call()
        except grpc.RpcError as error:
            asked = retry_delay(error)
            kind = classify(error.code(), error.details(), asked)
            tries += kind == RETRY
            if kind == PERMANENT or (kind == RETRY and tries > flukes) or waited >= patience:
                raise
            delay = max(asked or 0.0, backoff * random.uniform(0.5, 1.0))
            backoff = min(backoff * 2, 10.0)
            sleep(delay)
            waited += delay


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stubs", required=True)
    parser.add_argument("--ingest", required=True)
    parser.add_argument("--query", required=True)
    parser.add_argument("--tagger", required=True)
    parser.add_argument("--token_file", default="",
                        help="bearer token to send (default: $DOSSIER_TOKEN)")
    parser.add_argument("--tls_ca", default="",
                        help="PEM CA: speak TLS, trusting servers it signed")
    args, rest = parser.parse_known_args()
    return args, rest


def make_channel(grpc, address):
    """A channel to a dossier service with the token and TLS of the command line.

    The token goes as `authorization: Bearer TOKEN` on every call; health and
    reflection need none.
    """
    token = os.environ.get("DOSSIER_TOKEN", "")
    if ARGS.token_file:
        with open(ARGS.token_file) as f:
            token = f.readline().strip()
    if ARGS.tls_ca:
        with open(ARGS.tls_ca, "rb") as f:
            credentials = grpc.ssl_channel_credentials(f.read())
        if token:
            credentials = grpc.composite_channel_credentials(
                credentials, grpc.access_token_call_credentials(token))
        return grpc.secure_channel(address, credentials)
    channel = grpc.insecure_channel(address)
    if not token:
        return channel
    # Call credentials need TLS in grpcio; on plaintext (loopback) the token
    # goes as metadata through an interceptor.
    metadata = (("authorization", "Bearer " + token),)

    class Details(collections.namedtuple(
            "Details", ("method", "timeout", "metadata", "credentials",
                        "wait_for_ready", "compression")), grpc.ClientCallDetails):
        pass

    class Bearer(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                 grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
        def _with_token(self, details):
            return Details(details.method, details.timeout,
                           tuple(details.metadata or ()) + metadata, details.credentials,
                           details.wait_for_ready, details.compression)

        def intercept_unary_unary(self, continuation, details, request):
            return continuation(self._with_token(details), request)

        def intercept_unary_stream(self, continuation, details, request):
            return continuation(self._with_token(details), request)

        def intercept_stream_unary(self, continuation, details, requests):
            return continuation(self._with_token(details), requests)

        def intercept_stream_stream(self, continuation, details, requests):
            return continuation(self._with_token(details), requests)

    return grpc.intercept_channel(channel, Bearer())


class FakeRpcError(Exception):
    """A failed call as grpc raises it (code, details, trailing metadata)."""

    def __init__(self, code, details="", delay=None):
        super().__init__(details)
        self._code, self._details, self._metadata = code, details, ()
        if delay is not None:
            from google.rpc import error_details_pb2, status_pb2
            info = error_details_pb2.RetryInfo()
            info.retry_delay.FromNanoseconds(int(delay * 1e9))
            status = status_pb2.Status(code=code.value[0], message=details)
            status.details.add().Pack(info)
            self._metadata = (("grpc-status-details-bin", status.SerializeToString()),)

    def code(self):
        return self._code

    def details(self):
        return self._details

    def trailing_metadata(self):
        return self._metadata


class RetryPolicyTest(unittest.TestCase):
    """The table of common/retry.h, and what call_with_retries does with it."""

    @classmethod
    def setUpClass(cls):
        import grpc
        cls.codes = grpc.StatusCode
        # Raised errors must be grpc.RpcError for call_with_retries.
        cls.Error = type("Error", (FakeRpcError, grpc.RpcError), {})

    def test_the_table(self):
        c = self.codes
        for code in (c.UNAVAILABLE, c.DEADLINE_EXCEEDED, c.CANCELLED):
            self.assertEqual(classify(code), OUTAGE, code)
        self.assertEqual(classify(c.RESOURCE_EXHAUSTED, "outbox full", retry_delay=1.0), OUTAGE)
        self.assertEqual(classify(c.RESOURCE_EXHAUSTED,
                                  "Received message larger than max (5 vs. 4)"), PERMANENT)
        self.assertEqual(classify(c.RESOURCE_EXHAUSTED, "quota"), OUTAGE)
        for code in (c.ABORTED, c.INTERNAL, c.UNKNOWN):
            self.assertEqual(classify(code), RETRY, code)
        for code in (c.INVALID_ARGUMENT, c.NOT_FOUND, c.FAILED_PRECONDITION, c.OUT_OF_RANGE,
                     c.ALREADY_EXISTS, c.UNIMPLEMENTED, c.PERMISSION_DENIED,
                     c.UNAUTHENTICATED, c.DATA_LOSS):
            self.assertEqual(classify(code), PERMANENT, code)

    def test_retry_info_is_read_and_honoured(self):
        error = self.Error(self.codes.RESOURCE_EXHAUSTED, "full", delay=2.5)
        self.assertEqual(retry_delay(error), 2.5)
        answers, slept = [error, "done"], []

        def call():
            answer = answers.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        self.assertEqual(call_with_retries(call, sleep=slept.append), "done")
        self.assertEqual(len(slept), 1)
        self.assertGreaterEqual(slept[0], 2.5)

    def test_flukes_are_bounded_and_permanent_errors_raised_at_once(self):
        calls, slept = [], []

        def flaky():
            calls.append(1)
            raise self.Error(self.codes.INTERNAL, "reset")
        with self.assertRaises(self.Error):
            call_with_retries(flaky, flukes=3, sleep=slept.append)
        self.assertEqual(len(calls), 4)

        calls.clear()

        def refused():
            calls.append(1)
            raise self.Error(self.codes.INVALID_ARGUMENT, "bad")
        with self.assertRaises(self.Error):
            call_with_retries(refused, sleep=slept.append)
        self.assertEqual(len(calls), 1)


class PythonClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import grpc
        from dossier.v1 import ingest_service_pb2_grpc, query_service_pb2_grpc
        from grpc_health.v1 import health_pb2_grpc

        cls.grpc = grpc
        cls.ingest_channel = make_channel(grpc, ARGS.ingest)
        cls.query_channel = make_channel(grpc, ARGS.query)
        cls.tagger_channel = make_channel(grpc, ARGS.tagger)
        cls.ingest = ingest_service_pb2_grpc.IngestServiceStub(cls.ingest_channel)
        cls.query = query_service_pb2_grpc.QueryServiceStub(cls.query_channel)
        cls.health = {
            name: health_pb2_grpc.HealthStub(channel)
            for name, channel in [("dossier.v1.IngestService", cls.ingest_channel),
                                  ("dossier.v1.QueryService", cls.query_channel),
                                  ("dossier.v1.TaggerService", cls.tagger_channel)]
        }

    def test_health_is_serving(self):
        from grpc_health.v1 import health_pb2
        for service, stub in self.health.items():
            for name in ("", service):
                response = stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=5)
                self.assertEqual(response.status, health_pb2.HealthCheckResponse.SERVING,
                                 f"{service} {name!r}")

    def test_ingest_then_read_back(self):
        from dossier.v1 import document_pb2, ingest_service_pb2, query_service_pb2, annotations_pb2
        marker = uuid.uuid4().hex
        text = ("Vu\u010di\u0107 met Sergei Lavrov in Belgrade on Monday. "
                f"Reference {marker}.")
        request = ingest_service_pb2.IngestDocumentRequest(
            document=document_pb2.DocumentInput(text=text, outlet="Python Wire",
                                                labels={"client": "python"}))
        response = call_with_retries(lambda: self.ingest.IngestDocument(request, timeout=10))
        self.assertEqual(response.result.outcome, ingest_service_pb2.INGEST_OUTCOME_ACCEPTED)
        doc_id = response.result.document_id
        self.assertEqual(len(doc_id), 32)

        # Re-sending is a no-op.
        again = call_with_retries(lambda: self.ingest.IngestDocument(request, timeout=10))
        self.assertEqual(again.result.outcome, ingest_service_pb2.INGEST_OUTCOME_DUPLICATE)

        # Readable once its status says INDEXED (NOT_FOUND is permanent in
        # the table: the document is looked up when it is there).
        state = None
        deadline = time.time() + 30
        while time.time() < deadline:
            state = call_with_retries(lambda: self.ingest.GetDocumentStatus(
                ingest_service_pb2.GetDocumentStatusRequest(name=doc_id), timeout=5)).status.state
            if state in (ingest_service_pb2.DOCUMENT_STATE_INDEXED,
                         ingest_service_pb2.DOCUMENT_STATE_FAILED):
                break
            time.sleep(0.1)
        self.assertEqual(state, ingest_service_pb2.DOCUMENT_STATE_INDEXED)
        document = call_with_retries(lambda: self.query.GetDocument(
            query_service_pb2.GetDocumentRequest(
                name=f"documents/{doc_id}",
                encoding_type=annotations_pb2.ENCODING_TYPE_UTF32),
            timeout=5)).document
        self.assertEqual(document.id, doc_id)
        self.assertEqual(document.text, text)
        self.assertEqual(document.metadata.outlet, "Python Wire")
        self.assertEqual(document.labels["client"], "python")
        self.assertGreater(len(document.annotations.mentions), 0)
        # Code-point offsets index Python strings directly.
        for mention in document.annotations.mentions:
            self.assertEqual(text[mention.span.begin:mention.span.end], mention.text)

    def test_bad_input_is_invalid_argument(self):
        from dossier.v1 import document_pb2, ingest_service_pb2
        with self.assertRaises(self.grpc.RpcError) as caught:
            call_with_retries(lambda: self.ingest.IngestDocument(
                ingest_service_pb2.IngestDocumentRequest(
                    document=document_pb2.DocumentInput(text_bytes=b"caf\xe9")),
                timeout=5))
        self.assertEqual(caught.exception.code(), self.grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(classify(caught.exception.code()), PERMANENT)
        self.assertIn("UTF-8", caught.exception.details())


if __name__ == "__main__":
    ARGS, rest = parse_args()
    sys.path.insert(0, ARGS.stubs)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
