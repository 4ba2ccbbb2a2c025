#include "cli/lifecycle_commands.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "common/retry.h"
#include "common/status.h"
#include "common/time_util.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "google/protobuf/struct.pb.h"

namespace dossier::cli {
namespace {

// "DOCUMENT_STATE_INDEXED" -> "indexed".
std::string StateName(v1::DocumentState state) {
  std::string name = v1::DocumentState_Name(state);
  constexpr absl::string_view kPrefix = "DOCUMENT_STATE_";
  if (name.size() > kPrefix.size()) name = name.substr(kPrefix.size());
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

std::string Bytes(int64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (b < 1024) return absl::StrCat(bytes, " B");
  if (b < 1024.0 * 1024) return absl::StrFormat("%.1f KiB", b / 1024);
  if (b < 1024.0 * 1024 * 1024) return absl::StrFormat("%.1f MiB", b / (1024 * 1024));
  return absl::StrFormat("%.2f GiB", b / (1024.0 * 1024 * 1024));
}

std::string Ago(absl::Duration d) {
  const int64_t s = absl::ToInt64Seconds(d);
  if (s < 120) return absl::StrCat(s, " s ago");
  if (s < 7200) return absl::StrCat(s / 60, " min ago");
  if (s < 172800) return absl::StrCat(s / 3600, " h ago");
  return absl::StrCat(s / 86400, " days ago");
}

// Call, made again while `again` says its failure passes (an outage, a
// document still on its way) and --timeout has not run out since the
// first try, after the delay the server asked for (else a second).
template <typename Stub, typename Request, typename Response, typename Again>
grpc::Status CallThrough(
    Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
    const Request& request, Response* response, const Endpoints& endpoints, Again again) {
  const absl::Time give_up = absl::Now() + endpoints.timeout;
  while (true) {
    const grpc::Status s = Call(stub, method, request, response, endpoints);
    if (s.ok()) return s;
    const absl::Status status = FromGrpcStatus(s);
    if (!again(status) || absl::Now() >= give_up) return s;
    absl::SleepFor(std::min(RetryDelay(status).value_or(absl::Seconds(1)), give_up - absl::Now()));
  }
}

bool Outage(const absl::Status& status) { return Classify(status) == FailureClass::kOutage; }

}  // namespace

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

int RunDelete(const std::vector<std::string>& names, const Endpoints& endpoints) {
  auto stub = v1::IngestService::NewStub(MakeChannel(endpoints.ingest));
  for (const std::string& name : names) {
    v1::DeleteDocumentRequest request;
    request.set_name(name);
    v1::DeleteDocumentResponse response;
    // On its way to the index: deleted once it is there. The query service
    // down or restarting: deleted once it is back.
    const grpc::Status s =
        CallThrough(*stub, &v1::IngestService::Stub::DeleteDocument, request, &response, endpoints,
                    [](const absl::Status& status) {
                      const std::string reason = ErrorReason(status);
                      return reason == "STILL_DELIVERING" || reason == "QUERY_UNAVAILABLE";
                    });
    if (!s.ok()) return Fail("delete", s, Service::kIngest, endpoints);
    if (endpoints.json) {
      // "deleted": false too: for a script, the answer to the call.
      std::printf("%s\n", JsonOf(response, false, /*defaults=*/true).c_str());
    } else {
      std::printf("documents/%s  %s\n", response.document_id().c_str(),
                  response.deleted() ? "deleted"
                                     : "nothing to delete: no stored document has this id (deleted "
                                       "before, or never indexed; check the id)");
    }
  }
  return 0;
}

int RunRetag(const std::vector<std::string>& names, const RetagOptions& options,
             const Endpoints& endpoints) {
  constexpr int kBatch = 50;
  auto ingest = v1::IngestService::NewStub(MakeChannel(endpoints.ingest));
  auto query = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  const bool bar = options.progress && !endpoints.json && isatty(STDERR_FILENO);
  int64_t retagged = 0, up_to_date = 0, not_found = 0, changed = 0, failed = 0;
  std::string version;
  // With --json and ids: every call's results as one answer.
  v1::RetagDocumentsResponse all;
  // One RetagDocuments call, waited through outages (of ingest, or of the
  // services behind it) within --timeout; nonzero: the exit code of its
  // failure.
  auto retag = [&](const std::vector<std::string>& batch) -> int {
    v1::RetagDocumentsRequest request;
    for (const std::string& name : batch) request.add_names(name);
    request.set_only_stale(options.only_stale);
    v1::RetagDocumentsResponse response;
    const grpc::Status s = CallThrough(*ingest, &v1::IngestService::Stub::RetagDocuments, request,
                                       &response, endpoints, Outage);
    if (!s.ok()) {
      if (bar) std::fprintf(stderr, "\n");
      std::fprintf(stderr, "dossier retag: %lld re-tagged before the error\n",
                   static_cast<long long>(retagged));
      return Fail("retag", s, Service::kIngest, endpoints);
    }
    if (!response.tagger_version().empty()) version = response.tagger_version();
    for (const v1::RetagResult& r : response.results()) {
      std::string said;
      switch (r.outcome()) {
        case v1::RETAG_OUTCOME_RETAGGED:
          ++retagged;
          said = "re-tagged";
          break;
        case v1::RETAG_OUTCOME_UP_TO_DATE:
          ++up_to_date;
          said = "up to date (tagged by the running tagger's version)";
          break;
        case v1::RETAG_OUTCOME_TEXT_CHANGED:
          ++changed;
          said =
              "left alone: deleted and ingested again with another text while it was re-tagged "
              "(the new text was tagged as it was indexed)";
          break;
        case v1::RETAG_OUTCOME_FAILED:
          ++failed;
          said = absl::StrCat("failed, it keeps what it had: ", r.error().message());
          // Said whatever the output, as the other errors are.
          if (options.all || endpoints.json) {
            std::fprintf(stderr, "dossier retag: documents/%s %s\n", r.document_id().c_str(),
                         said.c_str());
          }
          break;
        default:
          ++not_found;
          said =
              "not found: no stored document has this id (deleted, never indexed, or still on "
              "its way to the index)";
      }
      if (!options.all && !endpoints.json) {
        std::printf("documents/%s  %s\n", r.document_id().c_str(), said.c_str());
      }
    }
    if (endpoints.json && !options.all) {
      for (auto& r : *response.mutable_results()) *all.add_results() = std::move(r);
    }
    if (bar) {
      std::fprintf(stderr, "\rre-tagged %lld, up to date %lld, %s %lld, failed %lld   ",
                   static_cast<long long>(retagged), static_cast<long long>(up_to_date),
                   options.all ? "deleted meanwhile" : "not found",
                   static_cast<long long>(not_found), static_cast<long long>(failed));
    }
    return 0;
  };
  if (!options.all) {
    for (size_t from = 0; from < names.size(); from += kBatch) {
      const std::vector<std::string> batch(
          names.begin() + static_cast<std::ptrdiff_t>(from),
          names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), from + kBatch)));
      if (const int code = retag(batch); code != 0) return code;
    }
    if (bar) std::fprintf(stderr, "\n");
    if (endpoints.json) {
      all.set_tagger_version(version);
      PrintJson(all);
    }
    if (failed > 0) return 2;
    return not_found > 0 ? kNotFoundExitCode : 0;
  }
  std::string token;
  do {
    v1::ListDocumentsRequest request;
    request.set_page_size(kBatch);
    request.set_page_token(token);
    request.set_view(v1::DOCUMENT_VIEW_BASIC);
    *request.mutable_filter() = options.filter;
    v1::ListDocumentsResponse response;
    // The query service restarting is waited for, as RetagDocuments waits.
    const grpc::Status s = CallThrough(*query, &v1::QueryService::Stub::ListDocuments, request,
                                       &response, endpoints, Outage);
    if (!s.ok()) {
      if (bar) std::fprintf(stderr, "\n");
      std::fprintf(stderr, "dossier retag: %lld re-tagged before the error\n",
                   static_cast<long long>(retagged));
      return Fail("retag", s, Service::kQuery, endpoints);
    }
    if (token.empty()) {
      for (const v1::ResolvedEntity& r : response.resolved_entities()) {
        if (!r.entities().empty()) continue;
        std::fprintf(stderr, "dossier retag: %s → no entity of that name: nothing can match it\n",
                     r.reference().c_str());
        return UnknownNames(*query, response.resolved_entities(), endpoints);
      }
    }
    std::vector<std::string> batch;
    for (const v1::Document& d : response.documents()) batch.push_back(d.id());
    if (!batch.empty()) {
      if (const int code = retag(batch); code != 0) return code;
    }
    token = response.next_page_token();
  } while (!token.empty());
  if (bar) std::fprintf(stderr, "\n");
  if (endpoints.json) {
    google::protobuf::Struct counts;
    auto& fields = *counts.mutable_fields();
    fields["retagged"].set_number_value(static_cast<double>(retagged));
    fields["upToDate"].set_number_value(static_cast<double>(up_to_date));
    fields["deletedMeanwhile"].set_number_value(static_cast<double>(not_found));
    fields["changedMeanwhile"].set_number_value(static_cast<double>(changed));
    fields["failed"].set_number_value(static_cast<double>(failed));
    fields["taggerVersion"].set_string_value(version);
    PrintJson(counts);
  } else {
    // Deleted between the listing and the re-tag: gone, nothing to do.
    const std::string with = version.empty() ? "" : absl::StrCat(" (tagger ", version, ")");
    std::string rest;
    if (changed > 0) absl::StrAppend(&rest, ", ", changed, " ingested again meanwhile");
    if (failed > 0) absl::StrAppend(&rest, ", ", failed, " failed (said above)");
    std::printf("re-tagged %s%s; %lld up to date, %lld deleted meanwhile%s\n",
                Count(retagged, "document").c_str(), with.c_str(),
                static_cast<long long>(up_to_date), static_cast<long long>(not_found),
                rest.c_str());
  }
  return failed > 0 ? 2 : 0;
}

