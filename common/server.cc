#include "common/server.h"

#include <errno.h>
#include <grpc/grpc.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/support/server_interceptor.h>
#include <signal.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/notification.h"
#include "common/grpc_status.h"
#include "common/reflection_v1.h"
#include "common/request_id.h"
#include "common/status.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace dossier {
namespace {

absl::Status WritePortFile(const std::string& path, const std::string& address) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << address << "\n";
    out.flush();
    if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", tmp));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat("cannot rename ", tmp, ": ", ec.message()));
  }
  return absl::OkStatus();
}

}  // namespace

std::string RequestIdOf(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(grpc::string_ref(kRequestIdKey.data(), kRequestIdKey.size()));
  if (it == metadata.end()) return std::string();
  return std::string(it->second.data(), it->second.size());
}

void DrainableCall::Hold() {
  absl::MutexLock lock(&hold_mu_);
  ++holds_;
}

bool DrainableCall::Release() {
  bool destroy;
  {
    absl::MutexLock lock(&hold_mu_);
    --holds_;
    destroy = done_ && holds_ == 0;
  }
  if (destroy) delete this;
  return destroy;
}

void DrainableCall::DoneUnlessHeld() {
  bool destroy;
  {
    absl::MutexLock lock(&hold_mu_);
    done_ = true;
    destroy = holds_ == 0;
  }
  if (destroy) delete this;
}

DrainPhase OpenCalls::Add(DrainableCall* call) {
  absl::MutexLock lock(&mu_);
  calls_.insert(call);
  return phase_.load(std::memory_order_relaxed);
}

void OpenCalls::Remove(DrainableCall* call) {
  absl::MutexLock lock(&mu_);
  calls_.erase(call);
}

void OpenCalls::Enter(DrainPhase phase) {
  std::vector<DrainableCall*> calls;
  {
    absl::MutexLock lock(&mu_);
    if (phase <= phase_.load(std::memory_order_relaxed)) return;
    phase_.store(phase, std::memory_order_release);
    calls.reserve(calls_.size());
    for (DrainableCall* call : calls_) {
      call->Hold();
      calls.push_back(call);
    }
  }
  for (DrainableCall* call : calls) {
    call->OnDrainPhase(phase);
    call->Release();
  }
}

// grpc.health.v1.Health, in place of gRPC's default service, whose Watch
// streams never end on their own (they held every drain for its whole
// timeout) and whose Check cannot answer NOT_SERVING while the port still
// serves. Every registered name (and "") is SERVING until the drain, then
// NOT_SERVING; an unknown name is NOT_FOUND to Check and SERVICE_UNKNOWN to
// Watch.
class HealthService final : public grpc::health::v1::Health::CallbackService {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  explicit HealthService(const std::vector<std::string>& names)
      : names_(names.begin(), names.end()) {}

  grpc::ServerUnaryReactor* Check(grpc::CallbackServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  grpc::health::v1::HealthCheckResponse* response) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    const ServingStatus status = StatusOf(request->service());
    if (status == grpc::health::v1::HealthCheckResponse::SERVICE_UNKNOWN) {
      reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND,
                                   absl::StrCat("no service \"", request->service(), "\" here")));
    } else {
      response->set_status(status);
      reactor->Finish(grpc::Status::OK);
    }
    return reactor;
  }

  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override;

  // Lock-free (immutable names, an atomic phase): reactors call it under
  // their own lock.
  ServingStatus StatusOf(const std::string& service) const {
    if (!names_.contains(service)) {
      return grpc::health::v1::HealthCheckResponse::SERVICE_UNKNOWN;
    }
    return watches_.phase() == DrainPhase::kServing
               ? grpc::health::v1::HealthCheckResponse::SERVING
               : grpc::health::v1::HealthCheckResponse::NOT_SERVING;
  }

  OpenCalls* watches() { return &watches_; }

 private:
  const absl::flat_hash_set<std::string> names_;
  OpenCalls watches_;
};

