#include "services/tagger/tagger_service.h"

#include <grpcpp/generic/generic_stub.h>

#include <filesystem>

#include "absl/synchronization/notification.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "common/server.h"
#include "common/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/tagger/ner_recognizer.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier::tagger {
namespace {

using ::testing::HasSubstr;

std::shared_ptr<const Recognizer> LoadCommittedModel() {
  auto model = NerRecognizer::Load(testing::SourceDir() + "/models/ner/model.bin");
  EXPECT_TRUE(model.ok()) << model.status();
  return model.ok() ? std::shared_ptr<const Recognizer>(std::move(*model)) : nullptr;
}

class TaggerServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = std::make_unique<TaggerServiceImpl>(&tagger_, &pool_, options_);
    auto server =
        Server::BuildAndStart({}, {{service_.get(), v1::TaggerService::service_full_name()}});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::TaggerService::NewStub(MakeChannel(server_->address()));
  }

  absl::Status Call(const v1::TagTextRequest& request, v1::TagTextResponse* response) {
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    return FromGrpcStatus(stub_->TagText(&context, request, response));
  }

  Tagger tagger_{LoadCommittedModel()};
  ThreadPool pool_{2};
  TaggerServiceOptions options_{/*max_text_bytes=*/1000};
  std::unique_ptr<TaggerServiceImpl> service_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<v1::TaggerService::Stub> stub_;
};

TEST_F(TaggerServiceTest, TagsOverRealGrpcWithCodePointOffsets) {
  v1::TagTextRequest request;
  // "Aleksandar Vučić met Sergei Lavrov in Moscow."
  request.set_text("Aleksandar Vu\xc4\x8di\xc4\x87 met Sergei Lavrov in Moscow.");
  request.set_encoding_type(v1::ENCODING_TYPE_UTF32);
  request.set_include_tokens(true);
  v1::TagTextResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  ASSERT_GE(response.annotations().mentions_size(), 2);
  const v1::Mention& first = response.annotations().mentions(0);
  EXPECT_EQ(first.text(), "Aleksandar Vu\xc4\x8di\xc4\x87");
  EXPECT_EQ(first.type(), v1::ENTITY_TYPE_PERSON);
  EXPECT_EQ(first.span().begin(), 0);
  EXPECT_EQ(first.span().end(), 16);  // code points, not the 18 bytes
  EXPECT_GT(first.confidence(), 0.5);
  EXPECT_LE(first.confidence(), 1.0);
  EXPECT_EQ(response.tokens_size(), 8);
  EXPECT_EQ(response.tokens(2).span().begin(), 17);  // "met"
  // The model's version and the id of the rules the binary was built with.
  EXPECT_THAT(response.annotations().tagger_version(),
              ::testing::MatchesRegex("ner-crf-[0-9a-z-]+\\+[0-9a-f]{8}"));
  EXPECT_EQ(response.annotations().sentences_size(), 1);
}

// Bytes that do not parse as the request message (a string field that is
// not UTF-8, a truncated field) are refused with the reason, as any bad
// input is; gRPC alone would answer UNIMPLEMENTED with no message. A method
// the service does not have stays UNIMPLEMENTED.
TEST_F(TaggerServiceTest, RequestBytesThatDoNotParseAreRefusedWithTheReason) {
  grpc::GenericStub stub(MakeChannel(server_->address()));
  auto call = [&](const std::string& method, const std::string& bytes) {
    grpc::Slice slice(bytes);
    const grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    absl::Notification done;
    grpc::Status status;
    stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
      status = std::move(s);
      done.Notify();
    });
    done.WaitForNotification();
    return FromGrpcStatus(status);
  };
  const std::string method = "/dossier.v1.TaggerService/TagText";
  for (const std::string& bytes : {std::string("\x0a\x02\xff\x41"), std::string("\xff\xff\xff")}) {
    const absl::Status s = call(method, bytes);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    EXPECT_EQ(ErrorReason(s), "UNPARSEABLE_REQUEST");
    EXPECT_THAT(s.message(), HasSubstr("TagText does not parse"));
  }
  // The same bytes made right are served.
  EXPECT_TRUE(call(method, std::string("\x0a\x02\x48\x69")).ok());
  EXPECT_EQ(call("/dossier.v1.TaggerService/NoSuchMethod", "\x0a\x01\x41").code(),
            absl::StatusCode::kUnimplemented);
}

TEST_F(TaggerServiceTest, RejectsBadInputWithTheReason) {
  v1::TagTextResponse response;
  v1::TagTextRequest empty;
  absl::Status s = Call(empty, &response);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(s), "EMPTY_TEXT");

  v1::TagTextRequest large;
  large.set_text(std::string(1001, 'a'));
  s = Call(large, &response);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("limit is 1000"));

  v1::TagTextRequest bad_date;
  bad_date.set_text("Hello.");
  bad_date.mutable_document_date()->set_year(2023);
  bad_date.mutable_document_date()->set_month(2);
  bad_date.mutable_document_date()->set_day(30);
  s = Call(bad_date, &response);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(s), "INVALID_DATE");

  v1::TagTextRequest long_outlet;
  long_outlet.set_text("Hello.");
  long_outlet.set_outlet(std::string(257, 'a'));
  s = Call(long_outlet, &response);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(s), "OUTLET_TOO_LONG");
  EXPECT_THAT(std::string(s.message()), HasSubstr("outlet is 257 bytes; the limit is 256"));
  long_outlet.set_outlet(std::string(256, 'a'));
  EXPECT_TRUE(Call(long_outlet, &response).ok());

  v1::TagTextRequest bad_encoding;
  bad_encoding.set_text("Hello.");
  bad_encoding.set_encoding_type(static_cast<v1::EncodingType>(9));
  s = Call(bad_encoding, &response);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(s), "INVALID_ENUM");
}

