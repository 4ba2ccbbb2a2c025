// What every command of the `dossier` CLI prints the same way: errors,
// JSON, entity types and lines, counts and columns; and how it calls an
// RPC under the command's deadline.
#ifndef DOSSIER_CLI_OUTPUT_H_
#define DOSSIER_CLI_OUTPUT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "dossier/v1/entity.pb.h"
#include "google/protobuf/message.h"
#include "grpcpp/grpcpp.h"

namespace dossier::cli {

// The services a command calls.
enum class Service { kIngest, kTagger, kQuery };

struct Endpoints {
  std::string ingest = "127.0.0.1:50051";
  std::string tagger = "127.0.0.1:50052";
  std::string query = "127.0.0.1:50053";
  // Deadline of each call.
  absl::Duration timeout = absl::Seconds(30);
  bool json = false;

  const std::string& address(Service service) const;
};

// "the query service", "the tagger".
const char* ServiceName(Service service);
// The flag of its address: "ingest", "tagger" or "query".
const char* AddressFlag(Service service);

// Exit codes beside 0, 1 and 64 (cli/command_line.h), from sysexits.h.
inline constexpr int kNotFoundExitCode = 3;
inline constexpr int kUnreachableExitCode = 69;  // EX_UNAVAILABLE
inline constexpr int kCannotWriteExitCode = 73;  // EX_CANTCREAT: an output file

// What a failed call means to the person who typed the command, in one
// line: a service that cannot be reached is named with its address and
// what starts it; one that is there but whose TLS does not match the
// client's (no TLS, another CA, another name, no client certificate), or
// an address that is not a gRPC port, with the flags that fix it; a
// deadline with the flag that sets it; any other error is the server's
// message with its code.
std::string Explain(const grpc::Status& status, Service service, const Endpoints& endpoints);

// The exit code of a failed call: kUnreachableExitCode when the service
// could not be reached or answered UNAVAILABLE (retry later: shutting
// down, or a delete's document still on its way when the wait ended),
// kNotFoundExitCode for NOT_FOUND, else 1.
int ExitCodeOf(const grpc::Status& status);

// Prints "dossier WHAT: " and Explain's line on stderr, and returns
// ExitCodeOf the status. An argument the service refused for what was
// typed (INVALID_ARGUMENT with a reason such as INVALID_QUERY or
// TYPE_MISMATCH) is a usage error: its message with the hint of where help
// is, and kUsageExitCode.
int Fail(const std::string& what, const grpc::Status& status, Service service,
         const Endpoints& endpoints);

// The protobuf JSON mapping of `message`, indented or on one line; with
// `defaults`, fields at their default value too ("deleted": false).
std::string JsonOf(const google::protobuf::Message& message, bool indent, bool defaults = false);

// JsonOf(message, indented, with defaults), on stdout: a count that is
// zero is there as 0, so that a script reads every field the same way.
void PrintJson(const google::protobuf::Message& message);

// "PERSON", "ORG", "LOCATION", "MISC".
const char* TypeName(v1::EntityType type);

// A name as one line: a wire's hard-wrapped text puts line breaks inside
// names ("Gordon\nBrown"), which would break a table.
std::string SingleLine(const std::string& s);

// `s` on one line, cut to `width` bytes with an ellipsis.
std::string OneLine(const std::string& s, size_t width);
// `s` on one line, cut to `width` characters and padded to them: columns
// line up whatever the script ("Vučić" is five characters, seven bytes).
std::string Column(const std::string& s, size_t width);

// "1 document", "3 documents".
std::string Count(int64_t n, absl::string_view noun);

// "Aleksandar Vučić (PERSON, 3 documents)".
std::string EntityLine(const v1::EntitySummary& e);

// An entity's profile as `dossier entity` prints it: id, keys, counts,
// first and last seen, spellings, aliases, roles, external ids,
// coordinates and the ids merged into it.
void PrintEntityProfile(const v1::EntityProfile& e);

// INVALID_ARGUMENT (reason NOT_UTF8) naming the first string field of
// `request`, however deep, that is not UTF-8, which protobuf would refuse
// to send (the server would see a request it cannot parse); OK otherwise.
// A command line's arguments are bytes, whatever the terminal's encoding.
absl::Status CheckUtf8(const google::protobuf::Message& request);

// Whether a call failed because its connection was refused, or the machine
// had no local port to make it from: the request never left, and a moment
// later it may. Not a listener that answered wrongly (a TLS or HTTP/2
// mismatch), whose first words are the ones that explain it.
bool MayConnectOnRetry(const grpc::Status& status);

// Calls `method` on `stub` under the command's deadline. A call that
// MayConnectOnRetry is tried twice more, 0.2 s and 0.4 s later: a
// connection refused for a moment (a listener's backlog full under load,
// the machine short of local ports) is no outage, and a service that is
// not there is still said to be down within a second.
template <typename Stub, typename Request, typename Response>
grpc::Status Call(Stub& stub,
                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request, Response* response, const Endpoints& endpoints) {
  if (const absl::Status utf8 = CheckUtf8(request); !utf8.ok()) return ToGrpcStatus(utf8);
  for (int attempt = 0;; ++attempt) {
    grpc::ClientContext context;
    SetDeadline(&context, endpoints.timeout);
    const grpc::Status status = (stub.*method)(&context, request, response);
    if (attempt == 2 || !MayConnectOnRetry(status)) return status;
    absl::SleepFor(absl::Milliseconds(200 << attempt));
  }
}

}  // namespace dossier::cli

#endif  // DOSSIER_CLI_OUTPUT_H_
