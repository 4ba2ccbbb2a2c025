// Text normalisation at the front door. The normalised text is what gets
// tagged, indexed and hashed for the document id, so that the same article
// scraped twice with different spacing or Unicode composition is the same
// document.
#ifndef DOSSIER_SERVICES_INGEST_NORMALIZER_H_
#define DOSSIER_SERVICES_INGEST_NORMALIZER_H_

#include <string>

#include "absl/strings/string_view.h"

namespace dossier::ingest {

// HTML character references ("&#233;", "&#xE9;", "&eacute;", "&amp;")
// become the characters they stand for, once; Unicode NFC; every Unicode
// space (NBSP, thin, ideographic) becomes ' ' and runs of spaces one;
// control characters (NUL, DEL; not tabs or line breaks) are spaces; a C1
// character is the Windows-1252 character it stands for in a Windows
// text read as Latin-1 (U+0092 is "’"), or goes; zero-width characters
// and soft hyphens go; CR LF and CR become LF; lines lose leading and
// trailing spaces; a line indented after a non-blank line starts a new
// paragraph (the Reuters convention); paragraphs are separated by exactly
// one blank line; no leading or trailing blank lines. `text` must be
// valid UTF-8.
std::string NormalizeText(absl::string_view text);

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_NORMALIZER_H_