int RunStats(const Endpoints& endpoints) {
  auto ingest = v1::IngestService::NewStub(MakeChannel(endpoints.ingest));
  auto query = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  v1::GetIngestStatsResponse in;
  grpc::Status s = Call(*ingest, &v1::IngestService::Stub::GetIngestStats,
                        v1::GetIngestStatsRequest(), &in, endpoints);
  if (!s.ok()) return Fail("stats", s, Service::kIngest, endpoints);
  v1::GetQueryStatsResponse q;
  s = Call(*query, &v1::QueryService::Stub::GetQueryStats, v1::GetQueryStatsRequest(), &q,
           endpoints);
  if (!s.ok()) return Fail("stats", s, Service::kQuery, endpoints);
  if (endpoints.json) {
    // Every count, zeros too: a state with no document says 0.
    std::printf("{\n\"ingest\": %s,\n\"query\": %s\n}\n", JsonOf(in, true, true).c_str(),
                JsonOf(q, true, true).c_str());
    return 0;
  }
  std::printf("ingest (%s)\n", endpoints.ingest.c_str());
  std::printf("  %-24s %12s\n", "STATE", "DOCUMENTS");
  for (const v1::StateCount& c : in.states()) {
    std::printf("  %-24s %12lld\n", StateName(c.state()).c_str(),
                static_cast<long long>(c.documents()));
  }
  std::string oldest;
  if (in.has_oldest_outbox_accept_time()) {
    oldest =
        absl::StrCat(" (oldest accepted ",
                     Ago(absl::Now() - FromProtoTimestamp(in.oldest_outbox_accept_time())), ")");
  }
  std::printf("  %-24s %12lld%s\n", "outbox backlog", static_cast<long long>(in.outbox_documents()),
              oldest.c_str());
  std::printf("  %-24s %12s\n", "bytes on disk", Bytes(in.bytes_on_disk()).c_str());
  std::printf("query (%s)\n", endpoints.query.c_str());
  std::printf("  %-24s %12lld\n", "documents", static_cast<long long>(q.documents()));
  std::printf("  %-24s %12lld\n", "deleted documents",
              static_cast<long long>(q.deleted_documents()));
  std::printf("  %-24s %12lld\n", "re-tagged (times)",
              static_cast<long long>(q.retagged_documents()));
  std::printf("  %-24s %12lld\n", "purged postings", static_cast<long long>(q.purged_postings()));
  std::printf("  %-24s %12lld\n", "stories (of any size)", static_cast<long long>(q.stories()));
  std::printf("  %-24s %12lld\n", "entities", static_cast<long long>(q.entities()));
  std::printf("  %-24s %12lld\n", "entity keys", static_cast<long long>(q.entity_keys()));
  std::printf("  %-24s %12s\n", "bytes on disk", Bytes(q.bytes_on_disk()).c_str());
  return 0;
}