namespace {

// One Watch: writes the status, then each change; ends (UNAVAILABLE) when
// the drain reaches kEnding, after telling the last status.
//
// Lifetime: deleted by OnDone, or by the Release() of a drain holding it.
class HealthWatch final : public grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>,
                          public DrainableCall {
 public:
  HealthWatch(HealthService* health, std::string service)
      : health_(health), service_(std::move(service)) {
    if (health_->watches()->Add(this) == DrainPhase::kEnding) {
      absl::MutexLock lock(&mu_);
      ending_ = true;
    }
    Step();
  }

  void OnWriteDone(bool ok) override {
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      if (!ok) cancelled_ = true;
    }
    Step();
  }

  void OnCancel() override {
    {
      absl::MutexLock lock(&mu_);
      cancelled_ = true;
    }
    Step();
  }

  void OnDone() override {
    health_->watches()->Remove(this);
    DoneUnlessHeld();
  }

  void OnDrainPhase(DrainPhase phase) override {
    if (phase == DrainPhase::kEnding) {
      absl::MutexLock lock(&mu_);
      ending_ = true;
    }
    Step();
  }

 private:
  // Decides under the lock, acts outside it.
  void Step() {
    bool write = false, finish = false;
    grpc::Status status;
    {
      absl::MutexLock lock(&mu_);
      if (writing_ || finished_) return;
      const HealthService::ServingStatus now = health_->StatusOf(service_);
      if (cancelled_) {
        finish = true;
        status = grpc::Status(grpc::StatusCode::CANCELLED, "the watch was cancelled");
      } else if (!sent_any_ || now != sent_) {
        sent_any_ = true;
        sent_ = now;
        response_.set_status(now);
        writing_ = true;
        write = true;
      } else if (ending_) {
        finish = true;
        status = ToGrpcStatus(ShuttingDownError());
      }
      finished_ = finish;
    }
    if (write) StartWrite(&response_);
    if (finish) Finish(status);
  }

  HealthService* const health_;
  const std::string service_;
  grpc::health::v1::HealthCheckResponse response_;  // owned by the pending write

  absl::Mutex mu_;
  bool sent_any_ ABSL_GUARDED_BY(mu_) = false;
  HealthService::ServingStatus sent_ ABSL_GUARDED_BY(mu_) =
      grpc::health::v1::HealthCheckResponse::UNKNOWN;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool ending_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

// Counts the calls in flight: gRPC makes one interceptor per call when the
// call starts and destroys it when the call is done. It also answers a
// unary request whose bytes do not parse as the method's request message
// with INVALID_ARGUMENT saying so, where gRPC itself ends the call with
// UNIMPLEMENTED and no message. (A stream's message that does not parse
// ends its reading as the client's end does; the two cannot be told apart
// here.)
class CallCounter final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallCounter(std::shared_ptr<CallLedger> calls) : calls_(std::move(calls)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new Counted(calls_.get(), info);
  }

 private:
  class Counted final : public grpc::experimental::Interceptor {
   public:
    Counted(CallLedger* calls, grpc::experimental::ServerRpcInfo* info)
        : calls_(calls),
          ticket_(calls->Begin()),
          unary_(info->type() == grpc::experimental::ServerRpcInfo::Type::UNARY),
          method_(info->method() != nullptr ? info->method() : "") {}
    ~Counted() override { calls_->End(ticket_); }
    void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
      using grpc::experimental::InterceptionHookPoints;
      if (unary_ &&
          methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
          methods->GetRecvMessage() == nullptr) {
        unparsed_ = true;
      }
      if (unparsed_ &&
          methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
        const grpc::Status sent = methods->GetSendStatus();
        if (sent.error_code() == grpc::StatusCode::UNIMPLEMENTED && sent.error_message().empty()) {
          methods->ModifySendStatus(ToGrpcStatus(ErrorWithReason(
              absl::StatusCode::kInvalidArgument, "UNPARSEABLE_REQUEST",
              absl::StrCat("the request to ", method_,
                           " does not parse as its request message: truncated or corrupt "
                           "bytes, a string that is not UTF-8, or a message of another type"))));
        }
      }
      methods->Proceed();
    }

   private:
    CallLedger* const calls_;
    const uint64_t ticket_;
    const bool unary_;
    const std::string method_;
    bool unparsed_ = false;
  };

  const std::shared_ptr<CallLedger> calls_;
};

