#include "cli/commands.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <functional>
#include <iostream>
#include <iterator>
#include <optional>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/command_line.h"
#include "cli/sources.h"
#include "common/api_limits.h"
#include "common/client.h"
#include "common/document_parts.h"
#include "common/grpc_status.h"
#include "common/time_util.h"
#include "common/utf8.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "dossier/v1/tagger_service.grpc.pb.h"
#include "google/protobuf/struct.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "text/fold.h"
#include "text/given_names.h"

namespace dossier::cli {
namespace {

// "the 1990s" for a decade's value "199", "1800 to 1899" for a century's
// "18", "summer 2004" for a season's "2004-22": what a reader of the
// table would not decode; empty for the other granularities, whose
// values read as they are.
std::string ReadOutPeriod(const v1::TemporalExpression& t) {
  const std::string& v = t.value();
  int number = 0;
  switch (t.granularity()) {
    case v1::TEMPORAL_GRANULARITY_DECADE:
      if (v.size() != 3 || !absl::SimpleAtoi(v, &number)) return "";
      return absl::StrCat("the ", number * 10, "s");
    case v1::TEMPORAL_GRANULARITY_CENTURY:
      if (v.empty() || v.size() > 2 || !absl::SimpleAtoi(v, &number)) return "";
      return absl::StrCat(number * 100, " to ", number * 100 + 99);
    case v1::TEMPORAL_GRANULARITY_SEASON: {
      static constexpr const char* kSeasons[] = {"spring", "summer", "autumn", "winter"};
      int season = 0;
      if (v.size() != 7 || v[4] != '-' || !absl::SimpleAtoi(v.substr(5), &season) || season < 21 ||
          season > 24) {
        return "";
      }
      return absl::StrCat(kSeasons[season - 21], " ", v.substr(0, 4));
    }
    default:
      return "";
  }
}

// "Zakharova → “words”" for words in quotation marks; reported speech,
// which is not verbatim, is said to be: "Peskov said (reported): words".
std::string QuoteLine(const std::string& speaker, const v1::Quote& q, size_t width,
                      absl::string_view separator = " → ") {
  if (q.kind() == v1::QUOTE_KIND_INDIRECT) {
    // "according to Maria Zakharova", not "Maria Zakharova According to".
    if (absl::StartsWithIgnoreCase(q.cue(), "according to")) {
      return absl::StrCat("according to ", speaker, " (reported): ", OneLine(q.text(), width));
    }
    return absl::StrCat(speaker, " ", q.cue().empty() ? "said" : OneLine(q.cue(), 40),
                        " (reported): ", OneLine(q.text(), width));
  }
  return absl::StrCat(speaker, separator, "“", OneLine(q.text(), width), "”");
}

std::string Provenance(v1::Provenance p) {
  return p == v1::PROVENANCE_EXTRACTED  ? "  (from the text)"
         : p == v1::PROVENANCE_INFERRED ? "  (from the text, year inferred)"
         : p == v1::PROVENANCE_CLIENT   ? "  (from the client)"
                                        : "";
}

// What each entity name of a request stood for; a name that matched
// nothing is said plainly, since it is why a filter lets nothing through.
void PrintResolved(const google::protobuf::RepeatedPtrField<v1::ResolvedEntity>& resolved) {
  for (const auto& r : resolved) {
    if (r.entities().empty()) {
      std::printf("%s → no entity of that name: nothing can match it\n", r.reference().c_str());
      continue;
    }
    std::vector<std::string> lines;
    for (const auto& e : r.entities()) lines.push_back(EntityLine(e));
    // A name that is the one entity's own says only which entity it is.
    const bool same = r.entities_size() == 1 && r.entities(0).display_name() == r.reference();
    const std::string from = same ? "" : absl::StrCat(r.reference(), " → ");
    std::printf("%s%s\n", from.c_str(), absl::StrJoin(lines, ", ").c_str());
  }
}

// The day the date filters, facets and timelines count a document on: its
// publish date, else (marked "*") the day it was received (DocumentDate).
// Every table of documents shows it, and says once what the mark means.
class DateColumn {
 public:
  std::string operator()(const v1::Document& d) {
    if (d.metadata().has_publish_date()) return FormatDate(d.metadata().publish_date());
    if (!d.has_accept_time() && !d.has_receive_time()) return "";
    undated_ = true;
    return absl::StrCat(absl::FormatCivilTime(DocumentDate(d)), "*");
  }
  // A story's first or last date, which an undated document may give.
  std::string operator()(const v1::Date& date, bool undated) {
    undated_ = undated_ || undated;
    return absl::StrCat(FormatDate(date), undated ? "*" : "");
  }
  // After the table.
  void Footnote() const {
    if (undated_) {
      std::printf(
          "* undated: the day it was received (--received), else accepted, where date "
          "filters count it\n");
    }
  }

 private:
  bool undated_ = false;
};

// Marks and blocks are for people; a pipe or a file gets plain text.
bool StdoutIsTerminal() { return isatty(STDOUT_FILENO) != 0; }

// Whether a date as written names its year ("2023", "'96").
bool HasYear(absl::string_view text) {
  int digits = 0;
  for (const char c : text) {
    digits = absl::ascii_isdigit(static_cast<unsigned char>(c)) ? digits + 1 : 0;
    if (digits == 4) return true;
  }
  return absl::StrContains(text, "'") && std::any_of(text.begin(), text.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c));
         });
}

void PrintDocument(const v1::Document& d) {
  const auto& m = d.metadata();
  std::printf("%s\n", d.name().c_str());
  if (!m.title().empty()) {
    std::printf("  title      %s%s\n", m.title().c_str(), Provenance(m.title_provenance()).c_str());
  }
  if (!m.outlet().empty()) {
    std::printf("  outlet     %s%s\n", m.outlet().c_str(),
                Provenance(m.outlet_provenance()).c_str());
  }
  if (m.has_publish_date()) {
    std::printf("  published  %s%s\n", FormatDate(m.publish_date()).c_str(),
                Provenance(m.publish_date_provenance()).c_str());
  } else if (d.has_receive_time() || d.has_accept_time()) {
    // The day filters and timelines count it on, and why.
    std::printf("  dated      %s  (no publish date: the UTC day it was %s)\n",
                absl::FormatCivilTime(DocumentDate(d)).c_str(),
                d.has_receive_time() ? "received" : "accepted");
  }
  if (!m.dateline().empty()) {
    std::printf("  dateline   %s%s\n", m.dateline().c_str(),
                Provenance(m.dateline_provenance()).c_str());
  }
  if (!m.url().empty()) std::printf("  url        %s\n", m.url().c_str());
  if (!d.client_key().empty()) std::printf("  key        %s\n", d.client_key().c_str());
  if (d.has_receive_time()) {
    std::printf("  received   %s\n",
                absl::FormatTime(FromProtoTimestamp(d.receive_time())).c_str());
  }
  std::printf("  accepted   %s\n", absl::FormatTime(FromProtoTimestamp(d.accept_time())).c_str());
  if (d.has_index_time()) {
    std::printf("  indexed    %s\n", absl::FormatTime(FromProtoTimestamp(d.index_time())).c_str());
  }
  if (!d.story_id().empty()) std::printf("  story      %s\n", d.story_id().c_str());
  for (const auto& link : d.near_duplicates()) {
    std::printf("  repeats    documents/%s (similarity %.2f)\n", link.document_id().c_str(),
                link.similarity());
  }
  const auto& a = d.annotations();
  if (a.entities_size() > 0) {
    std::printf("  entities   %d  (tagger %s)\n", a.entities_size(), a.tagger_version().c_str());
    for (const auto& e : a.entities()) {
      std::printf("    %-9s %s %2d mention%s  salience %.2f\n", TypeName(e.type()),
                  Column(e.name(), 40).c_str(), e.mention_indices_size(),
                  e.mention_indices_size() == 1 ? " " : "s", e.salience());
    }
  }
  for (const auto& q : a.quotes()) {
    const std::string speaker =
        q.has_speaker_entity_index() && q.speaker_entity_index() < a.entities_size()
            ? a.entities(q.speaker_entity_index()).name()
            : "?";
    std::printf("  quote      %s\n", QuoteLine(speaker, q, 100, ": ").c_str());
  }
  for (const auto& r : a.roles()) {
    if (r.entity_index() < a.entities_size()) {
      std::printf("  role       %s: %s\n", SingleLine(a.entities(r.entity_index()).name()).c_str(),
                  r.title().c_str());
    }
  }
  // In a document with no publish date, a date its words give without a
  // year ("last week", "on Monday", "February 3") was reckoned from the
  // day it was received or accepted: marked, as undated days are.
  bool reckoned = false;
  for (const auto& t : a.temporal_expressions()) {
    const bool from_arrival = !m.has_publish_date() && !t.value().empty() && !HasYear(t.text());
    reckoned = reckoned || from_arrival;
    std::printf("  date       \"%s\" = %s%s%s\n", t.text().c_str(), t.value().c_str(),
                t.has_end_date() ? absl::StrCat(" to ", FormatDate(t.end_date())).c_str() : "",
                from_arrival ? "*" : "");
  }
  if (reckoned) {
    std::printf("  * reckoned from the day it was %s: the document gives no date of its own\n",
                d.has_receive_time() ? "received" : "accepted");
  }
  if (!d.text().empty()) std::printf("\n%s\n", d.text().c_str());
}

}  // namespace

