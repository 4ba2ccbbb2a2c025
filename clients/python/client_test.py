#!/usr/bin/python3
"""dossier from Python: ingest a document and read it back through the
public API, using stubs that protoc generated from protos/ at build time.

Run by the integration suite against real services:
  /usr/bin/python3 client_test.py --stubs=build/python \
      --ingest=HOST:PORT --query=HOST:PORT --tagger=HOST:PORT
"""
import argparse
import sys
import time
import unittest
import uuid

ARGS = None


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stubs", required=True)
    parser.add_argument("--ingest", required=True)
    parser.add_argument("--query", required=True)
    parser.add_argument("--tagger", required=True)
    args, rest = parser.parse_known_args()
    return args, rest


class PythonClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import grpc
        from dossier.v1 import ingest_service_pb2_grpc, query_service_pb2_grpc
        from grpc_health.v1 import health_pb2_grpc

        cls.grpc = grpc
        cls.ingest_channel = grpc.insecure_channel(ARGS.ingest)
        cls.query_channel = grpc.insecure_channel(ARGS.query)
        cls.tagger_channel = grpc.insecure_channel(ARGS.tagger)
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
        response = self.ingest.IngestDocument(request, timeout=10)
        self.assertEqual(response.result.outcome, ingest_service_pb2.INGEST_OUTCOME_ACCEPTED)
        doc_id = response.result.document_id
        self.assertEqual(len(doc_id), 32)

        # Re-sending is a no-op.
        again = self.ingest.IngestDocument(request, timeout=10)
        self.assertEqual(again.result.outcome, ingest_service_pb2.INGEST_OUTCOME_DUPLICATE)

        document = None
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                document = self.query.GetDocument(
                    query_service_pb2.GetDocumentRequest(
                        name=f"documents/{doc_id}",
                        encoding_type=annotations_pb2.ENCODING_TYPE_UTF32),
                    timeout=5).document
                break
            except self.grpc.RpcError as error:
                self.assertEqual(error.code(), self.grpc.StatusCode.NOT_FOUND)
                time.sleep(0.1)
        self.assertIsNotNone(document, "the document never became readable")
        self.assertEqual(document.id, doc_id)
        self.assertEqual(document.text, text)
        self.assertEqual(document.metadata.outlet, "Python Wire")
        self.assertEqual(document.labels["client"], "python")
        self.assertGreater(len(document.annotations.mentions), 0)
        # Code-point offsets index Python strings directly.
        for mention in document.annotations.mentions:
            self.assertEqual(text[mention.span.begin:mention.span.end], mention.text)

        status = self.ingest.GetDocumentStatus(
            ingest_service_pb2.GetDocumentStatusRequest(name=doc_id), timeout=5).status
        self.assertEqual(status.state, ingest_service_pb2.DOCUMENT_STATE_INDEXED)

    def test_bad_input_is_invalid_argument(self):
        from dossier.v1 import document_pb2, ingest_service_pb2
        with self.assertRaises(self.grpc.RpcError) as caught:
            self.ingest.IngestDocument(
                ingest_service_pb2.IngestDocumentRequest(
                    document=document_pb2.DocumentInput(text_bytes=b"caf\xe9")),
                timeout=5)
        self.assertEqual(caught.exception.code(), self.grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("UTF-8", caught.exception.details())


if __name__ == "__main__":
    ARGS, rest = parse_args()
    sys.path.insert(0, ARGS.stubs)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
