#include "cli/commands.h"

#include <cstdio>
#include <iostream>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "common/time_util.h"
#include "common/utf8.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "dossier/v1/tagger_service.grpc.pb.h"
#include "google/protobuf/util/json_util.h"

namespace dossier::cli {
namespace {

int Fail(const std::string& what, const grpc::Status& status) {
  std::fprintf(stderr, "dossier %s: %s: %s\n", what.c_str(),
               absl::StatusCodeToString(
                   static_cast<absl::StatusCode>(status.error_code()))
                   .c_str(),
               status.error_message().c_str());
  return status.error_code() == grpc::StatusCode::NOT_FOUND ? 3 : 1;
}

void PrintJson(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = false;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  std::fputs(out.c_str(), stdout);
}

const char* TypeName(v1::EntityType type) {
  switch (type) {
    case v1::ENTITY_TYPE_PERSON:
      return "PERSON";
    case v1::ENTITY_TYPE_ORGANIZATION:
      return "ORG";
    case v1::ENTITY_TYPE_LOCATION:
      return "LOCATION";
    case v1::ENTITY_TYPE_MISC:
      return "MISC";
    default:
      return "?";
  }
}

std::string Provenance(v1::Provenance p) {
  return p == v1::PROVENANCE_EXTRACTED ? "  (from the text)"
         : p == v1::PROVENANCE_CLIENT ? "  (from the client)"
                                      : "";
}

std::string OneLine(const std::string& s, size_t width) {
  return Ellipsize(absl::StrReplaceAll(s, {{"\n", " "}}), width);
}

// `s` on one line, cut to `width` characters and padded to them: columns
// line up whatever the script ("Vučić" is five characters, seven bytes).
std::string Column(const std::string& s, size_t width) {
  std::string out = OneLine(s, width);
  size_t chars = 0;
  for (const char c : out) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (chars < width) out.append(width - chars, ' ');
  return out;
}

// Calls `method` on `stub` under the command's deadline.
template <typename Stub, typename Request, typename Response>
grpc::Status Call(Stub& stub,
                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request, Response* response, const Endpoints& endpoints) {
  grpc::ClientContext context;
  SetDeadline(&context, endpoints.timeout);
  return (stub.*method)(&context, request, response);
}

void PrintDocument(const v1::Document& d) {
  const auto& m = d.metadata();
  std::printf("%s\n", d.name().c_str());
  if (!m.title().empty()) {
    std::printf("  title      %s%s\n", m.title().c_str(),
                Provenance(m.title_provenance()).c_str());
  }
  if (!m.outlet().empty()) {
    std::printf("  outlet     %s%s\n", m.outlet().c_str(),
                Provenance(m.outlet_provenance()).c_str());
  }
  if (m.has_publish_date()) {
    std::printf("  published  %s%s\n", FormatDate(m.publish_date()).c_str(),
                Provenance(m.publish_date_provenance()).c_str());
  }
  if (!m.dateline().empty()) {
    std::printf("  dateline   %s%s\n", m.dateline().c_str(),
                Provenance(m.dateline_provenance()).c_str());
  }
  if (!m.url().empty()) std::printf("  url        %s\n", m.url().c_str());
  if (!d.client_key().empty()) std::printf("  key        %s\n", d.client_key().c_str());
  std::printf("  accepted   %s\n",
              absl::FormatTime(FromProtoTimestamp(d.accept_time())).c_str());
  if (d.has_index_time()) {
    std::printf("  indexed    %s\n",
                absl::FormatTime(FromProtoTimestamp(d.index_time())).c_str());
  }
  if (!d.story_id().empty()) std::printf("  story      %s\n", d.story_id().c_str());
  for (const auto& link : d.near_duplicates()) {
    std::printf("  repeats    documents/%s (similarity %.2f)\n",
                link.document_id().c_str(), link.similarity());
  }
  const auto& a = d.annotations();
  if (a.entities_size() > 0) {
    std::printf("  entities   %d  (tagger %s)\n", a.entities_size(),
                a.tagger_version().c_str());
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
    std::printf("  quote      %s: \"%s\"\n", speaker.c_str(),
                OneLine(q.text(), 100).c_str());
  }
  for (const auto& r : a.roles()) {
    if (r.entity_index() < a.entities_size()) {
      std::printf("  role       %s: %s\n", a.entities(r.entity_index()).name().c_str(),
                  r.title().c_str());
    }
  }
  for (const auto& t : a.temporal_expressions()) {
    std::printf("  date       \"%s\" = %s\n", t.text().c_str(), t.value().c_str());
  }
  if (!d.text().empty()) std::printf("\n%s\n", d.text().c_str());
}

}  // namespace

int RunGet(const std::string& name, const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  v1::GetDocumentRequest request;
  request.set_name(name);
  v1::GetDocumentResponse response;
  const grpc::Status s =
      Call(*stub, &v1::QueryService::Stub::GetDocument, request, &response, endpoints);
  if (!s.ok()) return Fail("get", s);
  if (endpoints.json) {
    PrintJson(response.document());
  } else {
    PrintDocument(response.document());
  }
  return 0;
}

int RunList(int page_size, const std::string& page_token, bool all,
            const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  std::string token = page_token;
  do {
    v1::ListDocumentsRequest request;
    request.set_page_size(page_size);
    request.set_page_token(token);
    v1::ListDocumentsResponse response;
    const grpc::Status s =
        Call(*stub, &v1::QueryService::Stub::ListDocuments, request, &response, endpoints);
    if (!s.ok()) return Fail("list", s);
    if (endpoints.json) {
      PrintJson(response);
    } else {
      for (const auto& d : response.documents()) {
        const auto& m = d.metadata();
        std::printf("%s  %-10s  %s  %s\n", d.id().c_str(),
                    FormatDate(m.publish_date()).c_str(),
                    Column(m.outlet(), 18).c_str(), OneLine(m.title(), 70).c_str());
      }
      if (!all) {
        std::printf("(%d of %lld documents)%s%s\n", response.documents_size(),
                    static_cast<long long>(response.total_size()),
                    response.next_page_token().empty() ? "" : "  next page: --page_token=",
                    response.next_page_token().c_str());
      }
    }
    token = response.next_page_token();
  } while (all && !token.empty());
  return 0;
}

int RunStatus(const std::string& name, const Endpoints& endpoints) {
  auto stub = v1::IngestService::NewStub(MakeChannel(endpoints.ingest));
  v1::GetDocumentStatusRequest request;
  request.set_name(name);
  v1::GetDocumentStatusResponse response;
  const grpc::Status s =
      Call(*stub, &v1::IngestService::Stub::GetDocumentStatus, request, &response, endpoints);
  if (!s.ok()) return Fail("status", s);
  if (endpoints.json) {
    PrintJson(response.status());
    return 0;
  }
  const auto& st = response.status();
  std::printf("documents/%s  %s  attempts %d%s%s\n", st.document_id().c_str(),
              v1::DocumentState_Name(st.state()).c_str() + strlen("DOCUMENT_STATE_"),
              st.attempts(), st.error().empty() ? "" : "  last error: ",
              st.error().c_str());
  return 0;
}

int RunTag(const std::string& text_arg, const Endpoints& endpoints) {
  std::string text = text_arg;
  if (text == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin),
                std::istreambuf_iterator<char>());
  }
  auto stub = v1::TaggerService::NewStub(MakeChannel(endpoints.tagger));
  v1::TagTextRequest request;
  request.set_text(text);
  v1::TagTextResponse response;
  const grpc::Status s =
      Call(*stub, &v1::TaggerService::Stub::TagText, request, &response, endpoints);
  if (!s.ok()) return Fail("tag", s);
  if (endpoints.json) {
    PrintJson(response);
    return 0;
  }
  for (const auto& m : response.annotations().mentions()) {
    std::printf("%-9s %s [%d, %d)  %.2f\n", TypeName(m.type()), Column(m.text(), 40).c_str(),
                m.span().begin(), m.span().end(), m.confidence());
  }
  return 0;
}