// An answer keeps to the byte budget the caller's client can receive: by
// default 3 MiB, under a default gRPC client's 4 MiB, so that such a
// client is told why (RESPONSE_TOO_LARGE) rather than failing on its own
// receive limit after the work is done; a caller that receives more says
// so in max_response_bytes (ingest, the CLI and the client packages do).
TEST(TaggerBudgetTest, AnAnswerKeepsToTheBudgetTheCallerCanReceive) {
  Tagger tagger{LoadCommittedModel()};
  ThreadPool pool{2};
  TaggerServiceOptions options;  // the server's defaults: 4 MiB texts
  TaggerServiceImpl service(&tagger, &pool, options);
  auto server = Server::BuildAndStart({}, {{&service, v1::TaggerService::service_full_name()}});
  ASSERT_TRUE(server.ok()) << server.status();
  // A client as gRPC makes it, receiving at most 4 MiB, and one that
  // receives 64 MiB.
  auto plain = v1::TaggerService::NewStub(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));
  auto raised = v1::TaggerService::NewStub(MakeChannel((*server)->address()));
  std::string text;
  while (text.size() < (size_t{1} << 20)) {
    text += "Tony Blair told Gordon Brown in London on Monday that the Labour Party would win. ";
  }
  auto tag = [&](v1::TaggerService::Stub* stub, const v1::TagTextRequest& request,
                 v1::TagTextResponse* response) {
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(60));
    return FromGrpcStatus(stub->TagText(&context, request, response));
  };
  v1::TagTextRequest request;
  request.set_text(text);
  request.set_include_tokens(true);
  v1::TagTextResponse response;
  absl::Status s = tag(plain.get(), request, &response);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_EQ(ErrorReason(s), "RESPONSE_TOO_LARGE");
  EXPECT_THAT(std::string(s.message()), HasSubstr("at most 3145728 bytes (max_response_bytes)"));

  request.set_max_response_bytes(int64_t{64} << 20);
  s = tag(raised.get(), request, &response);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_GT(response.ByteSizeLong(), size_t{4} << 20);  // more than a plain client takes
  EXPECT_GT(response.annotations().mentions_size(), 30000);

  request.set_max_response_bytes(-1);
  s = tag(raised.get(), request, &response);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(s), "INVALID_RESPONSE_LIMIT");

  // A batch: its answers together.
  v1::BatchTagTextsRequest batch;
  for (int i = 0; i < 4; ++i) {
    v1::TagTextRequest* one = batch.add_requests();
    one->set_text(text.substr(0, 300000));
    one->set_include_tokens(true);
  }
  v1::BatchTagTextsResponse answers;
  {
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(60));
    s = FromGrpcStatus(plain->BatchTagTexts(&context, batch, &answers));
  }
  EXPECT_EQ(ErrorReason(s), "RESPONSE_TOO_LARGE") << s;
  batch.set_max_response_bytes(int64_t{64} << 20);
  {
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(60));
    s = FromGrpcStatus(raised->BatchTagTexts(&context, batch, &answers));
  }
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(answers.responses_size(), 4);
}

TEST(TagTextTest, RejectsInvalidUtf8NamingTheByte) {
  Tagger tagger(LoadCommittedModel());
  v1::TagTextRequest request;
  request.set_text("ok \xff here");
  v1::TagTextResponse response;
  absl::Status s = TagText(tagger, {}, request, &response);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("byte 3"));
}

TEST(TagTextTest, EverySeedTagsWithSpansThatMatchTheirText) {
  const std::string seeds = testing::SharedDir() + "/seeds";
  ASSERT_TRUE(std::filesystem::exists(seeds)) << seeds;
  Tagger tagger(LoadCommittedModel());
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(seeds)) {
    v1::TagTextRequest request;
    request.set_text(testing::ReadFile(entry.path().string()));
    v1::TagTextResponse response;
    ASSERT_TRUE(TagText(tagger, {}, request, &response).ok()) << entry.path();
    const auto& a = response.annotations();
    EXPECT_GT(a.sentences_size(), 3) << entry.path();
    for (const auto& m : a.mentions()) {
      EXPECT_EQ(request.text().substr(m.span().begin(), m.span().end() - m.span().begin()),
                m.text());
      ASSERT_LT(m.entity_index(), a.entities_size());
    }
    ++files;
  }
  EXPECT_EQ(files, 5);
}

}  // namespace
}  // namespace dossier::tagger