grpc::Status CompleteDocument(v1::QueryService::Stub& stub, const Endpoints& endpoints,
                              v1::Document* document) {
  return dossier::CompleteDocument(
      [&](const v1::GetDocumentRequest& request, v1::GetDocumentResponse* response) {
        return Call(stub, &v1::QueryService::Stub::GetDocument, request, response, endpoints);
      },
      document);
}

int RunGet(const std::string& name, const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  v1::GetDocumentRequest request;
  request.set_name(name);
  v1::GetDocumentResponse response;
  grpc::Status s = Call(*stub, &v1::QueryService::Stub::GetDocument, request, &response, endpoints);
  if (s.ok()) s = CompleteDocument(*stub, endpoints, response.mutable_document());
  if (!s.ok()) return Fail("get", s, Service::kQuery, endpoints);
  if (endpoints.json) {
    PrintJson(response);
  } else {
    PrintDocument(response.document());
  }
  return 0;
}

namespace {

// The page at `token` of a listing and, with `all`, every page after it:
// `fetch` asks for one (told whether it is the first), `page` prints one
// as text (returning false ends the listing). With --json and `all`, the
// pages are printed as one response, as if they had fitted in one
// (`items`: the listing's repeated field). Returns the exit code.
template <typename Response, typename Items>
int Pages(const std::string& token, bool all, const Endpoints& endpoints,
          const std::function<grpc::Status(const std::string&, bool first, Response*)>& fetch,
          Items* (Response::*items)(), const char* command,
          const std::function<bool(const Response&, bool first)>& page) {
  std::string next = token;
  bool first = true;
  Response everything;
  do {
    Response response;
    const grpc::Status s = fetch(next, first, &response);
    if (!s.ok()) return Fail(command, s, Service::kQuery, endpoints);
    if (!endpoints.json) {
      if (!page(response, first)) return 0;
    } else if (!all) {
      PrintJson(response);
    } else if (first) {
      everything = response;
    } else {
      for (auto& item : *(response.*items)()) *(everything.*items)()->Add() = std::move(item);
    }
    first = false;
    next = response.next_page_token();
  } while (all && !next.empty());
  if (endpoints.json && all) {
    everything.clear_next_page_token();
    PrintJson(everything);
  }
  return -1;  // the caller's text ends the listing
}

}  // namespace