int RunExport(const ExportOptions& options, const Endpoints& endpoints) {
  // A file is written beside its name and renamed over it once the export
  // is complete: an export that fails leaves what was there before.
  FILE* out = stdout;
  const std::string partial = options.out + ".partial";
  if (!options.out.empty()) {
    out = std::fopen(partial.c_str(), "w");
    if (out == nullptr) {
      // The file named, not the one beside it that is written first.
      std::fprintf(stderr, "dossier export: cannot write %s: %s\n", options.out.c_str(),
                   std::strerror(errno));
      return kCannotWriteExitCode;
    }
  }
  auto close = [&] {
    if (out == stdout) return;
    std::fclose(out);
    std::remove(partial.c_str());
  };
  if (options.format == ExportFormat::kCsv) {
    std::fputs("id,publish_date,outlet,title,dateline,url,story_id,client_key,entities,text\n",
               out);
  }
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  std::string token;
  int64_t written = 0;
  int error = 0;
  do {
    v1::ListDocumentsRequest request;
    request.set_page_size(options.page_size);
    request.set_page_token(token);
    request.set_view(v1::DOCUMENT_VIEW_FULL);
    *request.mutable_filter() = options.filter;
    v1::ListDocumentsResponse response;
    const grpc::Status s =
        Call(*stub, &v1::QueryService::Stub::ListDocuments, request, &response, endpoints);
    if (!s.ok()) {
      close();
      return Fail("export", s, Service::kQuery, endpoints);
    }
    // A filter's name that names no entity lets nothing through: said, as
    // list says it, rather than written as an export of nothing.
    if (token.empty()) {
      bool unknown = false;
      for (const v1::ResolvedEntity& r : response.resolved_entities()) {
        if (!r.entities().empty()) continue;
        std::fprintf(stderr, "dossier export: %s → no entity of that name: nothing can match it\n",
                     r.reference().c_str());
        unknown = true;
      }
      if (unknown) {
        close();
        return UnknownNames(*stub, response.resolved_entities(), endpoints);
      }
      // So is an outlet no document has ("Washington Posts").
      if (response.total_size() == 0) {
        const int outlets = UnknownOutlets(*stub, options.filter, "export", endpoints);
        if (outlets != 0) {
          close();
          return outlets;
        }
      }
    }
    for (v1::Document& d : *response.mutable_documents()) {
      // A document larger than a response may be comes without some
      // fields: the export has them all.
      const grpc::Status complete = CompleteDocument(*stub, endpoints, &d);
      if (complete.error_code() == grpc::StatusCode::NOT_FOUND) {
        // Deleted since the page was listed: as if listed after.
        std::fprintf(stderr, "dossier export: documents/%s was deleted meanwhile; left out\n",
                     d.id().c_str());
        continue;
      }
      if (!complete.ok()) {
        close();
        return Fail("export", complete, Service::kQuery, endpoints);
      }
      if (options.format == ExportFormat::kJsonLines) {
        std::fprintf(out, "%s\n", JsonOf(d, false).c_str());
      } else {
        // Entities as "Name (TYPE, id)", in the order the tagger found
        // them, joined by "; ", which an item does not hold.
        std::vector<std::string> entities;
        for (const v1::Entity& e : d.annotations().entities()) {
          entities.push_back(absl::StrCat(e.name(), " (", TypeName(e.type()),
                                          e.entity_id().empty() ? "" : ", ", e.entity_id(), ")"));
        }
        const auto& m = d.metadata();
        const std::vector<std::string> fields = {d.id(),
                                                 FormatDate(m.publish_date()),
                                                 m.outlet(),
                                                 m.title(),
                                                 m.dateline(),
                                                 m.url(),
                                                 d.story_id(),
                                                 d.client_key(),
                                                 absl::StrJoin(entities, "; "),
                                                 d.text()};
        std::vector<std::string> quoted;
        for (const std::string& f : fields) quoted.push_back(CsvField(f));
        std::fprintf(out, "%s\n", absl::StrJoin(quoted, ",").c_str());
      }
      ++written;
    }
    // A page at a time, so that the reason of a failed write is the one
    // read (errno changes with the calls in between) and a full disk stops
    // the export.
    if (std::fflush(out) != 0 || std::ferror(out) != 0) {
      error = errno;
      break;
    }
    token = response.next_page_token();
  } while (!token.empty());
  bool failed = error != 0 || std::ferror(out) != 0;
  if (out != stdout) {
    if (std::fclose(out) != 0 && !failed) {
      failed = true;
      error = errno;
    }
    if (!failed && std::rename(partial.c_str(), options.out.c_str()) != 0) {
      failed = true;
      error = errno;
    }
    if (failed) std::remove(partial.c_str());
  }
  if (failed) {
    std::fprintf(stderr, "dossier export: writing %s failed: %s\n",
                 options.out.empty() ? "stdout" : options.out.c_str(),
                 error != 0 ? std::strerror(error) : "an I/O error");
    return kCannotWriteExitCode;
  }
  if (!options.out.empty() || !isatty(STDERR_FILENO)) {
    std::fprintf(stderr, "exported %s\n", Count(written, "document").c_str());
  }
  return 0;
}

