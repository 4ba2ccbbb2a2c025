#include "common/auth.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/support/server_interceptor.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/binary_file.h"
#include "common/status.h"

namespace dossier {
namespace {

constexpr std::pair<absl::string_view, Scopes> kScopeNames[] = {
    {"ingest", kScopeIngest},
    {"query", kScopeQuery},
    {"admin", kScopeAdmin},
    {"internal", kScopeInternal},
};

constexpr size_t kMinTokenLength = 16;

// Equal in time that depends only on the lengths.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
  const size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? a[i] : 0;
    const unsigned char y = i < b.size() ? b[i] : 0;
    diff = diff | (x ^ y);
  }
  return diff == 0;
}

bool IsExempt(absl::string_view method) {
  return absl::StartsWith(method, "/grpc.health.v1.Health/") ||
         absl::StartsWith(method, "/grpc.reflection.");
}

// The verdict on a call that came after its server stopped taking calls.
constexpr absl::string_view kClosedVerdict = "closed:";

// One per call: judges it when its metadata arrives.
class AuthInterceptor final : public grpc::experimental::Interceptor {
 public:
  // gRPC makes it when the call starts, which for a unary call is before
  // its request has all come: whether the server had stopped taking calls
  // is decided then (a large request still arriving is a call taken).
  AuthInterceptor(const TokenTable* tokens, Scopes required, const std::atomic<bool>* closed)
      : tokens_(tokens), required_(required), closed_(closed != nullptr && closed->load()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* metadata = methods->GetRecvInitialMetadata();
      // A verdict is ours to give, never the client's.
      for (auto it = metadata->begin(); it != metadata->end();) {
        if (absl::string_view(it->first.data(), it->first.size()) == kAuthVerdictKey) {
          it = metadata->erase(it);
        } else {
          ++it;
        }
      }
      if (closed_ && required_ != 0) {
        verdict_ = std::string(kClosedVerdict);
      } else if (tokens_ != nullptr && required_ != 0) {
        verdict_ = Judge(*metadata);
      }
      if (!verdict_.empty()) {
        metadata->emplace(grpc::string_ref(kAuthVerdictKey.data(), kAuthVerdictKey.size()),
                          grpc::string_ref(verdict_));
      }
    }
    methods->Proceed();
  }

 private:
  std::string Judge(const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) const {
    auto it = metadata.find("authorization");
    if (it == metadata.end()) {
      return "missing:no token: send the metadata \"authorization: Bearer TOKEN\"";
    }
    absl::string_view value(it->second.data(), it->second.size());
    if (!absl::ConsumePrefix(&value, "Bearer ") && !absl::ConsumePrefix(&value, "bearer ")) {
      return "unauthenticated:the authorization metadata is not \"Bearer TOKEN\"";
    }
    const auto entry = tokens_->Find(absl::StripAsciiWhitespace(value));
    if (!entry.has_value()) return "unauthenticated:unknown token";
    if ((entry->scopes & required_) == 0) {
      return absl::StrCat("denied:the token \"", entry->name, "\" has the scopes ",
                          ScopesToString(entry->scopes), "; this method needs ",
                          ScopesToString(required_));
    }
    return "ok";
  }

  const TokenTable* const tokens_;
  const Scopes required_;
  const bool closed_;
  // Referred to by the call's metadata until the call is done, which is
  // when gRPC destroys this interceptor.
  std::string verdict_;
};

class AuthInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  AuthInterceptorFactory(std::shared_ptr<const TokenTable> tokens, MethodScopes scopes,
                         std::shared_ptr<const std::atomic<bool>> closed)
      : tokens_(std::move(tokens)), closed_(std::move(closed)) {
    for (auto& [service, s] : scopes.services) services_[service] = s;
    for (auto& [method, s] : scopes.methods) methods_[method] = s;
  }

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new AuthInterceptor(tokens_.get(), Required(info->method()), closed_.get());
  }

 private:
  // The scopes `method` needs: none for health and reflection; a method of
  // a service registered without scopes needs `admin`, so that forgetting
  // to say closes rather than opens it.
  Scopes Required(absl::string_view method) const {
    if (IsExempt(method)) return 0;
    if (auto it = methods_.find(method); it != methods_.end()) return it->second;
    absl::string_view service = method;
    absl::ConsumePrefix(&service, "/");
    service = service.substr(0, service.find('/'));
    if (auto it = services_.find(service); it != services_.end()) return it->second;
    return kScopeAdmin;
  }

  const std::shared_ptr<const TokenTable> tokens_;
  const std::shared_ptr<const std::atomic<bool>> closed_;
  absl::flat_hash_map<std::string, Scopes> services_;
  absl::flat_hash_map<std::string, Scopes> methods_;
};

}  // namespace

absl::StatusOr<Scopes> ParseScopes(absl::string_view text) {
  Scopes scopes = 0;
  for (absl::string_view name : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    name = absl::StripAsciiWhitespace(name);
    bool known = false;
    for (const auto& [n, bit] : kScopeNames) {
      if (n == name) {
        scopes |= bit;
        known = true;
      }
    }
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown scope \"", name, "\" (ingest, query, admin, internal)"));
    }
  }
  if (scopes == 0) return absl::InvalidArgumentError("no scope");
  return scopes;
}