namespace {

// After a name that names no entity ("Vucicc"): the entities whose words
// begin as its last word does, shortened a letter at a time (to three) until
// some do; an entity found by an alias whose name has no such word is
// none. Only entities some document names: a knowledge base's country
// that no document does is no likelier meant than any other.
void SuggestEntities(v1::QueryService::Stub& stub, const std::string& name, v1::EntityType type,
                     const Endpoints& endpoints) {
  const std::vector<std::string> words =
      absl::StrSplit(name, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  if (words.empty()) return;
  const std::string& last = words.back();
  for (size_t length = last.size() - 1; length >= 3 && length + 3 >= last.size(); --length) {
    v1::SearchEntitiesRequest request;
    request.set_query(last.substr(0, length));
    if (type != v1::ENTITY_TYPE_UNSPECIFIED) request.add_types(type);
    // Most documents first: those with none come last.
    request.set_page_size(3);
    v1::SearchEntitiesResponse response;
    if (!Call(stub, &v1::QueryService::Stub::SearchEntities, request, &response, endpoints).ok()) {
      return;
    }
    // Only an entity whose name shows why: one of its words begins so (an
    // alias in another language that does, "Gea..." for the United
    // Kingdom, would read as nonsense).
    const std::string prefix = text::FoldName(last.substr(0, length));
    std::vector<std::string> lines;
    for (const auto& e : response.entities()) {
      bool shows = false;
      for (absl::string_view word : absl::StrSplit(e.display_name(), ' ', absl::SkipEmpty())) {
        shows = shows || absl::StartsWith(text::FoldName(word), prefix);
      }
      if (e.document_count() > 0 && shows) lines.push_back(EntityLine(e));
    }
    if (lines.empty()) continue;
    std::fprintf(stderr, "did you mean: %s?\n", absl::StrJoin(lines, "; ").c_str());
    return;
  }
}

// Fail for a command about entity `name` (timeline, cooccur), with the
// names it may have meant when the service found none by it.
int FailAbout(const char* command, const grpc::Status& s, v1::QueryService::Stub& stub,
              const std::string& name, v1::EntityType type, const Endpoints& endpoints) {
  const int code = Fail(command, s, Service::kQuery, endpoints);
  if (s.error_code() == grpc::StatusCode::NOT_FOUND && !endpoints.json &&
      absl::StrContains(s.error_message(), absl::StrCat("'", name, "'"))) {
    SuggestEntities(stub, name, type, endpoints);
  }
  return code;
}

}  // namespace

// The names of a request's filter that named no entity ("Nobody Atall"),
// which nothing can match: PrintResolved said so; this suggests what each
// may have meant and gives the exit code of a name `entity` does not know
// (kNotFoundExitCode), 0 when every name named one.
int UnknownNames(v1::QueryService::Stub& stub,
                 const google::protobuf::RepeatedPtrField<v1::ResolvedEntity>& resolved,
                 const Endpoints& endpoints) {
  int unknown = 0;
  for (const auto& r : resolved) {
    if (!r.entities().empty()) continue;
    ++unknown;
    if (!endpoints.json)
      SuggestEntities(stub, r.reference(), v1::ENTITY_TYPE_UNSPECIFIED, endpoints);
  }
  return unknown > 0 ? kNotFoundExitCode : 0;
}

int UnknownOutlets(v1::QueryService::Stub& stub, const v1::DocumentFilter& filter,
                   const char* command, const Endpoints& endpoints) {
  if (filter.outlets().empty()) return 0;
  // Whether some document is from `outlet`, whatever else the filter asked.
  auto has_documents = [&](const std::string& outlet) {
    v1::ListDocumentsRequest request;
    request.set_page_size(1);
    request.mutable_filter()->add_outlets(outlet);
    v1::ListDocumentsResponse response;
    return !Call(stub, &v1::QueryService::Stub::ListDocuments, request, &response, endpoints)
                .ok() ||
           response.total_size() > 0;
  };
  // The outlets the index knows, most documents first (the first 100),
  // for suggestions.
  v1::SearchDocumentsRequest request;
  request.set_page_size(1);
  request.add_facets(v1::FACET_OUTLETS);
  request.set_facet_size(100);
  v1::SearchDocumentsResponse response;
  if (!Call(stub, &v1::QueryService::Stub::SearchDocuments, request, &response, endpoints).ok()) {
    return 0;
  }
  auto bare = [](absl::string_view name) {
    return std::string(text::WithoutLeadingThe(text::FoldName(name)));
  };
  int unknown = 0;
  for (const std::string& outlet : filter.outlets()) {
    const std::string asked = bare(outlet);
    std::vector<std::string> sharing, known;
    bool found = false;
    for (const v1::OutletCount& c : response.facets().outlets()) {
      const std::string name = bare(c.outlet());
      found = found || name == asked;
      known.push_back(c.outlet());
      for (absl::string_view word : absl::StrSplit(asked, ' ', absl::SkipEmpty())) {
        if (word.size() >= 3 &&
            absl::StrContains(absl::StrCat(" ", name, " "), absl::StrCat(" ", word, " "))) {
          sharing.push_back(c.outlet());
          break;
        }
      }
    }
    if (found || has_documents(outlet)) continue;
    ++unknown;
    if (endpoints.json) continue;
    const std::vector<std::string>& shown = sharing.empty() ? known : sharing;
    const size_t most = 8;
    std::string names;
    for (size_t i = 0; i < shown.size() && i < most; ++i) {
      absl::StrAppend(&names, i ? ", " : "", "\"", shown[i], "\"");
    }
    if (shown.size() > most) absl::StrAppend(&names, ", ...");
    std::fprintf(stderr, "dossier %s: no document is from an outlet named \"%s\"%s%s\n", command,
                 outlet.c_str(),
                 shown.empty()     ? " (no document has an outlet)"
                 : sharing.empty() ? "; outlets: "
                                   : "; did you mean ",
                 names.c_str());
  }
  return unknown > 0 ? kNotFoundExitCode : 0;
}

int UnknownFilterNames(v1::QueryService::Stub& stub,
                       const google::protobuf::RepeatedPtrField<v1::ResolvedEntity>& resolved,
                       const v1::DocumentFilter& filter, bool passed, const char* command,
                       const Endpoints& endpoints) {
  const int names = UnknownNames(stub, resolved, endpoints);
  if (names != 0 || passed) return names;
  return UnknownOutlets(stub, filter, command, endpoints);
}

int RunList(int page_size, const std::string& page_token, bool all,
            const v1::DocumentFilter& filter, const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  DateColumn date;
  int64_t printed = 0, total = 0;
  google::protobuf::RepeatedPtrField<v1::ResolvedEntity> resolved;
  const int code = Pages<v1::ListDocumentsResponse>(
      page_token, all, endpoints,
      [&](const std::string& token, bool first, v1::ListDocumentsResponse* response) {
        v1::ListDocumentsRequest request;
        request.set_page_size(page_size);
        request.set_page_token(token);
        *request.mutable_filter() = filter;
        const grpc::Status s =
            Call(*stub, &v1::QueryService::Stub::ListDocuments, request, response, endpoints);
        if (first) resolved = response->resolved_entities();
        return s;
      },
      &v1::ListDocumentsResponse::mutable_documents, "list",
      [&](const v1::ListDocumentsResponse& response, bool first_page) {
        // Every page resolves the names again, the same way: say it once.
        if (first_page) PrintResolved(response.resolved_entities());
        if (first_page && !response.documents().empty()) {
          std::printf("%-32s  %-11s  %s  %s\n", "ID", "DATE", Column("OUTLET", 18).c_str(),
                      "TITLE");
        }
        for (const auto& d : response.documents()) {
          const auto& m = d.metadata();
          std::printf("%s  %-11s  %s  %s\n", d.id().c_str(), date(d).c_str(),
                      Column(m.outlet(), 18).c_str(), OneLine(d.headline(), 70).c_str());
        }
        printed += response.documents_size();
        total = response.total_size();
        if (!all) {
          std::printf("(%d of %s)%s%s\n", response.documents_size(),
                      Count(response.total_size(), "document").c_str(),
                      response.next_page_token().empty()
                          ? ""
                          : "  next page: the same command with --page_token=",
                      response.next_page_token().c_str());
        }
        return true;
      });
  if (code >= 0) return code;
  if (!endpoints.json) {
    if (all) {
      std::printf("(%lld of %s)\n", static_cast<long long>(printed),
                  Count(total, "document").c_str());
    }
    date.Footnote();
  }
  return UnknownFilterNames(*stub, resolved, filter, total > 0, "list", endpoints);
}

int RunStatus(const std::string& name, const Endpoints& endpoints) {
  auto stub = v1::IngestService::NewStub(MakeChannel(endpoints.ingest));
  v1::GetDocumentStatusRequest request;
  request.set_name(name);
  v1::GetDocumentStatusResponse response;
  const grpc::Status s =
      Call(*stub, &v1::IngestService::Stub::GetDocumentStatus, request, &response, endpoints);
  if (!s.ok()) return Fail("status", s, Service::kIngest, endpoints);
  if (endpoints.json) {
    PrintJson(response.status());
    return 0;
  }
  const auto& st = response.status();
  // Failed attempts only when there were some: 0 is the usual case.
  const std::string failed =
      st.attempts() > 0
          ? absl::StrCat("  failed attempts ", st.attempts(),
                         st.error().empty() ? "" : absl::StrCat("  last error: ", st.error()))
          : "";
  std::printf("documents/%s  %s%s\n", st.document_id().c_str(),
              v1::DocumentState_Name(st.state()).c_str() + strlen("DOCUMENT_STATE_"),
              failed.c_str());
  return 0;
}

namespace {

// The date of a leading "date 2023-02-13" (or "Date:", "Published:")
// header, the one ingest reads as the publish date: a pasted article then
// resolves its "on Monday" the way it would once ingested.
std::optional<v1::Date> HeaderDate(absl::string_view text) {
  text = absl::StripLeadingAsciiWhitespace(text);
  bool labelled = false;
  for (absl::string_view label : {"date", "Date", "DATE", "Published", "published"}) {
    if (absl::ConsumePrefix(&text, label)) {
      labelled = true;
      break;
    }
  }
  if (!labelled) return std::nullopt;
  absl::ConsumePrefix(&text, ":");
  text = absl::StripLeadingAsciiWhitespace(text);
  if (text.size() > 10 && absl::ascii_isalnum(static_cast<unsigned char>(text[10])) &&
      text[10] != 'T') {
    return std::nullopt;
  }
  absl::StatusOr<v1::Date> date = ParseDate(text.substr(0, 10), "date");
  if (!date.ok()) return std::nullopt;
  return *date;
}

// The name of entity `index`, or `fallback` when there is none.
std::string EntityNameOr(const v1::Annotations& a, int index, const std::string& fallback) {
  return index >= 0 && index < a.entities_size() ? a.entities(index).name() : fallback;
}

void PrintTagged(const v1::Annotations& a) {
  // Silence would look like a failure.
  if (a.mentions_size() == 0) std::printf("(no names found)\n");
  for (const auto& m : a.mentions()) {
    std::printf("%-9s %s [%d, %d)  %.2f\n", TypeName(m.type()), Column(m.text(), 40).c_str(),
                m.span().begin(), m.span().end(), m.confidence());
  }
  if (a.roles_size() > 0) std::printf("\nroles\n");
  for (const auto& r : a.roles()) {
    std::string line = EntityNameOr(a, r.entity_index(), "?") + " — " + OneLine(r.title(), 80);
    if (r.has_organization_entity_index()) {
      absl::StrAppend(&line, "  (of ", EntityNameOr(a, r.organization_entity_index(), "?"), ")");
    }
    std::printf("  %s\n", line.c_str());
  }
  if (a.temporal_expressions_size() > 0) std::printf("\ndates\n");
  for (const auto& t : a.temporal_expressions()) {
    std::string value = t.value().empty() ? "(unresolved: no document date)" : t.value();
    if (t.has_end_date()) absl::StrAppend(&value, " to ", FormatDate(t.end_date()));
    // The ISO 8601-2 values of a decade, a century and a season, read out.
    if (const std::string read = ReadOutPeriod(t); !read.empty()) {
      absl::StrAppend(&value, " (", read, ")");
    }
    std::printf("  %s → %s\n", OneLine(t.text(), 40).c_str(), value.c_str());
  }
  if (a.quotes_size() > 0) std::printf("\nquotes\n");
  for (const auto& q : a.quotes()) {
    std::string speaker = "?";
    if (q.has_speaker_entity_index()) {
      speaker = EntityNameOr(a, q.speaker_entity_index(), "?");
    } else if (q.has_speaker_mention_index() && q.speaker_mention_index() >= 0 &&
               q.speaker_mention_index() < a.mentions_size()) {
      speaker = a.mentions(q.speaker_mention_index()).text();
    }
    std::printf("  %s\n", QuoteLine(speaker, q, 200).c_str());
  }
}

}  // namespace

int RunTag(const std::string& text_arg, const std::string& date, const std::string& outlet,
           const std::string& encoding, const Endpoints& endpoints) {
  std::string text = text_arg;
  if (text == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  if (text.empty())
    return UsageError("tag", "the text is empty: give TEXT, or - and the text on stdin");
  // The service takes UTF-8 only, and a request holding anything else
  // would not even reach it: say so here, and how to convert.
  absl::StatusOr<std::string> utf8 = ToUtf8(text, encoding);
  if (!utf8.ok()) return UsageError("tag", utf8.status().message());
  text = *std::move(utf8);
  if (const int64_t bad = FirstInvalidUtf8(text); bad >= 0) {
    return UsageError("tag", absl::StrCat("the text is not UTF-8 (byte ", bad,
                                          "): --encoding=auto guesses its encoding, or "
                                          "--encoding=latin1, windows-1252, ... names it"));
  }
  auto stub = v1::TaggerService::NewStub(MakeChannel(endpoints.tagger));
  v1::TagTextRequest request;
  request.set_text(text);
  request.set_outlet(outlet);
  // The CLI's channel receives up to kMaxMessageBytes (MakeChannel).
  request.set_max_response_bytes(static_cast<int64_t>(kMaxMessageBytes));
  if (!date.empty()) {
    auto parsed = ParseDate(date, "--date");
    if (!parsed.ok()) return UsageError("tag", parsed.status().message());
    *request.mutable_document_date() = *parsed;
  } else if (std::optional<v1::Date> header = HeaderDate(text)) {
    *request.mutable_document_date() = *header;
  }
  v1::TagTextResponse response;
  const grpc::Status s =
      Call(*stub, &v1::TaggerService::Stub::TagText, request, &response, endpoints);
  if (!s.ok()) return Fail("tag", s, Service::kTagger, endpoints);
  if (endpoints.json) {
    PrintJson(response);
    return 0;
  }
  PrintTagged(response.annotations());
  return 0;
}

namespace {

void PrintStoryHeader() {
  std::printf("%-32s  %-11s %-11s %9s  %s  %s\n", "ID", "FIRST", "LAST", "DOCUMENTS",
              Column("OUTLETS", 24).c_str(), "TITLE");
}

void PrintStoryLine(const v1::Story& s, DateColumn& date) {
  const std::string first = date(s.first_date(), s.first_date_undated());
  const std::string last = date(s.last_date(), s.last_date_undated());
  std::printf("%-32s  %-11s %-11s %9d  %s  %s\n", s.id().c_str(), first.c_str(), last.c_str(),
              s.document_count(), Column(absl::StrJoin(s.outlets(), ", "), 24).c_str(),
              OneLine(s.title(), 70).c_str());
}

}  // namespace

int RunStories(int page_size, const std::string& page_token, int min_documents, bool all,
               const v1::DocumentFilter& filter, const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  int64_t printed = 0;
  bool any_story = false;
  DateColumn date;
  google::protobuf::RepeatedPtrField<v1::ResolvedEntity> resolved;
  const bool filtered = filter.ByteSizeLong() > 0;
  const int code = Pages<v1::ListStoriesResponse>(
      page_token, all, endpoints,
      [&](const std::string& token, bool first, v1::ListStoriesResponse* response) {
        v1::ListStoriesRequest request;
        request.set_page_size(page_size);
        request.set_page_token(token);
        request.set_min_documents(min_documents);
        *request.mutable_filter() = filter;
        const grpc::Status s =
            Call(*stub, &v1::QueryService::Stub::ListStories, request, response, endpoints);
        if (first) resolved = response->resolved_entities();
        return s;
      },
      &v1::ListStoriesResponse::mutable_stories, "stories",
      [&](const v1::ListStoriesResponse& response, bool first_page) {
        // Every page resolves the names again, the same way: say it once.
        if (first_page) {
          PrintResolved(response.resolved_entities());
          any_story = !response.stories().empty();
        }
        if (first_page && response.stories().empty()) {
          if (filtered) {
            std::printf("no story of %s or more has a document that passes the filter\n",
                        Count(min_documents, "document").c_str());
            return true;  // and the names that matched nothing, as list says them
          } else {
            std::printf("no story has %s yet\n", Count(min_documents, "document").c_str());
          }
          return false;
        }
        if (first_page) PrintStoryHeader();
        for (const auto& story : response.stories()) PrintStoryLine(story, date);
        printed += response.stories_size();
        if (!all && !response.next_page_token().empty()) {
          std::printf("next page: the same command with --page_token=%s  (or --all)\n",
                      response.next_page_token().c_str());
        }
        return true;
      });
  if (code >= 0) return code;
  if (!endpoints.json) {
    if (all) {
      std::printf("(%lld %s)\n", static_cast<long long>(printed),
                  printed == 1 ? "story" : "stories");
    }
    date.Footnote();
  }
  return UnknownFilterNames(*stub, resolved, filter, any_story, "stories", endpoints);
}

int RunStory(const std::string& name, int max_documents, const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  v1::GetStoryRequest request;
  request.set_name(name);
  request.set_max_documents(max_documents);
  v1::GetStoryResponse response;
  const grpc::Status s =
      Call(*stub, &v1::QueryService::Stub::GetStory, request, &response, endpoints);
  if (!s.ok()) return Fail("story", s, Service::kQuery, endpoints);
  if (endpoints.json) {
    PrintJson(response);
    return 0;
  }
  DateColumn date;
  PrintStoryHeader();
  PrintStoryLine(response.story(), date);
  if (!response.story().entities().empty()) {
    std::printf("\n%-9s %s %s\n", "TYPE", Column("ENTITY", 40).c_str(), "DOCUMENTS");
  }
  for (const auto& e : response.story().entities()) {
    std::printf("%-9s %s %9d\n", TypeName(e.type()), Column(e.name(), 40).c_str(),
                e.document_count());
  }
  if (!response.documents().empty()) {
    std::printf("\n  %-32s  %-11s  %s  %s\n", "ID", "DATE", Column("OUTLET", 18).c_str(), "TITLE");
  }
  for (const auto& d : response.documents()) {
    std::printf("  %s  %-11s  %s  %s\n", d.id().c_str(), date(d).c_str(),
                Column(d.metadata().outlet(), 18).c_str(), OneLine(d.headline(), 70).c_str());
  }
  date.Footnote();
  const int64_t shown = response.documents_size();
  if (shown < response.story().document_count()) {
    // As many as asked for (0 asks for 100), or fewer: the response's byte
    // budget cut the list, and asking for more shows no more.
    const int64_t asked = max_documents > 0 ? max_documents : 100;
    const char* more = shown >= 1000    ? ""
                       : shown >= asked ? "; --max_documents shows more (at most 1000)"
                                        : "; the rest do not fit in one response";
    std::printf("%lld of %lld documents shown%s\n", static_cast<long long>(shown),
                static_cast<long long>(response.story().document_count()), more);
  }
  return 0;
}

int RunHealth(absl::Duration wait, const Endpoints& endpoints) {
  struct Target {
    const char* name;
    Service service;
    std::string full_name;
  };
  const Target targets[] = {{"ingest", Service::kIngest, v1::IngestService::service_full_name()},
                            {"tagger", Service::kTagger, v1::TaggerService::service_full_name()},
                            {"query", Service::kQuery, v1::QueryService::service_full_name()}};
  google::protobuf::Struct report;
  auto* list = (*report.mutable_fields())["services"].mutable_list_value();
  if (!endpoints.json) std::printf("%-8s %-21s %s\n", "SERVICE", "ADDRESS", "STATUS");
  int failures = 0;
  int unreachable = 0;
  for (const Target& t : targets) {
    const std::string& address = endpoints.address(t.service);
    auto channel = MakeChannel(address);
    // With --wait, checks until SERVING or the wait is over (a service
    // still starting is waited for); then, or without it, one check under
    // --timeout says what the service answers.
    std::string status;
    std::string error;
    if (wait > absl::ZeroDuration() && WaitForServing(channel, t.full_name, wait).ok()) {
      status = "SERVING";
    } else {
      auto stub = grpc::health::v1::Health::NewStub(channel);
      grpc::health::v1::HealthCheckRequest request;
      request.set_service(t.full_name);
      grpc::health::v1::HealthCheckResponse response;
      const grpc::Status s =
          Call(*stub, &grpc::health::v1::Health::Stub::Check, request, &response, endpoints);
      if (s.ok()) {
        status = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
      } else {
        status = "UNKNOWN";
        error = Explain(s, t.service, endpoints);
        if (ExitCodeOf(s) == kUnreachableExitCode) ++unreachable;
      }
    }
    if (status != "SERVING") ++failures;
    if (endpoints.json) {
      auto& fields = *list->add_values()->mutable_struct_value()->mutable_fields();
      fields["service"].set_string_value(t.name);
      fields["address"].set_string_value(address);
      fields["status"].set_string_value(status);
      if (!error.empty()) fields["error"].set_string_value(error);
    } else {
      std::printf("%-8s %-21s %s\n", t.name, address.c_str(),
                  error.empty() ? status.c_str() : error.c_str());
    }
  }
  if (endpoints.json) PrintJson(report);
  if (unreachable > 0) return kUnreachableExitCode;
  return failures == 0 ? 0 : 1;
}

namespace {

// The snippet with the words the query matched marked: bold on a terminal,
// in [brackets] elsewhere so that a pipe or a file still shows them.
std::string MarkedSnippet(const v1::Snippet& snippet, bool terminal) {
  const std::string& text = snippet.text();
  const int size = static_cast<int>(text.size());
  std::vector<std::pair<int, int>> spans;
  for (const auto& h : snippet.highlights()) {
    const int begin = std::clamp(h.begin(), 0, size);
    const int end = std::clamp(h.end(), begin, size);
    if (end > begin) spans.emplace_back(begin, end);
  }
  std::sort(spans.begin(), spans.end());
  std::string out;
  int at = 0;
  for (auto [begin, end] : spans) {
    // Overlapping highlights are marked once.
    begin = std::max(begin, at);
    if (end <= begin) continue;
    out.append(text, at, begin - at);
    out += terminal ? "\x1b[1m" : "[";
    out.append(text, begin, end - begin);
    out += terminal ? "\x1b[22m" : "]";
    at = end;
  }
  out.append(text, at, std::string::npos);
  return out;
}

void PrintFacets(const v1::Facets& facets) {
  // A facet with no value says so, rather than print a header alone.
  auto none = [](int values, const char* why) {
    if (values == 0) std::printf("  (none: %s)\n", why);
  };
  std::printf("\noutlets\n");
  none(facets.outlets_size(), "no matching document has an outlet");
  for (const auto& o : facets.outlets()) {
    std::printf("  %s %6lld\n", Column(o.outlet(), 40).c_str(),
                static_cast<long long>(o.document_count()));
  }
  std::printf("entity types\n");
  none(facets.entity_types_size(), "no matching document names an entity");
  for (const auto& t : facets.entity_types()) {
    std::printf("  %s %6lld\n", Column(TypeName(t.type()), 40).c_str(),
                static_cast<long long>(t.document_count()));
  }
  std::printf("top entities\n");
  none(facets.entities_size(), "no matching document names an entity");
  for (const auto& e : facets.entities()) {
    std::printf("  %s %-9s %6lld\n", Column(e.entity().display_name(), 30).c_str(),
                TypeName(e.entity().type()), static_cast<long long>(e.document_count()));
  }
  std::printf("dates\n");
  none(facets.dates_size(), "no document matches");
  for (const auto& d : facets.dates()) {
    std::printf("  %s %6lld\n", Column(FormatDate(d.date()), 40).c_str(),
                static_cast<long long>(d.document_count()));
  }
}

}  // namespace

namespace {

// "3 documents", or collapsed by story "3 stories".
std::string Hits(int64_t n, bool stories) {
  if (!stories) return Count(n, "document");
  return absl::StrCat(n, n == 1 ? " story" : " stories");
}

}  // namespace

int RunSearch(const SearchOptions& options, const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  const bool terminal = StdoutIsTerminal();
  DateColumn date;
  v1::Facets facets;
  std::string next;
  int64_t printed = 0, total = 0;
  google::protobuf::RepeatedPtrField<v1::ResolvedEntity> resolved;
  const int code = Pages<v1::SearchDocumentsResponse>(
      options.page_token, options.all, endpoints,
      [&](const std::string& token, bool first_page, v1::SearchDocumentsResponse* response) {
        v1::SearchDocumentsRequest request;
        request.set_query(options.query);
        *request.mutable_filter() = options.filter;
        request.set_order(options.order);
        request.set_page_size(options.page_size);
        request.set_page_token(token);
        request.set_collapse_stories(options.collapse);
        // Facets count every match: the first page has them all.
        if (options.facets && first_page) {
          for (const v1::Facet f :
               {v1::FACET_OUTLETS, v1::FACET_ENTITY_TYPES, v1::FACET_ENTITIES, v1::FACET_DATES}) {
            request.add_facets(f);
          }
        }
        const grpc::Status s =
            Call(*stub, &v1::QueryService::Stub::SearchDocuments, request, response, endpoints);
        if (first_page) resolved = response->resolved_entities();
        return s;
      },
      &v1::SearchDocumentsResponse::mutable_hits, "search",
      [&](const v1::SearchDocumentsResponse& response, bool first_page) {
        if (first_page) {
          PrintResolved(response.resolved_entities());
          std::printf("%s %s\n", Hits(response.total_size(), options.collapse).c_str(),
                      response.total_size() == 1 ? "matches" : "match");
          if (response.has_facets()) facets = response.facets();
        }
        for (const auto& hit : response.hits()) {
          const v1::Document& d = hit.document();
          std::printf("\n%-11s  %s  %s\n", date(d).c_str(),
                      Column(d.metadata().outlet(), 18).c_str(), OneLine(d.headline(), 90).c_str());
          if (options.query.empty()) {
            // Nothing was scored: the score is 0 for every hit.
            std::printf("  %s\n", d.id().c_str());
          } else {
            std::printf("  %s  score %.2f\n", d.id().c_str(), hit.score());
          }
          if (hit.story_matches() > 0) {
            std::printf("  and %s of its story (dossier story %s)\n",
                        Count(hit.story_matches(), "more document").c_str(), d.story_id().c_str());
          }
          for (const auto& snippet : hit.snippets()) {
            std::printf("  %s\n", MarkedSnippet(snippet, terminal).c_str());
          }
        }
        printed += response.hits_size();
        total = response.total_size();
        next = response.next_page_token();
        return true;
      });
  if (code >= 0) return code;
  if (endpoints.json) {
    return UnknownFilterNames(*stub, resolved, options.filter, total > 0, "search", endpoints);
  }
  if (total == 0 && (options.filter.has_from_date() || options.filter.has_to_date())) {
    // Nothing in these dates: say whether the words match at others (an
    // archive ingested without --received is dated the day it came), the
    // oldest and the newest.
    auto edge = [&](v1::SearchOrder order, v1::SearchDocumentsResponse* out) {
      v1::SearchDocumentsRequest request;
      request.set_query(options.query);
      *request.mutable_filter() = options.filter;
      request.mutable_filter()->clear_from_date();
      request.mutable_filter()->clear_to_date();
      request.set_page_size(1);
      request.set_order(order);
      request.set_collapse_stories(options.collapse);
      return Call(*stub, &v1::QueryService::Stub::SearchDocuments, request, out, endpoints).ok() &&
             out->hits_size() == 1;
    };
    v1::SearchDocumentsResponse oldest, newest;
    if (edge(v1::SEARCH_ORDER_OLDEST, &oldest) && edge(v1::SEARCH_ORDER_NEWEST, &newest)) {
      const std::string first = date(oldest.hits(0).document());
      const std::string last = date(newest.hits(0).document());
      // (A date with "*" is explained below it, by the footnote.)
      std::printf("(%s %s at other dates, %s)\n",
                  Hits(oldest.total_size(), options.collapse).c_str(),
                  oldest.total_size() == 1 ? "matches" : "match",
                  (first == last ? absl::StrCat("all on ", first)
                                 : absl::StrCat("from ", first, " to ", last))
                      .c_str());
    }
  }
  if (options.facets) PrintFacets(facets);
  if (options.all) {
    std::printf("\n(%lld of %s)\n", static_cast<long long>(printed),
                Hits(total, options.collapse).c_str());
  } else if (!next.empty()) {
    std::printf("\nnext page: the same command with --page_token=%s  (or --all)\n", next.c_str());
  }
  date.Footnote();
  return UnknownFilterNames(*stub, resolved, options.filter, total > 0, "search", endpoints);
}

int RunEntity(const std::string& name, v1::EntityType type, const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  v1::GetEntityRequest request;
  request.set_name(name);
  request.set_type(type);
  v1::GetEntityResponse response;
  const grpc::Status s =
      Call(*stub, &v1::QueryService::Stub::GetEntity, request, &response, endpoints);
  if (!s.ok()) {
    const int code = Fail("entity", s, Service::kQuery, endpoints);
    if (s.error_code() == grpc::StatusCode::NOT_FOUND && !endpoints.json) {
      SuggestEntities(*stub, name, type, endpoints);
    }
    return code;
  }
  if (endpoints.json) {
    PrintJson(response);
    return 0;
  }
  // How the name was read, where it is not the entity's own ("Senator
  // Cruz → Ted Cruz", "Blair → Tony Blair"), as a filter's names are.
  const v1::EntityProfile& entity = response.entity();
  if (name != entity.id() && name != entity.name() &&
      text::FoldName(name) != text::FoldName(entity.display_name())) {
    std::printf("%s → %s\n", name.c_str(), entity.display_name().c_str());
    // A title no document gives the person: the name alone was read. Of
    // a person only: "General Motors" opens on no title.
    if (const std::optional<text::OfficeTitle> title = entity.type() == v1::ENTITY_TYPE_PERSON
                                                           ? text::LeadingOfficeTitle(name)
                                                           : std::nullopt) {
      const bool holds = std::any_of(entity.roles().begin(), entity.roles().end(),
                                     [&](const v1::EntityRole& role) {
                                       return text::TitleHasOffice(role.title(), title->head);
                                     });
      if (!holds) {
        std::printf("  (no document gives %s a role of %s: read by the name alone)\n",
                    entity.display_name().c_str(), title->head.c_str());
      }
    }
  }
  PrintEntityProfile(entity);
  // The name was ambiguous: the profile is of the entity in most documents,
  // and these are what else it could have meant.
  const char* label = "or else";
  for (const auto& other : response.alternatives()) {
    std::printf("  %-10s  %s  %s\n", label, EntityLine(other).c_str(), other.id().c_str());
    label = "";
  }
  return 0;
}

int RunEntities(const std::string& prefix, v1::EntityType type, int page_size,
                const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  v1::SearchEntitiesRequest request;
  request.set_query(prefix);
  if (type != v1::ENTITY_TYPE_UNSPECIFIED) request.add_types(type);
  request.set_page_size(page_size);
  v1::SearchEntitiesResponse response;
  const grpc::Status s =
      Call(*stub, &v1::QueryService::Stub::SearchEntities, request, &response, endpoints);
  if (!s.ok()) return Fail("entities", s, Service::kQuery, endpoints);
  if (endpoints.json) {
    PrintJson(response);
    return 0;
  }
  if (response.entities().empty()) {
    if (type == v1::ENTITY_TYPE_UNSPECIFIED) {
      std::printf("no entity's name starts with \"%s\"\n", prefix.c_str());
    } else {
      std::printf("no %s entity's name starts with \"%s\" (--type=%s)\n", TypeName(type),
                  prefix.c_str(), absl::AsciiStrToLower(TypeName(type)).c_str());
    }
    return 0;
  }
  std::printf("%s %-9s %9s %9s  %s\n", Column("NAME", 32).c_str(), "TYPE", "DOCUMENTS", "MENTIONS",
              "ID");
  for (const auto& e : response.entities()) {
    std::printf("%s %-9s %9lld %9lld  %s\n", Column(e.display_name(), 32).c_str(),
                TypeName(e.type()), static_cast<long long>(e.document_count()),
                static_cast<long long>(e.mention_count()), e.id().c_str());
  }
  if (response.more()) {
    std::printf(
        "more entities start with \"%s\" than these %d: a longer prefix or --type "
        "narrows them (--page_size shows up to 100, the most one call gives)\n",
        prefix.c_str(), response.entities_size());
  }
  return 0;
}

namespace {

// A bucket's date as wide as the bucket: "2023-02" for a month.
std::string BucketDate(const v1::Date& start, v1::TimelineGranularity granularity) {
  if (granularity != v1::TIMELINE_GRANULARITY_MONTH) return FormatDate(start);
  v1::Date month = start;
  month.set_day(0);
  return FormatDate(month);
}

const char* BucketNoun(v1::TimelineGranularity granularity) {
  switch (granularity) {
    case v1::TIMELINE_GRANULARITY_WEEK:
      return "week";
    case v1::TIMELINE_GRANULARITY_MONTH:
      return "month";
    default:
      return "day";
  }
}

size_t TerminalColumns() {
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

// One block character per value, its height the value scaled to the
// largest. Zero is a space rather than the lowest block, so that "none"
// never looks like "a few".
std::string Sparkline(const std::vector<int64_t>& values) {
  static constexpr const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  const int64_t max = values.empty() ? 0 : *std::max_element(values.begin(), values.end());
  std::string out;
  for (const int64_t v : values) {
    if (v <= 0 || max <= 0) {
      out += ' ';
      continue;
    }
    // Rounded up, so that the smallest count still shows.
    out += kBlocks[(v * 8 + max - 1) / max - 1];
  }
  return out;
}

}  // namespace

int RunTimeline(const TimelineOptions& options, const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  v1::GetEntityTimelineRequest request;
  request.set_entity(options.entity);
  request.set_type(options.type);
  *request.mutable_filter() = options.filter;
  request.set_granularity(options.granularity);
  v1::GetEntityTimelineResponse response;
  const grpc::Status s =
      Call(*stub, &v1::QueryService::Stub::GetEntityTimeline, request, &response, endpoints);
  if (!s.ok()) return FailAbout("timeline", s, *stub, options.entity, options.type, endpoints);
  // An outlet no document has, when nothing was counted.
  auto unknown_outlets = [&] {
    for (const auto& b : response.buckets()) {
      if (b.document_count() > 0) return 0;
    }
    return UnknownOutlets(*stub, options.filter, "timeline", endpoints);
  };
  if (endpoints.json) {
    PrintJson(response);
    return unknown_outlets();
  }
  const auto& buckets = response.buckets();
  int64_t documents = 0, mentions = 0;
  for (const auto& b : buckets) {
    documents += b.document_count();
    mentions += b.mention_count();
  }
  std::vector<std::string> names;
  for (const auto& e : response.entities()) names.push_back(EntityLine(e));
  if (!StdoutIsTerminal()) {
    // The table is the data; which entity it counts goes beside it.
    std::fprintf(stderr, "timeline of %s\n", absl::StrJoin(names, ", ").c_str());
  } else {
    std::printf("%s\n", absl::StrJoin(names, ", ").c_str());
    if (!buckets.empty()) {
      const std::string first = BucketDate(buckets[0].start_date(), options.granularity);
      const std::string last =
          BucketDate(buckets[buckets.size() - 1].start_date(), options.granularity);
      // A range longer than the line is drawn with several buckets a mark.
      const size_t room = std::max<size_t>(TerminalColumns(), first.size() + last.size() + 12) -
                          first.size() - last.size() - 2;
      const size_t per_mark = (buckets.size() + room - 1) / room;
      std::vector<int64_t> marks((buckets.size() + per_mark - 1) / per_mark, 0);
      for (int i = 0; i < buckets.size(); ++i) marks[i / per_mark] += buckets[i].document_count();
      const char* noun = BucketNoun(options.granularity);
      const std::string scale = per_mark == 1
                                    ? absl::StrCat("a mark a ", noun)
                                    : absl::StrCat("a mark per ", per_mark, " ", noun, "s");
      std::printf("%s %s %s\n", first.c_str(), Sparkline(marks).c_str(), last.c_str());
      std::printf("%s, %s in %s (%s)\n\n", Count(documents, "document").c_str(),
                  Count(mentions, "mention").c_str(), Count(buckets.size(), noun).c_str(),
                  scale.c_str());
    }
  }
  std::printf("%-10s %9s %9s %9s\n", "DATE", "DOCUMENTS", "MENTIONS", "UNDATED");
  bool undated = false;
  // Piped, the table is the data and every bucket is a row, empty ones
  // too; on a terminal the line above draws the whole range, and the table
  // lists the buckets with documents.
  const bool every_bucket = !StdoutIsTerminal();
  int64_t empty = 0;
  for (const auto& b : buckets) {
    if (!every_bucket && b.document_count() == 0 && b.mention_count() == 0) {
      ++empty;
      continue;
    }
    std::printf(
        "%-10s %9lld %9lld %9lld\n", BucketDate(b.start_date(), options.granularity).c_str(),
        static_cast<long long>(b.document_count()), static_cast<long long>(b.mention_count()),
        static_cast<long long>(b.undated_document_count()));
    undated = undated || b.undated_document_count() > 0;
  }
  if (empty > 0) {
    std::printf("(%s without documents not listed)\n",
                Count(empty, BucketNoun(options.granularity)).c_str());
  }
  // The table out before the notes beside it on stderr, so that the two
  // stay in order where they are read together (2>&1).
  std::fflush(stdout);
  // One entity, and no filter but the dates: its documents are elsewhere.
  const int64_t named =
      response.entities_size() == 1 ? response.entities(0).document_count() : int64_t{0};
  if (documents == 0 && named > 0 && options.filter.outlets().empty() &&
      options.filter.entities().empty() && options.filter.entity_types().empty() &&
      (options.filter.has_from_date() || options.filter.has_to_date())) {
    std::fprintf(StdoutIsTerminal() ? stdout : stderr,
                 "none of its %s is dated in this range: see `dossier entity` for its first and "
                 "last days; a document with no date of its own is dated the day it was "
                 "received (`dossier ingest --received`), else accepted\n",
                 Count(named, "document").c_str());
  }
  if (undated) {
    // Beside the table, as the entity line is when stdout is no terminal.
    std::fprintf(StdoutIsTerminal() ? stdout : stderr,
                 "UNDATED: documents without a publish date, counted on the day they were "
                 "received (--received), else accepted\n");
  }
  if (response.truncated() && !buckets.empty()) {
    // Without --from the service keeps the newest buckets; from it, the
    // first ones.
    const bool newest = !options.filter.has_from_date();
    std::fprintf(
        stderr,
        "timeline: cut %s %s, at %d %ss: nothing %s is counted (ask for "
        "--granularity=week or month, or a shorter --from/--to)\n",
        newest ? "before" : "after",
        BucketDate(buckets[newest ? 0 : buckets.size() - 1].start_date(), options.granularity)
            .c_str(),
        buckets.size(), BucketNoun(options.granularity), newest ? "earlier" : "later");
  }
  return unknown_outlets();
}

int RunCooccur(const CooccurOptions& options, const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  v1::ListCooccurringEntitiesRequest request;
  request.set_entity(options.entity);
  *request.mutable_filter() = options.filter;
  for (const v1::EntityType type : options.types) request.add_types(type);
  request.set_order(options.order);
  request.set_page_size(options.page_size);
  v1::ListCooccurringEntitiesResponse response;
  const grpc::Status s =
      Call(*stub, &v1::QueryService::Stub::ListCooccurringEntities, request, &response, endpoints);
  if (!s.ok()) {
    return FailAbout("cooccur", s, *stub, options.entity, v1::ENTITY_TYPE_UNSPECIFIED, endpoints);
  }
  auto unknown_outlets = [&] {
    return response.document_count() > 0
               ? 0
               : UnknownOutlets(*stub, options.filter, "cooccur", endpoints);
  };
  if (endpoints.json) {
    PrintJson(response);
    return unknown_outlets();
  }
  std::vector<std::string> names;
  for (const auto& e : response.entities()) {
    names.push_back(absl::StrCat(SingleLine(e.display_name()), " (", TypeName(e.type()), ")"));
  }
  std::printf("%s: in %lld of %s\n", absl::StrJoin(names, ", ").c_str(),
              static_cast<long long>(response.document_count()),
              Count(response.total_document_count(), "document").c_str());
  if (response.entities_together().empty()) return unknown_outlets();
  std::printf("%s %-9s %9s %9s %6s\n", Column("NAME", 32).c_str(), "TYPE", "TOGETHER", "DOCUMENTS",
              "NPMI");
  for (const auto& c : response.entities_together()) {
    std::printf("%s %-9s %9lld %9lld %6.2f\n", Column(c.entity().display_name(), 32).c_str(),
                TypeName(c.entity().type()), static_cast<long long>(c.document_count()),
                static_cast<long long>(c.entity_document_count()), c.npmi());
  }
  // Asked for more than a call gives: say so rather than cut silently.
  if (options.page_size > response.entities_together_size() &&
      response.entities_together_size() == 100) {
    std::printf("(%d shown: the most one call gives)\n", response.entities_together_size());
  }
  return 0;
}

absl::StatusOr<std::vector<v1::QuoteKind>> ParseQuoteKinds(const std::string& text) {
  std::vector<v1::QuoteKind> out;
  for (absl::string_view word : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    word = absl::StripAsciiWhitespace(word);
    if (word == "quoted") {
      out.insert(out.end(), {v1::QUOTE_KIND_DIRECT, v1::QUOTE_KIND_MIXED});
    } else if (word == "reported" || word == "indirect") {
      out.push_back(v1::QUOTE_KIND_INDIRECT);
    } else if (word == "direct") {
      out.push_back(v1::QUOTE_KIND_DIRECT);
    } else if (word == "mixed") {
      out.push_back(v1::QUOTE_KIND_MIXED);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--kind=", word, ": not quoted, reported, direct or mixed"));
    }
  }
  return out;
}

int RunQuotes(const QuotesOptions& options, const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  v1::SearchQuotesRequest request;
  request.set_query(options.query);
  request.set_speaker(options.speaker);
  request.set_about(options.about);
  for (const v1::QuoteKind kind : options.kinds) request.add_kinds(kind);
  *request.mutable_filter() = options.filter;
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  v1::SearchQuotesResponse response;
  const grpc::Status s =
      Call(*stub, &v1::QueryService::Stub::SearchQuotes, request, &response, endpoints);
  if (!s.ok()) return Fail("quotes", s, Service::kQuery, endpoints);
  // The names that named no entity, else an outlet no document has.
  auto unknown = [&] {
    return UnknownFilterNames(*stub, response.resolved_entities(), options.filter,
                              response.total_size() > 0, "quotes", endpoints);
  };
  if (endpoints.json) {
    PrintJson(response);
    return unknown();
  }
  PrintResolved(response.resolved_entities());
  std::printf("%s\n", Count(response.total_size(), "quote").c_str());
  // QUERY is words of the quote. A name there that no quote contains is
  // most likely a speaker or a subject: say how to ask for those.
  if (response.total_size() == 0 && !options.query.empty() && options.speaker.empty() &&
      options.about.empty()) {
    v1::GetEntityRequest lookup;
    lookup.set_name(options.query);
    v1::GetEntityResponse entity;
    if (Call(*stub, &v1::QueryService::Stub::GetEntity, lookup, &entity, endpoints).ok()) {
      std::printf(
          "\"%s\" is an entity (%s); its quotes: dossier quotes --speaker \"%s\"; quotes naming "
          "it: --about \"%s\"\n",
          options.query.c_str(), TypeName(entity.entity().type()), options.query.c_str(),
          options.query.c_str());
    }
  }
  DateColumn date;
  for (const auto& hit : response.quotes()) {
    const v1::Document& d = hit.document();
    const std::string speaker = hit.has_speaker() ? SingleLine(hit.speaker().display_name()) : "?";
    std::printf("%-11s  %s  %s\n", date(d).c_str(), Column(d.metadata().outlet(), 18).c_str(),
                QuoteLine(speaker, hit.quote(), 400, ": ").c_str());
    std::printf("%-11s  %s\n", "", d.id().c_str());
  }
  if (!response.next_page_token().empty()) {
    std::printf("next page: the same command with --page_token=%s\n",
                response.next_page_token().c_str());
  }
  date.Footnote();
  return unknown();
}

namespace {

// Ctrl-C and SIGTERM end a watch through this pipe: a signal handler may
// do little more than write(2), so it writes a byte, and a thread that
// waits on the pipe cancels the call, which Read() then returns from.
int stop_pipe = -1;
constexpr char kSignalled = 's';
constexpr char kStreamEnded = 'e';

void OnStopSignal(int) {
  const int saved = errno;
  (void)!write(stop_pipe, &kSignalled, 1);
  errno = saved;
}

}  // namespace

int RunWatch(const WatchOptions& options, const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  v1::WatchDocumentsRequest request;
  request.set_query(options.query);
  *request.mutable_filter() = options.filter;
  if (const absl::Status utf8 = CheckUtf8(request); !utf8.ok()) {
    return Fail("watch", ToGrpcStatus(utf8), Service::kQuery, endpoints);
  }

  int wake[2];
  if (pipe2(wake, O_CLOEXEC) != 0) {
    std::perror("dossier watch: pipe");
    return 1;
  }
  stop_pipe = wake[1];
  struct sigaction action = {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  // A second Ctrl-C ends the process at once, should the cancel not.
  action.sa_flags = SA_RESETHAND;
  struct sigaction old_int = {}, old_term = {};
  sigaction(SIGINT, &action, &old_int);
  sigaction(SIGTERM, &action, &old_term);

  // No deadline: a watch runs until it is stopped.
  grpc::ClientContext context;
  auto reader = stub->WatchDocuments(&context, request);
  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    const absl::Time until = options.watch_for == absl::InfiniteDuration()
                                 ? absl::InfiniteFuture()
                                 : absl::Now() + options.watch_for;
    for (;;) {
      int timeout_ms = -1;
      if (until != absl::InfiniteFuture()) {
        timeout_ms = static_cast<int>(
            std::clamp<int64_t>(absl::ToInt64Milliseconds(until - absl::Now()) + 1, 0, INT_MAX));
      }
      pollfd ready = {wake[0], POLLIN, 0};
      const int n = poll(&ready, 1, timeout_ms);
      if (n < 0 && errno == EINTR) continue;
      if (n == 0 && absl::Now() < until) continue;
      char byte = kSignalled;
      if (n > 0 && read(wake[0], &byte, 1) == 1 && byte == kStreamEnded) return;
      break;
    }
    stopped = true;
    context.TryCancel();
  });

  // The server sends its headers once the watch is registered: from then on
  // nothing indexed is missed, which is what a caller waiting to send
  // documents needs to know.
  reader->WaitForInitialMetadata();
  // A refused watch sends headers too, without this one.
  if (!stopped && context.GetServerInitialMetadata().count(kWatchOpenHeader) > 0) {
    std::string matching =
        options.query.empty() ? "" : absl::StrCat(" matching \"", options.query, "\"");
    // The filter too: what is watched is what the person asked for.
    const v1::DocumentFilter& f = options.filter;
    if (!f.entities().empty()) {
      absl::StrAppend(&matching, " naming ", absl::StrJoin(f.entities(), " and "));
    }
    if (!f.outlets().empty()) {
      absl::StrAppend(&matching, " from ", absl::StrJoin(f.outlets(), " or "));
    }
    if (!f.entity_types().empty()) {
      std::vector<std::string> types;
      for (const int t : f.entity_types())
        types.push_back(TypeName(static_cast<v1::EntityType>(t)));
      absl::StrAppend(&matching, " with a ", absl::StrJoin(types, " or "));
    }
    if (f.has_from_date()) absl::StrAppend(&matching, " dated from ", FormatDate(f.from_date()));
    if (f.has_to_date()) {
      absl::StrAppend(&matching, f.has_from_date() ? " to " : " dated up to ",
                      FormatDate(f.to_date()));
    }
    std::fprintf(stderr, "dossier watch: watching for new documents%s; Ctrl-C stops\n",
                 matching.c_str());
  }
  v1::WatchDocumentsResponse response;
  DateColumn date;  // "*": undated, the day received (as in the tables)
  while (reader->Read(&response)) {
    const v1::Document& d = response.document();
    if (endpoints.json) {
      std::printf("%s\n", JsonOf(response, false, /*defaults=*/true).c_str());
    } else {
      std::printf("%-11s  %s  %s  %s\n", date(d).c_str(), Column(d.metadata().outlet(), 18).c_str(),
                  Column(d.headline(), 60).c_str(), d.id().c_str());
    }
    // Whoever reads the other end wants each document as it comes.
    std::fflush(stdout);
  }
  const grpc::Status s = reader->Finish();
  (void)!write(wake[1], &kStreamEnded, 1);
  stopper.join();
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  stop_pipe = -1;
  close(wake[0]);
  close(wake[1]);
  if (stopped || s.ok()) return 0;
  return Fail("watch", s, Service::kQuery, endpoints);
}

}  // namespace dossier::cli
