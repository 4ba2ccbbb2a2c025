// What the real services refuse at their edge, as a client sees it over the
// wire: enum values the API does not have, and documents ingest must not
// keep (no visible text, fields over their caps, times outside their window).
#include "absl/strings/str_cat.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "common/status.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "dossier/v1/registry_service.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/support/binary.h"
#include "tests/support/temp_dir.h"

namespace dossier {
namespace {

using testing::StartBinary;
using testing::TempDir;

// The field a BadRequest detail of `status` names, or "".
std::string BadField(const absl::Status& status) {
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  google::rpc::BadRequest bad;
  if (!payload.has_value() || !bad.ParseFromString(std::string(*payload)) ||
      bad.field_violations_size() == 0) {
    return "";
  }
  return bad.field_violations(0).field();
}

// The status of `method` on `stub` for `request` (no deadline: the
// services here are local and answer at once).
template <typename Stub, typename Request, typename Response>
absl::Status StatusOf(Stub& stub,
                      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                      const Request& request) {
  grpc::ClientContext context;
  Response response;
  return FromGrpcStatus((stub.*method)(&context, request, &response));
}

absl::StatusOr<testing::RunningBinary> StartQuery(const TempDir& dir) {
  return StartBinary(
      "query",
      {"--data_dir=" + dir.Sub("query-data"), "--internal_listen=127.0.0.1:0", "--drain_grace=0s"},
      dir);
}

// Nothing reaches downstream: the addresses go nowhere.
absl::StatusOr<testing::RunningBinary> StartIngestAlone(const TempDir& dir) {
  return StartBinary("ingest",
                     {"--data_dir=" + dir.Sub("ingest-data"), "--tagger=127.0.0.1:1",
                      "--index=127.0.0.1:1", "--drain_grace=0s"},
                     dir);
}

TEST(ValidationTest, QueryRefusesEnumValuesTheApiDoesNotHave) {
  TempDir dir;
  auto query = StartQuery(dir);
  ASSERT_TRUE(query.ok()) << query.status();
  auto stub = v1::QueryService::NewStub(MakeChannel(query->address));
  using Query = v1::QueryService::Stub;
  const std::string id(32, 'a');
  auto expect_invalid = [](const absl::Status& s, const std::string& field) {
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << field << ": " << s;
    EXPECT_EQ(ErrorReason(s), "INVALID_ENUM") << field;
    EXPECT_EQ(BadField(s), field);
  };
  v1::GetDocumentRequest get;
  get.set_name(id);
  // Checked before the document is looked up: no NOT_FOUND.
  get.set_view(static_cast<v1::DocumentView>(99));
  expect_invalid(StatusOf(*stub, &Query::GetDocument, get), "view");
  get.set_view(v1::DOCUMENT_VIEW_UNSPECIFIED);
  get.set_encoding_type(static_cast<v1::EncodingType>(99));
  expect_invalid(StatusOf(*stub, &Query::GetDocument, get), "encoding_type");
  v1::ListDocumentsRequest list;
  list.set_view(static_cast<v1::DocumentView>(99));
  expect_invalid(StatusOf(*stub, &Query::ListDocuments, list), "view");
  v1::SearchDocumentsRequest search;
  search.set_query("talks");
  search.set_view(static_cast<v1::SearchView>(99));
  expect_invalid(StatusOf(*stub, &Query::SearchDocuments, search), "view");
  // A valid view of a missing document is NOT_FOUND, as before.
  get.set_encoding_type(v1::ENCODING_TYPE_UNSPECIFIED);
  get.set_view(v1::DOCUMENT_VIEW_BASIC);
  EXPECT_EQ(StatusOf(*stub, &Query::GetDocument, get).code(), absl::StatusCode::kNotFound);
}

// A NOT_FOUND says what is missing in its ErrorInfo reason, so that a
// client can tell a missing document from a missing entity.
TEST(ValidationTest, NotFoundSaysWhatIsMissing) {
  TempDir dir;
  auto query = StartQuery(dir);
  ASSERT_TRUE(query.ok()) << query.status();
  auto ingest = StartIngestAlone(dir);
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  auto stub = v1::QueryService::NewStub(MakeChannel(query->address));
  auto registry = v1::RegistryService::NewStub(MakeChannel(query->address));
  auto ingest_stub = v1::IngestService::NewStub(MakeChannel(ingest->address));
  using Query = v1::QueryService::Stub;
  auto expect = [](const absl::Status& s, const std::string& reason) {
    EXPECT_EQ(s.code(), absl::StatusCode::kNotFound) << reason << ": " << s;
    EXPECT_EQ(ErrorReason(s), reason) << s;
  };
  const std::string id(32, 'a');
  v1::GetDocumentRequest get;
  get.set_name(id);
  expect(StatusOf(*stub, &Query::GetDocument, get), "DOCUMENT_NOT_FOUND");
  v1::GetDocumentStatusRequest status;
  status.set_name(id);
  expect(StatusOf(*ingest_stub, &v1::IngestService::Stub::GetDocumentStatus, status),
         "DOCUMENT_NOT_FOUND");
  v1::GetEntityRequest entity;
  entity.set_name("Nobody Atall");
  expect(StatusOf(*stub, &Query::GetEntity, entity), "ENTITY_NOT_FOUND");
  v1::GetEntityTimelineRequest timeline;
  timeline.set_entity("Nobody Atall");
  expect(StatusOf(*stub, &Query::GetEntityTimeline, timeline), "ENTITY_NOT_FOUND");
  v1::GetStoryRequest story;
  story.set_name(id);
  expect(StatusOf(*stub, &Query::GetStory, story), "STORY_NOT_FOUND");
  v1::MergeEntitiesRequest merge;
  merge.set_entity("Nobody Atall");
  merge.set_into("Nobody Else");
  expect(StatusOf(*registry, &v1::RegistryService::Stub::MergeEntities, merge), "ENTITY_NOT_FOUND");
}

TEST(ValidationTest, IngestRefusesWhatItMustNotKeep) {
  TempDir dir;
  auto ingest = StartIngestAlone(dir);
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  auto stub = v1::IngestService::NewStub(MakeChannel(ingest->address));
  auto ingest_one = [&](const v1::DocumentInput& document) {
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    v1::IngestDocumentRequest request;
    *request.mutable_document() = document;
    v1::IngestDocumentResponse response;
    return FromGrpcStatus(stub->IngestDocument(&context, request, &response));
  };
  struct Case {
    std::string what;
    v1::DocumentInput document;
    std::string field;
    std::string reason;
  };
  std::vector<Case> cases;
  auto add = [&](std::string what, std::string field, std::string reason) -> v1::DocumentInput* {
    cases.push_back({std::move(what), {}, std::move(field), std::move(reason)});
    cases.back().document.set_text("The talks resumed in Geneva.");
    return &cases.back().document;
  };
  add("NUL bytes", "document.text", "NO_VISIBLE_TEXT")->set_text(std::string(100, '\0'));
  add("control characters", "document.text_bytes", "NO_VISIBLE_TEXT")
      ->set_text_bytes("\x01\x02\x1b\x7f\t\x0e");
  add("a long title", "document.title", "TITLE_TOO_LONG")->set_title(std::string(2049, 't'));
  add("a long outlet", "document.outlet", "OUTLET_TOO_LONG")->set_outlet(std::string(257, 'o'));
  add("a long url", "document.url", "URL_TOO_LONG")->set_url(std::string(8193, 'u'));
  (*add("a long label value", "document.labels[\"feed\"]", "LABEL_VALUE_TOO_LONG")
        ->mutable_labels())["feed"] = std::string(1025, 'v');
  add("a receive time in 2999", "document.receive_time", "TIME_OUT_OF_RANGE")
      ->mutable_receive_time()
      ->set_seconds(32472144000);
  add("a receive time of year 1", "document.receive_time", "TIME_OUT_OF_RANGE")
      ->mutable_receive_time()
      ->set_seconds(-62135596800);
  for (const Case& c : cases) {
    const absl::Status s = ingest_one(c.document);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.what << ": " << s;
    EXPECT_EQ(ErrorReason(s), c.reason) << c.what << ": " << s;
    EXPECT_EQ(BadField(s), c.field) << c.what;
  }

  // In a stream: the bad document is answered with its error, and so is a
  // request id over its cap; the stream goes on.
  grpc::ClientContext context;
  auto stream = stub->StreamIngestDocuments(&context);
  v1::StreamIngestDocumentsRequest request;
  request.set_request_id("nul");
  request.mutable_document()->set_text(std::string(10, '\0'));
  ASSERT_TRUE(stream->Write(request));
  request.set_request_id(std::string(3 << 20, 'r'));
  request.mutable_document()->set_text("A visible text with a long request id.");
  ASSERT_TRUE(stream->Write(request));
  request.set_request_id("ok");
  request.mutable_document()->set_text("A visible text.");
  ASSERT_TRUE(stream->Write(request));
  ASSERT_TRUE(stream->WritesDone());
  std::vector<v1::StreamIngestDocumentsResponse> responses(3);
  for (auto& r : responses) ASSERT_TRUE(stream->Read(&r));
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(ErrorReason(FromRpcStatusProto(responses[0].result().error())), "NO_VISIBLE_TEXT");
  EXPECT_EQ(ErrorReason(FromRpcStatusProto(responses[1].result().error())), "REQUEST_ID_TOO_LONG");
  // Its id comes back cut, not 3 MiB long.
  EXPECT_EQ(responses[1].request_id(), std::string(256, 'r') + "...");
  EXPECT_EQ(responses[2].result().outcome(), v1::INGEST_OUTCOME_ACCEPTED);
}

}  // namespace
}  // namespace dossier