// Counts, times and logs every call: one interceptor per call, made when
// the call starts and destroyed when it is done, when the outcome is
// recorded. It also settles the call's request id (RequestIdOf) and answers
// it in the initial metadata.
class RpcObserver final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `services`: the full names of the services the server has; calls to
  // any other are counted as one, service and method "unknown", so that a
  // client cannot make a series per name it invents.
  RpcObserver(std::shared_ptr<metrics::Registry> registry, log::Level level,
              const std::vector<std::string>& services)
      : registry_(std::move(registry)), level_(level), services_(services.begin(), services.end()) {
    if (registry_ != nullptr) {
      calls_ = registry_->AddCounterFamily("grpc_server_handled_total",
                                           "Calls finished, by method and status code.",
                                           {"grpc_service", "grpc_method", "grpc_code"});
      durations_ = registry_->AddHistogramFamily(
          "grpc_server_handling_seconds",
          "Time from a call's start to its end (a stream's whole life), by method.",
          {"grpc_service", "grpc_method"}, metrics::LatencyBuckets());
    }
  }

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new Observed(this, info);
  }

 private:
  // A method's counters by code and its histogram, made on its first call.
  struct Instruments {
    std::string service, method;
    std::array<std::atomic<metrics::Counter*>, 17> by_code{};
    metrics::Histogram* duration = nullptr;
  };

  class Observed final : public grpc::experimental::Interceptor {
   public:
    Observed(RpcObserver* observer, grpc::experimental::ServerRpcInfo* info)
        : observer_(observer),
          info_(info),
          method_(info->method() != nullptr ? info->method() : ""),
          start_(absl::Now()) {}

    void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
      using grpc::experimental::InterceptionHookPoints;
      if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
        auto* metadata = methods->GetRecvInitialMetadata();
        const grpc::string_ref key(kRequestIdKey.data(), kRequestIdKey.size());
        for (auto it = metadata->find(key); it != metadata->end() && it->first == key;) {
          if (request_id_.empty()) {
            request_id_ = CleanRequestId(absl::string_view(it->second.data(), it->second.size()));
          }
          it = metadata->erase(it);
        }
        if (request_id_.empty()) request_id_ = NewRequestId();
        metadata->emplace(key, grpc::string_ref(request_id_));
        peer_ = info_->server_context()->peer();
      }
      if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
        methods->GetSendInitialMetadata()->emplace(std::string(kRequestIdKey), request_id_);
      }
      if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
        const grpc::Status status = methods->GetSendStatus();
        code_ = status.error_code();
        if (!status.ok()) error_ = status.error_message();
      }
      methods->Proceed();
    }

    ~Observed() override { observer_->Record(*this); }

   private:
    friend class RpcObserver;
    RpcObserver* const observer_;
    grpc::experimental::ServerRpcInfo* const info_;
    // A copy: the name a call to an unknown method is served by (gRPC's
    // generic context) is gone before this is destroyed.
    const std::string method_;
    const absl::Time start_;
    std::string request_id_;
    std::string peer_;
    // A call that ends without a status sent was cancelled.
    grpc::StatusCode code_ = grpc::StatusCode::CANCELLED;
    std::string error_;
  };

  Instruments* For(absl::string_view method) {
    {
      absl::ReaderMutexLock lock(&mu_);
      if (auto it = methods_.find(method); it != methods_.end()) return it->second.get();
    }
    absl::MutexLock lock(&mu_);
    auto& slot = methods_[method];
    if (slot == nullptr) {
      slot = std::make_unique<Instruments>();
      absl::string_view rest = method;
      absl::ConsumePrefix(&rest, "/");
      const size_t slash = rest.find('/');
      slot->service = std::string(rest.substr(0, slash));
      slot->method = slash == absl::string_view::npos ? "" : std::string(rest.substr(slash + 1));
      slot->duration = durations_->Get({slot->service, slot->method});
    }
    return slot.get();
  }

  void Record(const Observed& call) {
    const absl::Duration took = absl::Now() - call.start_;
    const int code = static_cast<int>(call.code_);
    const std::string code_name = absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
    const absl::string_view method = call.method_;
    if (registry_ != nullptr && code >= 0 && code < 17) {
      absl::string_view service = method;
      absl::ConsumePrefix(&service, "/");
      service = service.substr(0, service.find('/'));
      Instruments* instruments = For(services_.contains(service) ? method : "/unknown/unknown");
      metrics::Counter* counter = instruments->by_code[code].load(std::memory_order_acquire);
      if (counter == nullptr) {
        counter = calls_->Get({instruments->service, instruments->method, code_name});
        instruments->by_code[code].store(counter, std::memory_order_release);
      }
      counter->Add();
      instruments->duration->Observe(absl::ToDoubleSeconds(took));
    }
    // Probes call health every second or two: their lines are for debugging.
    const bool probe =
        absl::StartsWith(method, "/grpc.health.") || absl::StartsWith(method, "/grpc.reflection.");
    const log::Level level = probe ? log::Level::kDebug : level_;
    if (!log::Enabled(level)) return;
    log::Fields fields;
    fields.Str("method", method)
        .Str("request_id", call.request_id_)
        .Str("code", code_name)
        .Num("duration_ms", absl::ToDoubleMicroseconds(took) / 1000.0)
        .Str("peer", call.peer_);
    if (!call.error_.empty()) fields.Str("error", call.error_.substr(0, 512));
    log::Write(level, "rpc", fields);
  }

  const std::shared_ptr<metrics::Registry> registry_;
  const log::Level level_;
  const absl::flat_hash_set<std::string> services_;
  metrics::Registry::CounterFamily* calls_ = nullptr;
  metrics::Registry::HistogramFamily* durations_ = nullptr;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<Instruments>> methods_ ABSL_GUARDED_BY(mu_);
};