std::string ScopesToString(Scopes scopes) {
  std::vector<absl::string_view> names;
  for (const auto& [n, bit] : kScopeNames) {
    if (scopes & bit) names.push_back(n);
  }
  return names.empty() ? "(none)" : absl::StrJoin(names, ",");
}

absl::StatusOr<TokenTable> TokenTable::Parse(absl::string_view text) {
  TokenTable table;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    if (size_t hash = line.find('#'); hash != absl::string_view::npos) line = line.substr(0, hash);
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    if (fields.empty()) continue;
    const auto bad = [line_number](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat("token table, line ", line_number, ": ", why));
    };
    if (fields.size() != 3) return bad("expected NAME SCOPE[,SCOPE...] TOKEN");
    auto scopes = ParseScopes(fields[1]);
    if (!scopes.ok()) return bad(scopes.status().message());
    if (fields[2].size() < kMinTokenLength) {
      return bad(absl::StrCat("the token of \"", fields[0], "\" is shorter than ", kMinTokenLength,
                              " characters"));
    }
    for (const auto& [token, entry] : table.tokens_) {
      if (entry.name == fields[0]) return bad(absl::StrCat("\"", fields[0], "\" again"));
      if (token == fields[2])
        return bad(absl::StrCat("the token of \"", fields[0], "\" is also \"", entry.name, "\"'s"));
    }
    table.tokens_.push_back({std::string(fields[2]), Entry{std::string(fields[0]), *scopes}});
  }
  return table;
}

absl::StatusOr<TokenTable> TokenTable::Load(const std::string& path) {
  DOSSIER_ASSIGN_OR_RETURN(std::string text, ReadFileBytes(path));
  auto table = Parse(text);
  if (!table.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", table.status().message()));
  }
  if (table->size() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": no token"));
  }
  return table;
}

std::optional<TokenTable::Entry> TokenTable::Find(absl::string_view token) const {
  std::optional<Entry> found;
  // Every token is compared, so that the time does not tell which matched.
  for (const auto& [t, entry] : tokens_) {
    if (ConstantTimeEquals(t, token)) found = entry;
  }
  return found;
}

absl::Status CheckAuthorized(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(grpc::string_ref(kAuthVerdictKey.data(), kAuthVerdictKey.size()));
  if (it == metadata.end()) return absl::OkStatus();
  absl::string_view verdict(it->second.data(), it->second.size());
  if (verdict == "ok") return absl::OkStatus();
  if (verdict == kClosedVerdict) return ShuttingDownError();
  if (absl::ConsumePrefix(&verdict, "denied:")) {
    return ErrorWithReason(absl::StatusCode::kPermissionDenied, "SCOPE_MISSING", verdict);
  }
  if (absl::ConsumePrefix(&verdict, "missing:")) {
    return ErrorWithReason(absl::StatusCode::kUnauthenticated, "TOKEN_MISSING", verdict);
  }
  absl::ConsumePrefix(&verdict, "unauthenticated:");
  return ErrorWithReason(absl::StatusCode::kUnauthenticated, "TOKEN_INVALID", verdict);
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewAuthInterceptorFactory(
    std::shared_ptr<const TokenTable> tokens, MethodScopes scopes,
    std::shared_ptr<const std::atomic<bool>> closed) {
  return std::make_unique<AuthInterceptorFactory>(std::move(tokens), std::move(scopes),
                                                  std::move(closed));
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTls& tls) {
  if (!tls.enabled()) return grpc::InsecureServerCredentials();
  if (tls.key_file.empty()) {
    return absl::InvalidArgumentError("--tls_cert needs --tls_key");
  }
  DOSSIER_ASSIGN_OR_RETURN(std::string cert, ReadFileBytes(tls.cert_file));
  DOSSIER_ASSIGN_OR_RETURN(std::string key, ReadFileBytes(tls.key_file));
  grpc::SslServerCredentialsOptions options(
      tls.client_ca_file.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                 : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  if (!tls.client_ca_file.empty()) {
    DOSSIER_ASSIGN_OR_RETURN(options.pem_root_certs, ReadFileBytes(tls.client_ca_file));
  }
  options.pem_key_cert_pairs.push_back({key, cert});
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  DOSSIER_ASSIGN_OR_RETURN(std::string text, ReadFileBytes(path));
  absl::string_view token = text;
  token = token.substr(0, token.find('\n'));
  token = absl::StripAsciiWhitespace(token);
  if (token.empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": no token"));
  return std::string(token);
}

bool IsLoopback(absl::string_view listen) {
  absl::string_view host = listen;
  if (size_t colon = host.rfind(':'); colon != absl::string_view::npos)
    host = host.substr(0, colon);
  absl::ConsumePrefix(&host, "[");
  absl::ConsumeSuffix(&host, "]");
  return host == "localhost" || host == "::1" || absl::StartsWith(host, "127.") ||
         absl::StartsWith(host, "unix:");
}

}  // namespace dossier
