// Who may call what, on the real binaries: every method every service
// offers (found through reflection, so that a new RPC cannot be forgotten)
// refuses a call without a token, with an unknown token and with a token
// that lacks the method's scope, and lets the right token through; the
// internal write path is not on the public port and stores a document only
// under its own id; TLS, mutual TLS included, carries the suite end to end.
#include <grpcpp/generic/generic_stub.h>

#include <fstream>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "common/ids.h"
#include "common/status.h"
#include "dossier/internal/v1/index_service.grpc.pb.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/certificates.h"
#include "tests/support/cli_run.h"
#include "tests/support/cluster.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier {
namespace {

using testing::Cluster;
using ::testing::HasSubstr;
using testing::RunCli;
using testing::Service;
using testing::TempDir;
using testing::WaitUntil;

namespace reflection = grpc::reflection::v1;

// Tokens of the table the services load, by scope.
constexpr char kIngestToken[] = "ingest-token-0123456789";
constexpr char kQueryToken[] = "query-token-0123456789";
constexpr char kAdminToken[] = "admin-token-0123456789";
constexpr char kInternalToken[] = "internal-token-0123456789";

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

struct Method {
  std::string path;  // "/dossier.v1.QueryService/GetDocument"
  bool streaming = false;
};

// The services reflection v1alpha lists at `address` (what older clients
// ask). v1alpha's messages are v1's on the wire; its stubs are not linked
// here, since gRPC's reflection library registers the same descriptors.
std::set<std::string> ListServicesV1Alpha(const std::string& address) {
  grpc::GenericStub stub(MakeChannel(address, {}));
  grpc::ClientContext context;
  SetDeadline(&context, absl::Seconds(10));
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(
      &context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  void* tag;
  bool ok;
  call->StartCall(reinterpret_cast<void*>(1));
  cq.Next(&tag, &ok);
  reflection::ServerReflectionRequest request;
  request.set_list_services("");
  const std::string bytes = request.SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer out(&slice, 1);
  call->Write(out, reinterpret_cast<void*>(2));
  cq.Next(&tag, &ok);
  grpc::ByteBuffer in;
  call->Read(&in, reinterpret_cast<void*>(3));
  cq.Next(&tag, &ok);
  std::set<std::string> names;
  std::vector<grpc::Slice> slices;
  if (ok && in.Dump(&slices).ok()) {
    std::string answer;
    for (const auto& s : slices) answer.append(reinterpret_cast<const char*>(s.begin()), s.size());
    reflection::ServerReflectionResponse response;
    if (response.ParseFromString(answer)) {
      for (const auto& s : response.list_services_response().service()) names.insert(s.name());
    }
  }
  call->WritesDone(reinterpret_cast<void*>(4));
  cq.Next(&tag, &ok);
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return names;
}

// The methods of every service `address` offers, but health and
// reflection, as reflection v1 describes them.
std::vector<Method> ListMethods(const std::string& address, const ClientSecurity& security) {
  auto stub = reflection::ServerReflection::NewStub(MakeChannel(address, security));
  grpc::ClientContext context;
  SetDeadline(&context, absl::Seconds(10));
  auto stream = stub->ServerReflectionInfo(&context);
  reflection::ServerReflectionRequest request;
  request.set_list_services("");
  reflection::ServerReflectionResponse response;
  EXPECT_TRUE(stream->Write(request) && stream->Read(&response));
  std::vector<std::string> services;
  std::set<std::string> all;
  for (const auto& s : response.list_services_response().service()) all.insert(s.name());
  // v1 and v1alpha agree on what is served.
  EXPECT_EQ(all, ListServicesV1Alpha(address)) << address;
  for (const auto& s : response.list_services_response().service()) {
    if (!absl::StartsWith(s.name(), "grpc.")) services.push_back(s.name());
  }
  std::vector<Method> methods;
  for (const std::string& service : services) {
    request.set_file_containing_symbol(service);
    EXPECT_TRUE(stream->Write(request) && stream->Read(&response)) << service;
    for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
      google::protobuf::FileDescriptorProto file;
      file.ParseFromString(bytes);
      for (const auto& s : file.service()) {
        if (absl::StrCat(file.package(), ".", s.name()) != service) continue;
        for (const auto& m : s.method()) {
          methods.push_back({absl::StrCat("/", service, "/", m.name()),
                             m.client_streaming() || m.server_streaming()});
        }
      }
    }
  }
  stream->WritesDone();
  stream->Finish();
  return methods;
}

// Calls `method` with one empty request (every field at its default) and
// returns how the call ended. Streams that would go on (a watch) are cut by
// the deadline: DEADLINE_EXCEEDED then means the call was let in.
grpc::Status CallWithEmptyRequest(const std::string& address, const ClientSecurity& security,
                                  const Method& method) {
  grpc::GenericStub stub(MakeChannel(address, security));
  grpc::ClientContext context;
  SetDeadline(&context, absl::Seconds(method.streaming ? 2 : 10));
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(&context, method.path, &cq);
  void* tag;
  bool ok;
  call->StartCall(reinterpret_cast<void*>(1));
  cq.Next(&tag, &ok);
  grpc::ByteBuffer empty;
  grpc::Slice nothing("", 0);
  empty = grpc::ByteBuffer(&nothing, 1);
  call->Write(empty, reinterpret_cast<void*>(2));
  cq.Next(&tag, &ok);
  call->WritesDone(reinterpret_cast<void*>(3));
  cq.Next(&tag, &ok);
  // Read what the server answers until it ends the stream; then its
  // status.
  grpc::ByteBuffer answer;
  do {
    call->Read(&answer, reinterpret_cast<void*>(5));
    cq.Next(&tag, &ok);
  } while (ok);
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(4));
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return status;
}

