"""Builds dossier-client (the metadata is in pyproject.toml).

The protobuf and gRPC modules of dossier.v1 (and of the google.rpc error
model its protos carry) are generated here, when the package is built,
from the repository's protos/ ($DOSSIER_PROTOS to build from elsewhere):

    protos/dossier/v1/document.proto -> dossier_client/v1/document_pb2.py
                                        dossier_client/v1/document_pb2.pyi
    protos/dossier/v1/query_service.proto -> ..._pb2_grpc.py, ..._pb2_grpc.pyi
    protos/google/rpc/status.proto   -> dossier_client/google/rpc/status_pb2.py

They go into setuptools' build directory only (pip's in-tree build makes
it clients/python/build/, which git ignores), never into src/. The tools:
protoc ($PROTOC, else on PATH) with grpc_python_plugin (Debian:
protobuf-compiler, protobuf-compiler-grpc), else grpcio-tools' bundled
protoc; protoc-gen-mypy and protoc-gen-mypy_grpc (Debian or PyPI:
mypy-protobuf) for the typed stubs.

The modules live under dossier_client, not as top-level `dossier` and
`google.rpc` packages, so that installing this package never overwrites
googleapis-common-protos' files: the generated imports are rewritten to
match.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
PROTOS = Path(os.environ.get("DOSSIER_PROTOS", HERE.parent.parent / "protos"))
# The public API and the error model it uses; not dossier.internal or
# dossier.store, which only the services speak.
PROTO_DIRS = ["dossier/v1", "google/rpc"]
# Generated module path -> where it goes in this package.
RELOCATE = {"dossier.v1": "dossier_client.v1", "google.rpc": "dossier_client.google.rpc"}


def protoc_command():
    """The protoc to run and the flags its gRPC Python output needs."""
    protoc = os.environ.get("PROTOC") or shutil.which("protoc")
    plugin = shutil.which("grpc_python_plugin")
    if protoc and plugin:
        return [protoc, f"--plugin=protoc-gen-grpc_python={plugin}"]
    try:
        import grpc_tools  # grpcio-tools from PyPI bundles protoc and the plugin
    except ImportError:
        sys.exit("dossier-client: building needs protoc and grpc_python_plugin (Debian: "
                 "protobuf-compiler protobuf-compiler-grpc) or grpcio-tools (pip)")
    well_known = Path(grpc_tools.__file__).parent / "_proto"
    return [sys.executable, "-m", "grpc_tools.protoc", f"-I{well_known}"]


def stub_plugins():
    """The mypy-protobuf plugins that write the .pyi stubs."""
    plugins = []
    for name in ("protoc-gen-mypy", "protoc-gen-mypy_grpc"):
        path = shutil.which(name)
        if path is None:
            sys.exit(f"dossier-client: building needs {name} (Debian or pip: mypy-protobuf)")
        plugins.append(f"--plugin={name}={path}")
    return plugins


def relocate(text):
    """Rewrites the generated imports and module names to dossier_client's."""
    for old, new in RELOCATE.items():
        escaped = re.escape(old)
        text = re.sub(rf"^from {escaped} import ", f"from {new} import ", text, flags=re.M)
        text = re.sub(rf"(?<![\w.]){escaped}\.(\w+_pb2(?:_grpc)?)\b", rf"{new}.\1", text)
    return text


def generate(out_root):
    """Generates the modules and stubs into out_root/dossier_client."""
    if not (PROTOS / "dossier" / "v1").is_dir():
        sys.exit(f"dossier-client: no protos at {PROTOS} (set DOSSIER_PROTOS)")
    protos = sorted(str(p.relative_to(PROTOS)) for d in PROTO_DIRS
                    for p in (PROTOS / d).glob("*.proto"))
    with tempfile.TemporaryDirectory() as tmp:
        command = protoc_command() + stub_plugins() + [
            f"-I{PROTOS}", f"--python_out={tmp}", f"--grpc_python_out={tmp}",
            f"--mypy_out={tmp}", f"--mypy_grpc_out={tmp}"] + protos
        subprocess.run(command, check=True)
        for old, new in RELOCATE.items():
            source = Path(tmp, *old.split("."))
            target = Path(out_root, *new.split("."))
            shutil.rmtree(target, ignore_errors=True)  # nothing stale from a build before
            target.mkdir(parents=True)
            for path in sorted(source.iterdir()):
                text = path.read_text()
                # The gRPC plugins write a module for every file; only those
                # of files with services have stubs in them.
                if path.stem.endswith("_grpc") and "Stub" not in text:
                    continue
                if path.suffix in (".py", ".pyi"):
                    (target / path.name).write_text(relocate(text))
            # Packages for the generated modules, up to dossier_client.
            package = target
            while package != Path(out_root, "dossier_client"):
                (package / "__init__.py").touch()
                package = package.parent


class BuildPy(build_py):
    def run(self):
        super().run()
        generate(self.build_lib)


setup(cmdclass={"build_py": BuildPy})