// Waits at most `timeout` for SIGTERM or SIGINT (blocked in the caller);
// returns the signal, or 0 when none came.
int WaitForTerminationSignalFor(absl::Duration timeout) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return 0;
    const timespec wait = absl::ToTimespec(left);
    const int sig = sigtimedwait(&set, nullptr, &wait);
    if (sig > 0) return sig;
    if (errno != EINTR) return 0;  // EAGAIN: the time is up
  }
}

}  // namespace

grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* HealthService::Watch(
    grpc::CallbackServerContext* context, const grpc::health::v1::HealthCheckRequest* request) {
  return new HealthWatch(this, request->service());
}

namespace {

// The host as given ("0.0.0.0", "127.0.0.1", "[::]") with the real port.
std::string BoundAddress(const std::string& listen, int port) {
  const size_t colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
  if (host.empty() || host == "0.0.0.0" || host == "[::]") host = "127.0.0.1";
  return absl::StrCat(host, ":", port);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::BuildAndStart(
    const ServerOptions& options, const std::vector<ServiceEntry>& services) {
  // Health is ours (HealthService); reflection describes it from the
  // linked descriptor.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(false);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::unique_ptr<Server> server(new Server());
  server->options_ = options;
  const bool split = !options.internal_listen.empty();
  std::vector<std::string> names = {""};
  std::vector<std::string> internal_names = {""};
  MethodScopes scopes;
  for (const auto& entry : services) {
    (split && entry.internal ? internal_names : names).push_back(entry.name);
    if (entry.on_drain) server->drain_hooks_.push_back(entry.on_drain);
    if (entry.scopes != 0) scopes.services.emplace_back(entry.name, entry.scopes);
    for (const auto& m : entry.method_scopes) scopes.methods.push_back(m);
  }
  DOSSIER_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                           MakeServerCredentials(options.tls));

  if (!options.metrics_listen.empty() && server->options_.metrics == nullptr) {
    server->options_.metrics = std::make_shared<metrics::Registry>();
  }
  if (server->options_.metrics != nullptr) {
    server->options_.metrics->AddCollector([calls = server->calls_](metrics::Exposition* out) {
      out->Family("grpc_server_calls_in_flight", "gauge",
                  "Calls started and not yet finished, on every listener (an open stream "
                  "counts until it ends).");
      out->Sample("grpc_server_calls_in_flight", {}, static_cast<double>(calls->InFlight()));
    });
  }
  // Nothing to count or log: no interceptor to pay for.
  const bool observe = server->options_.metrics != nullptr || log::Enabled(options.rpc_log_level);

  // One gRPC server per listener: a gRPC server serves all its services on
  // all its ports, and the internal ones must not be on the public port.
  const auto build = [&](const std::string& listen, bool internal, HealthService* health,
                         int* port) -> std::unique_ptr<grpc::Server> {
    grpc::ServerBuilder builder;
    // gRPC would share a port another process already listens on
    // (SO_REUSEPORT), and a second instance would take half the calls
    // unnoticed: it fails to start instead.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    builder.AddListeningPort(listen, credentials, port);
    builder.SetMaxReceiveMessageSize(options.max_message_bytes);
    builder.SetMaxSendMessageSize(options.max_message_bytes);
    std::vector<std::string> listed = {"grpc.health.v1.Health",
                                       "grpc.reflection.v1.ServerReflection",
                                       "grpc.reflection.v1alpha.ServerReflection"};
    for (const auto& entry : services) {
      if (!split || entry.internal == internal) {
        builder.RegisterService(entry.service);
        listed.push_back(entry.name);
      }
    }
    builder.RegisterService(health);
    server->reflections_.push_back(std::make_unique<ReflectionV1>(listed));
    builder.RegisterService(server->reflections_.back().get());
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        interceptors;
    interceptors.push_back(std::make_unique<CallCounter>(server->calls_));
    if (observe) {
      interceptors.push_back(
          std::make_unique<RpcObserver>(server->options_.metrics, options.rpc_log_level, listed));
    }
    interceptors.push_back(NewAuthInterceptorFactory(options.tokens, scopes, server->closed_));
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
    return builder.BuildAndStart();
  };

  server->health_ = std::make_unique<HealthService>(names);
  server->server_ = build(options.listen, false, server->health_.get(), &server->port_);
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  server->address_ = BoundAddress(options.listen, server->port_);
  if (split) {
    int port = 0;
    server->internal_health_ = std::make_unique<HealthService>(internal_names);
    server->internal_server_ =
        build(options.internal_listen, true, server->internal_health_.get(), &port);
    if (server->internal_server_ == nullptr || port == 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on ", options.internal_listen, " (internal)"));
    }
    server->internal_address_ = BoundAddress(options.internal_listen, port);
  }

  if (!options.metrics_listen.empty()) {
    DOSSIER_ASSIGN_OR_RETURN(
        server->metrics_server_,
        metrics::MetricsServer::Start(options.metrics_listen, server->options_.metrics));
    if (!options.metrics_port_file.empty()) {
      DOSSIER_RETURN_IF_ERROR(
          WritePortFile(options.metrics_port_file, server->metrics_server_->address()));
    }
  }
  if (!options.port_file.empty()) {
    DOSSIER_RETURN_IF_ERROR(WritePortFile(options.port_file, server->address_));
  }
  if (split && !options.internal_port_file.empty()) {
    DOSSIER_RETURN_IF_ERROR(WritePortFile(options.internal_port_file, server->internal_address_));
  }
  return server;
}

uint64_t CallLedger::Begin() {
  absl::MutexLock lock(&mu_);
  open_.insert(next_);
  return next_++;
}

void CallLedger::End(uint64_t ticket) {
  absl::MutexLock lock(&mu_);
  open_.erase(ticket);
}

int64_t CallLedger::InFlight() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int64_t>(open_.size());
}