namespace {

void PrintStoryLine(const v1::Story& s) {
  std::printf("%s  %-10s %-10s %3d docs  %s  %s\n", s.id().c_str(),
              FormatDate(s.first_date()).c_str(), FormatDate(s.last_date()).c_str(),
              s.document_count(),
              Column(absl::StrJoin(s.outlets(), ", "), 24).c_str(),
              OneLine(s.title(), 70).c_str());
}

}  // namespace

int RunStories(int page_size, int min_documents, const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  v1::ListStoriesRequest request;
  request.set_page_size(page_size);
  request.set_min_documents(min_documents);
  v1::ListStoriesResponse response;
  const grpc::Status s =
      Call(*stub, &v1::QueryService::Stub::ListStories, request, &response, endpoints);
  if (!s.ok()) return Fail("stories", s);
  if (endpoints.json) {
    PrintJson(response);
    return 0;
  }
  for (const auto& story : response.stories()) PrintStoryLine(story);
  return 0;
}

int RunStory(const std::string& name, const Endpoints& endpoints) {
  auto stub = v1::QueryService::NewStub(MakeChannel(endpoints.query));
  v1::GetStoryRequest request;
  request.set_name(name);
  v1::GetStoryResponse response;
  const grpc::Status s =
      Call(*stub, &v1::QueryService::Stub::GetStory, request, &response, endpoints);
  if (!s.ok()) return Fail("story", s);
  if (endpoints.json) {
    PrintJson(response);
    return 0;
  }
  PrintStoryLine(response.story());
  for (const auto& e : response.story().entities()) {
    std::printf("    %-9s %s in %d\n", TypeName(e.type()), Column(e.name(), 40).c_str(),
                e.document_count());
  }
  for (const auto& d : response.documents()) {
    std::printf("  %s  %-10s  %s  %s\n", d.id().c_str(),
                FormatDate(d.metadata().publish_date()).c_str(),
                Column(d.metadata().outlet(), 18).c_str(), OneLine(d.metadata().title(), 70).c_str());
  }
  return 0;
}

int RunHealth(absl::Duration wait, const Endpoints& endpoints) {
  struct Target {
    const char* name;
    std::string address;
    std::string service;
  };
  const Target targets[] = {
      {"ingest", endpoints.ingest, v1::IngestService::service_full_name()},
      {"tagger", endpoints.tagger, v1::TaggerService::service_full_name()},
      {"query", endpoints.query, v1::QueryService::service_full_name()}};
  int failures = 0;
  for (const auto& t : targets) {
    absl::Status s = WaitForServing(MakeChannel(t.address), t.service, wait);
    std::printf("%-7s %-21s %s\n", t.name, t.address.c_str(),
                s.ok() ? "SERVING" : std::string(s.message()).c_str());
    if (!s.ok()) ++failures;
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace dossier::cli
