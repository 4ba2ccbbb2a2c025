#include "common/client.h"

#include <grpcpp/support/client_interceptor.h>

#include <algorithm>
#include <thread>

#include "common/binary_file.h"
#include "common/request_id.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace dossier {
namespace {

ClientSecurity& DefaultSecurity() {
  static ClientSecurity* security = new ClientSecurity();
  return *security;
}

// Adds `authorization: Bearer TOKEN` to every call of a channel.
class TokenInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit TokenInterceptor(const std::string* header) : header_(header) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace("authorization", *header_);
    }
    methods->Proceed();
  }

 private:
  const std::string* const header_;
};

class TokenInterceptorFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit TokenInterceptorFactory(const std::string& token) : header_("Bearer " + token) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new TokenInterceptor(&header_);
  }

 private:
  const std::string header_;
};

// Adds `x-request-id` to a call started on a thread acting for a request
// (common/request_id.h). The factory runs on the thread that starts the
// call, so it reads that thread's id; with none, the call gets no
// interceptor and the server makes an id.
class RequestIdInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit RequestIdInterceptor(std::string id) : id_(std::move(id)) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(std::string(kRequestIdKey), id_);
    }
    methods->Proceed();
  }

 private:
  const std::string id_;
};

class RequestIdInterceptorFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    const std::string& id = CurrentRequestId();
    return id.empty() ? nullptr : new RequestIdInterceptor(id);
  }
};

}  // namespace

void SetDefaultClientSecurity(ClientSecurity security) { DefaultSecurity() = std::move(security); }

const ClientSecurity& DefaultClientSecurity() { return DefaultSecurity(); }

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
  return MakeChannel(address, DefaultSecurity());
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address,
                                           const ClientSecurity& security) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(static_cast<int>(kMaxMessageBytes));
  args.SetMaxSendMessageSize(static_cast<int>(kMaxMessageBytes));
  // Reconnect quickly after a peer restarts: the default backoff reaches
  // two minutes, far longer than a service restart takes.
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  // Spread calls over every address a name resolves to (replicas behind a
  // headless Kubernetes Service); the same as pick_first for one address.
  args.SetLoadBalancingPolicyName("round_robin");
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!security.tls_ca_file.empty()) {
    grpc::SslCredentialsOptions tls;
    auto ca = ReadFileBytes(security.tls_ca_file);
    auto cert = security.tls_cert_file.empty() ? absl::StatusOr<std::string>("")
                                               : ReadFileBytes(security.tls_cert_file);
    auto key = security.tls_key_file.empty() ? absl::StatusOr<std::string>("")
                                             : ReadFileBytes(security.tls_key_file);
    if (ca.ok() && cert.ok() && key.ok()) {
      tls.pem_root_certs = *std::move(ca);
      tls.pem_cert_chain = *std::move(cert);
      tls.pem_private_key = *std::move(key);
    } else {
      // An unreadable trust file must not fall back to plaintext: the
      // channel gets roots that trust nothing, so every call fails.
      tls.pem_root_certs = "unreadable";
    }
    credentials = grpc::SslCredentials(tls);
    if (!security.tls_server_name.empty()) {
      args.SetSslTargetNameOverride(security.tls_server_name);
    }
  }
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<RequestIdInterceptorFactory>());
  if (!security.token.empty()) {
    interceptors.push_back(std::make_unique<TokenInterceptorFactory>(security.token));
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(address, credentials, args,
                                                                 std::move(interceptors));
}

void SetDeadline(grpc::ClientContext* context, absl::Duration timeout) {
  context->set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
}

absl::Status WaitForServing(const std::shared_ptr<grpc::Channel>& channel,
                            const std::string& service, absl::Duration timeout) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  const absl::Time deadline = absl::Now() + timeout;
  std::string last = "no answer";
  while (absl::Now() < deadline) {
    grpc::ClientContext context;
    SetDeadline(&context, std::min(absl::Seconds(2), deadline - absl::Now()));
    context.set_wait_for_ready(true);
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status s = stub->Check(&context, request, &response);
    if (s.ok() && response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    last = s.ok() ? "NOT_SERVING" : s.error_message();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return absl::DeadlineExceededError("not SERVING: " + last);
}

}  // namespace dossier