// The scope each method needs, as the services are meant to ask for it.
std::string ScopeOf(const std::string& method) {
  // Takedowns and re-tags are for admins.
  if (method == "/dossier.v1.IngestService/DeleteDocument") return "admin";
  if (method == "/dossier.v1.IngestService/RetagDocuments") return "admin";
  if (absl::StartsWith(method, "/dossier.v1.IngestService/")) return "ingest";
  if (absl::StartsWith(method, "/dossier.v1.QueryService/")) return "query";
  if (absl::StartsWith(method, "/dossier.v1.TaggerService/")) return "query";
  if (method == "/dossier.v1.RegistryService/ListKnownNames") return "query";
  if (absl::StartsWith(method, "/dossier.v1.RegistryService/")) return "admin";
  if (absl::StartsWith(method, "/dossier.internal.v1.IndexService/")) return "internal";
  return "?";
}

std::string TokenFor(const std::string& scope) {
  if (scope == "ingest") return kIngestToken;
  if (scope == "query") return kQueryToken;
  if (scope == "admin") return kAdminToken;
  return kInternalToken;
}

// A token whose scopes do not include `scope`.
std::string TokenWithout(const std::string& scope) {
  return scope == "ingest" ? kQueryToken : kIngestToken;
}

class SecurityTest : public ::testing::Test {
 protected:
  // Every service checks tokens (and serves `server_flags`); ingest and the
  // tagger call the others with the services' token (and `client_flags`).
  void StartWithTokens(const std::vector<std::string>& server_flags = {},
                       const std::vector<std::string>& client_flags = {},
                       const ClientSecurity& base = {}) {
    WriteFile(dir_.Sub("tokens"),
              absl::StrCat("# name scopes token\n",               //
                           "writer ingest ", kIngestToken, "\n",  //
                           "reader query ", kQueryToken, "\n",    //
                           "curator admin ", kAdminToken, "\n",   //
                           "services internal,query ", kInternalToken, "\n"));
    WriteFile(dir_.Sub("service-token"), absl::StrCat(kInternalToken, "\n"));
    std::vector<std::string> serving = {"--auth_tokens=" + dir_.Sub("tokens")};
    for (const auto& f : server_flags) serving.push_back(f);
    std::vector<std::string> calling = serving;
    calling.push_back("--token_file=" + dir_.Sub("service-token"));
    for (const auto& f : client_flags) calling.push_back(f);
    cluster_.SetFlags(Service::kQuery, serving);
    cluster_.SetFlags(Service::kTagger, calling);
    cluster_.SetFlags(Service::kIngest, calling);
    // The cluster checks health, which needs no token, but over the same
    // TLS as every call.
    SetDefaultClientSecurity(base);
    const absl::Status started = cluster_.StartAll();
    ASSERT_TRUE(started.ok()) << started;
  }

  void TearDown() override { SetDefaultClientSecurity({}); }

  TempDir dir_;
  Cluster cluster_{dir_.path()};
};