int WaitForIndexed(const std::vector<std::string>& ids, absl::Duration wait, bool progress,
                   const Endpoints& endpoints, size_t stored_before) {
  constexpr int kBatch = 1000;
  auto stub = v1::IngestService::NewStub(MakeChannel(endpoints.ingest));
  const bool bar = progress && isatty(STDERR_FILENO);
  const absl::Time start = absl::Now();
  const absl::Time deadline =
      wait == absl::InfiniteDuration() ? absl::InfiniteFuture() : start + wait;
  // Ids not yet INDEXED, FAILED or DELETED.
  std::vector<std::string> open = ids;
  std::map<std::string, std::string> failed;  // id -> reason
  size_t indexed = 0, deleted = 0;
  size_t last_shown = static_cast<size_t>(-1);
  absl::Time last_line = absl::InfinitePast();
  auto show = [&](bool force) {
    const size_t done = ids.size() - open.size();
    if (bar) {
      const int width = 30;
      const int filled = ids.empty() ? width : static_cast<int>(width * done / ids.size());
      std::string b(filled, '#');
      b.resize(width, '.');
      std::fprintf(stderr, "\rindexed %zu/%zu [%s] %3d%%  failed %zu  %.0f s   ", indexed,
                   ids.size(), b.c_str(),
                   ids.empty() ? 100 : static_cast<int>(100 * done / ids.size()), failed.size(),
                   absl::ToDoubleSeconds(absl::Now() - start));
    } else if (done != last_shown && (force || absl::Now() - last_line >= absl::Seconds(2))) {
      std::fprintf(stderr, "waiting: %zu of %zu indexed, %zu failed\n", indexed, ids.size(),
                   failed.size());
      last_shown = done;
      last_line = absl::Now();
    }
  };
  Backoff backoff(absl::Milliseconds(200), absl::Seconds(2));
  while (!open.empty()) {
    std::vector<std::string> still;
    for (size_t from = 0; from < open.size(); from += kBatch) {
      v1::BatchGetDocumentStatusesRequest request;
      for (size_t i = from; i < std::min(open.size(), from + kBatch); ++i) {
        request.add_names(open[i]);
      }
      v1::BatchGetDocumentStatusesResponse response;
      const grpc::Status s = Call(*stub, &v1::IngestService::Stub::BatchGetDocumentStatuses,
                                  request, &response, endpoints);
      if (!s.ok()) {
        if (Classify(FromGrpcStatus(s)) == FailureClass::kOutage && absl::Now() < deadline) {
          // Asked again next round.
          for (size_t i = from; i < std::min(open.size(), from + kBatch); ++i) {
            still.push_back(open[i]);
          }
          continue;
        }
        if (bar) std::fprintf(stderr, "\n");
        return Fail("ingest --wait", s, Service::kIngest, endpoints);
      }
      for (const v1::DocumentStatus& st : response.statuses()) {
        switch (st.state()) {
          case v1::DOCUMENT_STATE_INDEXED:
            ++indexed;
            break;
          case v1::DOCUMENT_STATE_FAILED:
            failed[st.document_id()] = st.error();
            break;
          case v1::DOCUMENT_STATE_DELETED:
            ++deleted;
            break;
          default:
            still.push_back(st.document_id());
        }
      }
      // Never accepted here: nothing to wait for.
      for (const std::string& id : response.missing()) failed[id] = "not known to this ingest";
    }
    const bool progressed = still.size() < open.size();
    open = std::move(still);
    show(open.empty());
    if (open.empty()) break;
    if (absl::Now() >= deadline) break;
    if (progressed) backoff.Reset();
    absl::SleepFor(std::min(backoff.Next(), deadline - absl::Now()));
  }
  if (bar) std::fprintf(stderr, "\n");
  // Beside JSON Lines on stdout, the summary goes to stderr.
  FILE* out = endpoints.json ? stderr : stdout;
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (stored_before == 0) {
    std::fprintf(out, "indexed %zu of %zu accepted, %.1f s after the last was accepted", indexed,
                 ids.size(), seconds);
  } else {
    std::fprintf(out,
                 "indexed %zu of %zu (%zu accepted now, %zu stored before that these "
                 "duplicate), %.1f s after the last was accepted",
                 indexed, ids.size(), ids.size() - stored_before, stored_before, seconds);
  }
  if (!failed.empty()) std::fprintf(out, ", %zu failed", failed.size());
  if (deleted > 0) std::fprintf(out, ", %zu deleted meanwhile", deleted);
  if (!open.empty()) std::fprintf(out, ", %zu still waiting", open.size());
  std::fprintf(out, "\n");
  int shown = 0;
  for (const auto& [id, reason] : failed) {
    if (++shown > 5) break;
    std::fprintf(out, "  failed documents/%s: %s\n", id.c_str(), reason.c_str());
  }
  if (!failed.empty()) return 2;
  if (!open.empty()) {
    std::fprintf(out, "  gave up waiting after --wait; `dossier stats` shows the backlog\n");
    return 1;
  }
  return 0;
}

}  // namespace dossier::cli