uint64_t CallLedger::Next() const {
  absl::MutexLock lock(&mu_);
  return next_;
}

bool CallLedger::AwaitEndOfCallsBefore(uint64_t ticket, absl::Time deadline) const {
  absl::MutexLock lock(&mu_);
  const auto ended = [this, ticket]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return open_.empty() || *open_.begin() >= ticket;
  };
  return mu_.AwaitWithDeadline(absl::Condition(&ended), deadline);
}

Server::~Server() { Shutdown(); }

void Server::EnterPhase(DrainPhase phase) {
  if (phase <= phase_) return;
  phase_ = phase;
  // Health first when draining (probes see it before work is refused);
  // streams of services first when ending.
  const auto tell_health = [this, phase] {
    health_->watches()->Enter(phase);
    if (internal_health_ != nullptr) internal_health_->watches()->Enter(phase);
  };
  if (phase == DrainPhase::kDraining) tell_health();
  for (const auto& hook : drain_hooks_) hook(phase);
  if (phase == DrainPhase::kEnding) tell_health();
}

void Server::Drain() {
  if (shut_down_ || server_ == nullptr) return;
  EnterPhase(DrainPhase::kDraining);
  if (options_.drain_grace > absl::ZeroDuration()) {
    WaitForTerminationSignalFor(options_.drain_grace);
  }
  Shutdown();
}

