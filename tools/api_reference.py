#!/usr/bin/python3
"""Renders the API reference (Markdown) from the protos' own comments.

The build runs protoc with --include_source_info over protos/dossier/v1 and
hands the descriptor set here:

  api_reference.py DESCRIPTOR_SET OUT.md

Every service, method, message, field, enum and value of dossier.v1 is
listed with the comment written above it in the .proto file.
"""
import sys

from google.protobuf import descriptor_pb2

# Field numbers in descriptor.proto, as paths in SourceCodeInfo use them.
MESSAGE, ENUM, SERVICE = 4, 5, 6
FIELD, NESTED, NESTED_ENUM = 2, 3, 4
METHOD, VALUE = 2, 2

LABELS = {1: "", 2: "required ", 3: "repeated "}
SCALARS = {
    1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 6: "fixed64",
    7: "fixed32", 8: "bool", 9: "string", 12: "bytes", 13: "uint32", 15: "sfixed32",
    16: "sfixed64", 17: "sint32", 18: "sint64",
}


def comments(file):
    """Leading comments by path, as Markdown: lines joined into paragraphs,
    list items ("- ...") and blank lines kept."""
    out = {}
    for location in file.source_code_info.location:
        text = location.leading_comments.strip()
        if not text:
            continue
        blocks = []
        for line in (l.strip() for l in text.splitlines()):
            if not line:
                blocks.append("")
            elif line.startswith("- ") or not blocks or blocks[-1] == "":
                blocks.append(line)
            else:
                blocks[-1] += " " + line
        out[tuple(location.path)] = "\n".join(blocks)
    return out


def cell(text):
    """A comment inside a table cell: one line."""
    return text.replace("|", "\\|").replace("\n\n", "<br>").replace("\n", "<br>")


def type_name(field):
    if field.type in SCALARS:
        return SCALARS[field.type]
    return "`" + field.type_name.lstrip(".") + "`"


def anchor(name):
    return name.lower().replace(".", "")


def render_enum(enum, path, full, notes, out):
    out.append(f"### enum `{full}`\n")
    if notes.get(path):
        out.append(notes[path] + "\n")
    out.append("| value | number | meaning |\n|---|---|---|")
    for i, value in enumerate(enum.value):
        out.append(f"| `{value.name}` | {value.number} | {cell(notes.get(path + (VALUE, i), ''))} |")
    out.append("")


def render_message(message, path, full, notes, out):
    if message.options.map_entry:
        return
    out.append(f"### message `{full}`\n")
    if notes.get(path):
        out.append(notes[path] + "\n")
    if message.field:
        out.append("| field | type | meaning |\n|---|---|---|")
        for i, field in enumerate(message.field):
            note = cell(notes.get(path + (FIELD, i), ""))
            out.append(f"| `{field.name}` | {LABELS.get(field.label, '')}{type_name(field)} | {note} |")
        out.append("")
    for i, nested in enumerate(message.nested_type):
        render_message(nested, path + (NESTED, i), f"{full}.{nested.name}", notes, out)
    for i, enum in enumerate(message.enum_type):
        render_enum(enum, path + (NESTED_ENUM, i), f"{full}.{enum.name}", notes, out)


def main():
    descriptors = descriptor_pb2.FileDescriptorSet()
    with open(sys.argv[1], "rb") as f:
        descriptors.ParseFromString(f.read())
    files = sorted((f for f in descriptors.file if f.package == "dossier.v1"),
                   key=lambda f: f.name)
    out = ["# dossier.v1 API reference", "",
           "Generated at build time from the comments in `protos/dossier/v1` "
           "(tools/api_reference.py). Every service also serves `grpc.health.v1` "
           "and server reflection (v1 and v1alpha).", ""]
    out.append("## Services\n")
    for file in files:
        notes = comments(file)
        for s, service in enumerate(file.service):
            out.append(f"### service `dossier.v1.{service.name}` ({file.name})\n")
            if notes.get((SERVICE, s)):
                out.append(notes[(SERVICE, s)] + "\n")
            for m, method in enumerate(service.method):
                stream_in = "stream " if method.client_streaming else ""
                stream_out = "stream " if method.server_streaming else ""
                out.append(f"- **`{method.name}`**({stream_in}`{method.input_type.lstrip('.')}`)"
                           f" → {stream_out}`{method.output_type.lstrip('.')}`  ")
                note = notes.get((SERVICE, s, METHOD, m), "")
                out.append("\n".join("  " + line for line in note.split("\n")))
            out.append("")
    out.append("## Messages and enums\n")
    for file in files:
        notes = comments(file)
        for i, message in enumerate(file.message_type):
            render_message(message, (MESSAGE, i), f"dossier.v1.{message.name}", notes, out)
        for i, enum in enumerate(file.enum_type):
            render_enum(enum, (ENUM, i), f"dossier.v1.{enum.name}", notes, out)
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
