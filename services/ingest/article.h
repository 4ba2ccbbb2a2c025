// What a scraped news article carries besides its story: a date header,
// a dateline with its agency, "Source:" lines, a headline, and scraper
// residue. ParseArticle finds the metadata and returns the article cleaned
// of the residue. Pure; no I/O.
#ifndef DOSSIER_SERVICES_INGEST_ARTICLE_H_
#define DOSSIER_SERVICES_INGEST_ARTICLE_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace dossier::ingest {

struct ParsedArticle {
  // The article without date header, "Source:" lines, boilerplate lines,
  // repeated paragraphs and repeated sentences; the headline and the
  // dateline stay (they are part of what a reader sees).
  std::string text;
  std::string title;
  std::string outlet;
  // The place of the dateline, as written ("MOSCOW").
  std::string dateline;
  std::optional<absl::CivilDay> date;
  // How the date was found: "header" (a date line), "dateline" (a
  // dateline's date), or "" (not found).
  std::string date_source;
  // Whether the date's year was worked out, not read (a dateline of month
  // and day alone).
  bool date_year_inferred = false;
  // Lines, paragraphs and sentences dropped as residue or repetition.
  int removed_lines = 0;
  int removed_repeats = 0;
};

// `text` must be normalised already (NormalizeText: NFC, single spaces,
// paragraphs separated by one blank line). `reference` is when the article
// was received: it fixes the year of a dateline that has none (the latest
// year not after it, or, when the dateline's paragraph names a weekday, the
// latest such year on which the date falls on that weekday).
ParsedArticle ParseArticle(absl::string_view text, absl::CivilDay reference);

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_ARTICLE_H_