void Server::Shutdown() {
  if (shut_down_ || server_ == nullptr) return;
  shut_down_ = true;
  EnterPhase(DrainPhase::kDraining);
  EnterPhase(DrainPhase::kEnding);
  const absl::Time deadline = absl::Now() + options_.drain_timeout;
  // The server stops taking calls itself first (the auth interceptor
  // refuses each new one, UNAVAILABLE SHUTTING_DOWN), and waits for those
  // it took, at most the drain timeout; only then does gRPC's shutdown
  // tell the clients to go (GOAWAY, then a PING). gRPC closes a connection
  // the moment its last call ends once the client has acknowledged that
  // PING, and a client acknowledges it when it reads it. Told while a call
  // was in flight, a client acknowledged it at once, and its connection
  // was closed right after the call's last bytes were written, before the
  // client had read them: the kernel then resets the connection (a drain
  // test saw "Connection reset by peer" on a 3 MB text's answer in CI).
  // Told after the calls ended, the PING follows their answers on the
  // connection, so a client that acknowledges it has read them all. Until
  // then a client that keeps its connection here is refused, with a
  // RetryInfo, rather than told to go: the grace window before (health
  // NOT_SERVING) is what moves balancers to other replicas.
  closed_->store(true);
  calls_->AwaitEndOfCallsBefore(calls_->Next(), deadline);
  // gRPC's shutdown also waits for every client connection to close, which
  // an idle client only does when its library next polls the socket (every
  // 5 s for a C++ client between calls). So once no call is left, the
  // connections are cut; the count must have stayed at zero for a quarter
  // of a second, time for a client to read what it was answered.
  absl::Notification stopped;
  std::thread cutter([this, &stopped] {
    // The first look comes after gRPC's shutdown began (it takes no new
    // call), so that the count can only fall.
    absl::Time idle_since = absl::InfiniteFuture();
    while (!stopped.WaitForNotificationWithTimeout(absl::Milliseconds(50))) {
      if (calls_->InFlight() != 0) continue;
      const absl::Time now = absl::Now();
      if (idle_since == absl::InfiniteFuture()) idle_since = now;
      if (now - idle_since >= absl::Milliseconds(250)) {
        grpc_server_cancel_all_calls(server_->c_server());
        if (internal_server_ != nullptr) {
          grpc_server_cancel_all_calls(internal_server_->c_server());
        }
      }
    }
  });
  const auto grpc_deadline = absl::ToChronoTime(deadline);
  // Both listeners drain at once: ingest's deliveries on the internal one
  // finish while the public one finishes its calls.
  std::thread internal_shutdown;
  if (internal_server_ != nullptr) {
    internal_shutdown =
        std::thread([this, grpc_deadline] { internal_server_->Shutdown(grpc_deadline); });
  }
  server_->Shutdown(grpc_deadline);
  if (internal_shutdown.joinable()) internal_shutdown.join();
  stopped.Notify();
  cutter.join();
  server_->Wait();
  if (internal_server_ != nullptr) internal_server_->Wait();
}

void BlockTerminationSignals() {
  // A shell starts background jobs with SIGINT ignored, and an ignored
  // signal is discarded rather than left for sigwait: restore the default.
  signal(SIGTERM, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A peer closing a socket must not kill the process.
  signal(SIGPIPE, SIG_IGN);
}

namespace {
int Wait(bool hangup) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  while (true) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig != SIGHUP || hangup) return sig;
  }
}
}  // namespace

int WaitForTerminationSignal() { return Wait(/*hangup=*/false); }

int WaitForSignal() { return Wait(/*hangup=*/true); }

}  // namespace dossier
