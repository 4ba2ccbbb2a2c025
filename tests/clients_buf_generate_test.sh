#!/usr/bin/env bash
# buf.gen.yaml at the repository root, for users who generate their own
# code, works as its comments say: `buf generate -o DIR` writes TypeScript
# and Python for dossier.v1 with local plugins, offline; the Python imports
# and round-trips a request, the TypeScript compiles with tsc --strict.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/clients/node/node_modules/.bin
if [ ! -x "$BIN/buf" ] || [ ! -x "$BIN/protoc-gen-es" ]; then echo "no buf: npm ci in clients/node"; exit 77; fi
for tool in protoc grpc_python_plugin; do
  command -v "$tool" >/dev/null || { echo "no $tool"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$ROOT" && PATH=$BIN:$PATH buf generate -o "$tmp") || { echo "buf generate failed"; exit 1; }
for file in gen/ts/dossier/v1/query_service_pb.ts gen/python/dossier/v1/query_service_pb2.py \
    gen/python/dossier/v1/query_service_pb2.pyi gen/python/dossier/v1/query_service_pb2_grpc.py \
    gen/python/google/rpc/status_pb2.py; do
  [ -s "$tmp/$file" ] || { echo "buf generate did not write $file"; exit 1; }
done

PYTHONPATH=$tmp/gen/python /usr/bin/python3 - <<'PY' || { echo "the generated Python does not work"; exit 1; }
from dossier.v1 import query_service_pb2, query_service_pb2_grpc, search_pb2
request = query_service_pb2.SearchDocumentsRequest(
    query="Lavrov", filter=search_pb2.DocumentFilter(outlets=["TASS"]), page_size=5)
again = query_service_pb2.SearchDocumentsRequest.FromString(request.SerializeToString())
assert again == request and again.filter.outlets == ["TASS"], again
assert hasattr(query_service_pb2_grpc, "QueryServiceStub")
PY

ln -s "$ROOT/clients/node/node_modules" "$tmp/node_modules"
cat >"$tmp/tsconfig.json" <<'JSON'
{
  "compilerOptions": {"target": "ES2022", "module": "node16", "moduleResolution": "node16",
                      "strict": true, "noEmit": true, "types": []},
  "include": ["gen/ts"]
}
JSON
"$BIN/tsc" -p "$tmp" || { echo "the generated TypeScript does not compile"; exit 1; }
echo "buf.gen.yaml: TypeScript and Python generated; the Python works, the TypeScript compiles"
