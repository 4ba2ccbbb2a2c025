// Who may call what: bearer tokens with scopes, and TLS for servers and
// channels.
//
// A server given a token table (ServerOptions.tokens, --auth_tokens) checks
// every call but health and reflection: the `authorization: Bearer TOKEN`
// metadata must name a token of the table (else UNAUTHENTICATED) that has
// one of the scopes the method needs (else PERMISSION_DENIED). Which scopes
// a method needs is said where the service is registered
// (Server::ServiceEntry.scopes); each handler asks CheckAuthorized before it
// does anything, through RunUnary and RunInline (common/reactor.h) or on its
// own in stream handlers. Tokens are compared in constant time and never
// logged; logs name a token by its name in the table.
//
// The token table, one token per line ('#' starts a comment):
//
//   NAME  SCOPE[,SCOPE...]  TOKEN
//   ingest-svc  internal,query  3f0c...        # ingest calling the others
//   analyst     query           9a41...
//
// Scopes: `ingest` (IngestService), `query` (QueryService, TaggerService,
// RegistryService.ListKnownNames), `admin` (curation: RegistryService),
// `internal` (IndexService on the internal listener; also the tagger and
// the known names, for the services calling each other).
#ifndef DOSSIER_COMMON_AUTH_H_
#define DOSSIER_COMMON_AUTH_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dossier {

// A set of scopes, as bits.
using Scopes = uint32_t;
inline constexpr Scopes kScopeIngest = 1u << 0;
inline constexpr Scopes kScopeQuery = 1u << 1;
inline constexpr Scopes kScopeAdmin = 1u << 2;
inline constexpr Scopes kScopeInternal = 1u << 3;

// "ingest,query" -> bits; INVALID_ARGUMENT names an unknown scope.
absl::StatusOr<Scopes> ParseScopes(absl::string_view text);
// Bits -> "ingest,query".
std::string ScopesToString(Scopes scopes);

class TokenTable {
 public:
  struct Entry {
    std::string name;
    Scopes scopes = 0;
  };

  // Parses the file format above; INVALID_ARGUMENT with the line number
  // for a malformed line, a duplicate name or token, or a token shorter
  // than 16 characters.
  static absl::StatusOr<TokenTable> Parse(absl::string_view text);
  static absl::StatusOr<TokenTable> Load(const std::string& path);

  // The entry of `token`; every stored token is compared in constant time,
  // so the time taken does not tell how much of a token was right.
  std::optional<Entry> Find(absl::string_view token) const;

  size_t size() const { return tokens_.size(); }

 private:
  std::vector<std::pair<std::string, Entry>> tokens_;
};

// The metadata key a verdict travels under from the server's interceptor to
// the handler (the interceptor removes any the client sent).
inline constexpr absl::string_view kAuthVerdictKey = "x-dossier-auth-verdict";

// Whether the call of `context` may go on: OK, or UNAUTHENTICATED /
// PERMISSION_DENIED with the reason, or UNAVAILABLE SHUTTING_DOWN when it
// came after its server stopped taking calls. OK on a server without tokens
// and for methods that need none.
absl::Status CheckAuthorized(const grpc::ServerContextBase& context);

// What a server needs to check calls: the table, and the scopes of each
// method by its full name ("/dossier.v1.QueryService/GetDocument").
struct MethodScopes {
  // Full service name ("dossier.v1.QueryService") -> scopes of its methods.
  std::vector<std::pair<std::string, Scopes>> services;
  // Full method name -> scopes, over the service's.
  std::vector<std::pair<std::string, Scopes>> methods;
};

// The interceptor that judges each call; null `tokens`: no checks, but a
// verdict a client sent is still removed. Once `closed` (when not null) is
// true, every call but health and reflection is refused as the server
// shutting down, whatever its token: a drain sets it when it stops taking
// calls, before it tells the clients to go (Server::Shutdown).
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewAuthInterceptorFactory(
    std::shared_ptr<const TokenTable> tokens, MethodScopes scopes,
    std::shared_ptr<const std::atomic<bool>> closed = nullptr);

// TLS of a server: its certificate chain and key (PEM files), and, for
// mutual TLS, the CA whose client certificates it requires.
struct ServerTls {
  std::string cert_file;
  std::string key_file;
  // Set: clients must present a certificate signed by this CA.
  std::string client_ca_file;
  bool enabled() const { return !cert_file.empty(); }
};

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTls& tls);

// How a client reaches a service: a bearer token, and TLS.
struct ClientSecurity {
  // Sent as `authorization: Bearer TOKEN` on every call; empty: none.
  std::string token;
  // Set: TLS, trusting servers signed by this CA (PEM file).
  std::string tls_ca_file;
  // For mutual TLS: this client's certificate chain and key.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Overrides the name checked against the server's certificate (the
  // address's host otherwise).
  std::string tls_server_name;
};

// Reads a token file: its first line, trimmed; INVALID_ARGUMENT when empty.
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

// Whether `listen` ("HOST:PORT") binds only the loopback interface.
bool IsLoopback(absl::string_view listen);

}  // namespace dossier

#endif  // DOSSIER_COMMON_AUTH_H_