TEST_F(SecurityTest, EveryMethodNeedsATokenWithItsScope) {
  StartWithTokens();
  const std::vector<std::string> addresses = {
      cluster_.address(Service::kIngest), cluster_.address(Service::kTagger),
      cluster_.address(Service::kQuery), cluster_.internal_address()};
  std::set<std::string> seen;
  for (const std::string& address : addresses) {
    for (const Method& method : ListMethods(address, {})) {
      seen.insert(method.path);
      const std::string scope = ScopeOf(method.path);
      ASSERT_NE(scope, "?") << method.path << " is a method this test does not know";
      SCOPED_TRACE(method.path);

      const grpc::Status none = CallWithEmptyRequest(address, {}, method);
      EXPECT_EQ(none.error_code(), grpc::StatusCode::UNAUTHENTICATED) << none.error_message();
      EXPECT_EQ(ErrorReason(FromGrpcStatus(none)), "TOKEN_MISSING");

      ClientSecurity wrong;
      wrong.token = "not-a-token-of-the-table";
      const grpc::Status unknown = CallWithEmptyRequest(address, wrong, method);
      EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNAUTHENTICATED);
      EXPECT_THAT(unknown.error_message(), HasSubstr("unknown token"));
      EXPECT_EQ(ErrorReason(FromGrpcStatus(unknown)), "TOKEN_INVALID");
      // The token itself is never repeated back.
      EXPECT_THAT(unknown.error_message(), ::testing::Not(HasSubstr(wrong.token)));

      ClientSecurity lacking;
      lacking.token = TokenWithout(scope);
      const grpc::Status denied = CallWithEmptyRequest(address, lacking, method);
      EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED) << denied.error_message();
      EXPECT_EQ(ErrorReason(FromGrpcStatus(denied)), "SCOPE_MISSING");

      ClientSecurity right;
      right.token = TokenFor(scope);
      const grpc::Status let_in = CallWithEmptyRequest(address, right, method);
      EXPECT_NE(let_in.error_code(), grpc::StatusCode::UNAUTHENTICATED) << let_in.error_message();
      EXPECT_NE(let_in.error_code(), grpc::StatusCode::PERMISSION_DENIED) << let_in.error_message();
    }
  }
  // Every service was reached, the internal one only on its own port.
  EXPECT_TRUE(seen.count("/dossier.v1.IngestService/IngestDocument"));
  EXPECT_TRUE(seen.count("/dossier.v1.TaggerService/TagText"));
  EXPECT_TRUE(seen.count("/dossier.v1.QueryService/SearchDocuments"));
  EXPECT_TRUE(seen.count("/dossier.v1.RegistryService/MergeEntities"));
  EXPECT_TRUE(seen.count("/dossier.internal.v1.IndexService/IndexDocuments"));
  for (const Method& m : ListMethods(cluster_.address(Service::kQuery), {})) {
    EXPECT_FALSE(absl::StartsWith(m.path, "/dossier.internal.")) << m.path << " on the public port";
  }

  // Health needs no token: probes have none.
  EXPECT_TRUE(
      WaitForServing(MakeChannel(cluster_.address(Service::kQuery), {}), "", absl::Seconds(5))
          .ok());

  // With the right tokens the suite works: the services reach each other
  // with theirs, and a user ingests and reads with the CLI.
  const std::string seeds = testing::SharedDir() + "/seeds";
  const std::vector<std::string> args = cluster_.WithCliFlags({"ingest", seeds});
  setenv("DOSSIER_TOKEN", kIngestToken, 1);
  const testing::CliRun ingest = RunCli(dir_, args, absl::Minutes(2));
  unsetenv("DOSSIER_TOKEN");
  ASSERT_EQ(ingest.exit_code, 0) << ingest.output << ingest.log;
  ClientSecurity reader;
  reader.token = kQueryToken;
  auto query = v1::QueryService::NewStub(MakeChannel(cluster_.address(Service::kQuery), reader));
  EXPECT_TRUE(WaitUntil(
      [&] {
        grpc::ClientContext context;
        SetDeadline(&context, absl::Seconds(5));
        v1::SearchDocumentsRequest request;
        request.set_query("Zakharova");
        v1::SearchDocumentsResponse response;
        return query->SearchDocuments(&context, request, &response).ok() &&
               response.hits_size() > 0;
      },
      absl::Seconds(60)));
  // A writer's token does not read.
  ClientSecurity writer;
  writer.token = kIngestToken;
  auto as_writer =
      v1::QueryService::NewStub(MakeChannel(cluster_.address(Service::kQuery), writer));
  grpc::ClientContext context;
  v1::ListDocumentsRequest list;
  v1::ListDocumentsResponse listed;
  EXPECT_EQ(as_writer->ListDocuments(&context, list, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Logs name tokens by name, never by value.
  for (Service s : {Service::kIngest, Service::kTagger, Service::kQuery}) {
    const std::string log = testing::ReadFile(cluster_.log(s));
    for (const char* token : {kIngestToken, kQueryToken, kAdminToken, kInternalToken}) {
      EXPECT_THAT(log, ::testing::Not(HasSubstr(token)));
    }
  }
}

TEST_F(SecurityTest, ADocumentIsStoredOnlyUnderItsOwnId) {
  StartWithTokens();
  ClientSecurity services;
  services.token = kInternalToken;
  // The real article's id, and a forged text under it.
  const std::string real = "The real article, as the outlet published it.";
  v1::Document forged;
  forged.set_id(DocumentIdForText(real));
  forged.set_text("A forged article that would be served under the real one's id.");
  internal::v1::IndexDocumentsRequest request;
  *request.add_documents() = forged;

  // Not on the public port at all.
  {
    auto stub = internal::v1::IndexService::NewStub(
        MakeChannel(cluster_.address(Service::kQuery), services));
    grpc::ClientContext context;
    internal::v1::IndexDocumentsResponse response;
    EXPECT_EQ(stub->IndexDocuments(&context, request, &response).error_code(),
              grpc::StatusCode::UNIMPLEMENTED);
  }
  auto stub =
      internal::v1::IndexService::NewStub(MakeChannel(cluster_.internal_address(), services));
  // Not with a reader's token.
  {
    ClientSecurity reader;
    reader.token = kQueryToken;
    auto as_reader =
        internal::v1::IndexService::NewStub(MakeChannel(cluster_.internal_address(), reader));
    grpc::ClientContext context;
    internal::v1::IndexDocumentsResponse response;
    EXPECT_EQ(as_reader->IndexDocuments(&context, request, &response).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  // Not under an id its text does not give, even with the services' token.
  {
    grpc::ClientContext context;
    internal::v1::IndexDocumentsResponse response;
    const grpc::Status s = stub->IndexDocuments(&context, request, &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(s.error_message(), HasSubstr("not the id of its text"));
  }
  // Nor under a client key's id with another key.
  {
    v1::Document keyed = forged;
    keyed.set_client_key("someone-elses-key");
    keyed.set_id(DocumentIdForClientKey("the-real-key"));
    internal::v1::IndexDocumentsRequest keyed_request;
    *keyed_request.add_documents() = keyed;
    grpc::ClientContext context;
    internal::v1::IndexDocumentsResponse response;
    EXPECT_EQ(stub->IndexDocuments(&context, keyed_request, &response).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  // Nothing of it was stored.
  ClientSecurity reader;
  reader.token = kQueryToken;
  auto query = v1::QueryService::NewStub(MakeChannel(cluster_.address(Service::kQuery), reader));
  grpc::ClientContext context;
  v1::GetDocumentRequest get;
  get.set_name(DocumentName(DocumentIdForText(real)));
  v1::GetDocumentResponse got;
  EXPECT_EQ(query->GetDocument(&context, get, &got).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(SecurityTest, ANonLoopbackAddressNeedsTokensOrAnExplicitFlag) {
  const std::string bin = testing::BinDir() + "/dossier-tagger";
  auto refused = testing::Process::Start({bin, "--listen=0.0.0.0:0"}, dir_.Sub("open.log"));
  ASSERT_TRUE(refused.ok());
  auto code = refused->Wait(absl::Seconds(30));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_NE(*code, 0);
  EXPECT_THAT(testing::ReadFile(dir_.Sub("open.log")),
              HasSubstr("without authentication: give --auth_tokens"));

  auto allowed = testing::Process::Start({bin, "--listen=0.0.0.0:0", "--allow_unauthenticated",
                                          "--port_file=" + dir_.Sub("open.port")},
                                         dir_.Sub("allowed.log"));
  ASSERT_TRUE(allowed.ok());
  EXPECT_TRUE(testing::WaitForFile(dir_.Sub("open.port"), absl::Seconds(30)).ok())
      << testing::ReadFile(dir_.Sub("allowed.log"));
  allowed->Signal(SIGTERM);
  (void)allowed->Wait(absl::Seconds(30));
}

TEST_F(SecurityTest, MutualTlsCarriesTheSuiteEndToEnd) {
  auto certificates = testing::MakeCertificates(dir_);
  ASSERT_TRUE(certificates.ok()) << certificates.status();
  const testing::Certificates& c = *certificates;
  ClientSecurity tls;
  tls.tls_ca_file = c.ca;
  tls.tls_cert_file = c.client_cert;
  tls.tls_key_file = c.client_key;
  StartWithTokens(
      {"--tls_cert=" + c.server_cert, "--tls_key=" + c.server_key, "--tls_client_ca=" + c.ca},
      {"--tls_ca=" + c.ca, "--tls_client_cert=" + c.client_cert,
       "--tls_client_key=" + c.client_key},
      tls);

  // The CLI over mutual TLS with a token.
  const std::vector<std::string> args = cluster_.WithCliFlags(
      {"ingest", testing::SharedDir() + "/seeds", "--tls_ca=" + c.ca,
       "--tls_client_cert=" + c.client_cert, "--tls_client_key=" + c.client_key});
  setenv("DOSSIER_TOKEN", kIngestToken, 1);
  const testing::CliRun ingest = RunCli(dir_, args, absl::Minutes(2));
  unsetenv("DOSSIER_TOKEN");
  ASSERT_EQ(ingest.exit_code, 0) << ingest.output << ingest.log;

  // Tagged and indexed through TLS between the services.
  ClientSecurity reader = tls;
  reader.token = kQueryToken;
  auto query = v1::QueryService::NewStub(MakeChannel(cluster_.address(Service::kQuery), reader));
  EXPECT_TRUE(WaitUntil(
      [&] {
        grpc::ClientContext context;
        SetDeadline(&context, absl::Seconds(5));
        v1::ListDocumentsRequest request;
        v1::ListDocumentsResponse response;
        return query->ListDocuments(&context, request, &response).ok() &&
               response.documents_size() == 5;
      },
      absl::Seconds(90)));

  // Plaintext, or TLS without a client certificate, does not get in.
  ClientSecurity plain;
  plain.token = kQueryToken;
  ClientSecurity no_client_cert;
  no_client_cert.tls_ca_file = tls.tls_ca_file;
  no_client_cert.token = kQueryToken;
  for (const ClientSecurity& s : {plain, no_client_cert}) {
    auto stub = v1::QueryService::NewStub(MakeChannel(cluster_.address(Service::kQuery), s));
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(5));
    v1::ListDocumentsRequest request;
    v1::ListDocumentsResponse response;
    EXPECT_EQ(stub->ListDocuments(&context, request, &response).error_code(),
              grpc::StatusCode::UNAVAILABLE);
  }

  // The CLI names a TLS mismatch as one, in one line, rather than as a
  // service that is down.
  testing::TempDir other_dir;
  auto other = testing::MakeCertificates(other_dir);
  ASSERT_TRUE(other.ok()) << other.status();
  const std::string query_flag = "--query=" + cluster_.address(Service::kQuery);
  for (const auto& [flags, expected] :
       std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{}, "closed the connection at once: if it serves TLS, pass --tls_ca"},
           {{"--tls_ca=" + c.ca},
            "closed the connection during the TLS handshake: if it asks "
            "clients for a certificate, pass --tls_client_cert"},
           {{"--tls_ca=" + other->ca, "--tls_client_cert=" + c.client_cert,
             "--tls_client_key=" + c.client_key},
            "is not signed by the CA of --tls_ca (" + other->ca + ")"}}) {
    std::vector<std::string> args = {"list", query_flag};
    args.insert(args.end(), flags.begin(), flags.end());
    const testing::CliRun run = RunCli(dir_, args);
    EXPECT_EQ(run.exit_code, 69) << run.log;
    EXPECT_THAT(run.log, ::testing::HasSubstr(expected));
    EXPECT_THAT(run.log, ::testing::Not(::testing::HasSubstr("tools/up"))) << run.log;
    EXPECT_EQ(std::count(run.log.begin(), run.log.end(), '\n'), 1) << run.log;
  }
}

}  // namespace
}  // namespace dossier
