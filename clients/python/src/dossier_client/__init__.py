"""dossier-client: the Python client of dossier's public API (dossier.v1).

    from dossier_client import Client
    with Client() as client:          # $DOSSIER_INGEST, $DOSSIER_QUERY, ...
        result = client.ingest("Aleksandar Vučić met Sergei Lavrov.")
        client.wait_indexed([result.document_id])
        for hit in client.search("Lavrov").hits:
            print(hit.document.id)

The messages and stubs, generated from protos/ when the package was built,
are dossier_client.v1.*_pb2 and *_pb2_grpc (typed: .pyi stubs).
"""
from dossier_client.client import Client, DossierError, rejected_for_now
from dossier_client.retry import RetryPolicy, classify

__all__ = ["Client", "DossierError", "RetryPolicy", "classify", "rejected_for_now"]
