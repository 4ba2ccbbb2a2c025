#include "cli/output.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "cli/command_line.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "common/status.h"
#include "common/time_util.h"
#include "common/utf8.h"
#include "google/protobuf/util/json_util.h"

namespace dossier::cli {

const std::string& Endpoints::address(Service service) const {
  switch (service) {
    case Service::kIngest:
      return ingest;
    case Service::kTagger:
      return tagger;
    case Service::kQuery:
      break;
  }
  return query;
}

const char* ServiceName(Service service) {
  switch (service) {
    case Service::kIngest:
      return "the ingest service";
    case Service::kTagger:
      return "the tagger";
    case Service::kQuery:
      break;
  }
  return "the query service";
}

const char* AddressFlag(Service service) {
  switch (service) {
    case Service::kIngest:
      return "ingest";
    case Service::kTagger:
      return "tagger";
    case Service::kQuery:
      break;
  }
  return "query";
}

namespace {

// gRPC's last error for a connection that failed, after its code and the
// peer ("UNKNOWN: ipv4:127.0.0.1:50053: ").
std::string LastError(const std::string& message) {
  const size_t last = message.find("last error: ");
  const std::string tail = last == std::string::npos ? message : message.substr(last + 12);
  for (const char* scheme : {"ipv4:", "ipv6:", "unix:"}) {
    const size_t at = tail.find(scheme);
    if (at == std::string::npos) continue;
    const size_t end = tail.find(": ", at);
    if (end != std::string::npos) return tail.substr(end + 2);
  }
  return tail;
}

// Why a connection to a listener that is there failed: a TLS setting that
// does not match the service's, or an address that is not a gRPC port. Told
// in terms of the flags that fix it; "" when gRPC's message is none of
// these (nothing listening, no such host).
std::string ListenerTrouble(const grpc::Status& status, Service service,
                            const std::string& address) {
  const std::string lower = absl::AsciiStrToLower(status.error_message());
  const ClientSecurity& security = DefaultClientSecurity();
  const bool tls = !security.tls_ca_file.empty();
  const std::string who = absl::StrCat(ServiceName(service), " at ", address);
  if (absl::StrContains(lower, "wrong version number")) {
    return absl::StrCat(who,
                        " answered the TLS handshake in plain text: it does not serve TLS. "
                        "Leave out --tls_ca, or start it with --tls_cert and --tls_key");
  }
  if (absl::StrContains(lower, "certificate verify failed")) {
    return absl::StrCat("the certificate of ", who, " is not signed by the CA of --tls_ca (",
                        security.tls_ca_file, "), or is out of date");
  }
  if (absl::StrContains(lower, "not in peer certificate")) {
    return absl::StrCat(
        "the certificate of ", who, " is not for the name checked (",
        security.tls_server_name.empty() ? "the address's host" : security.tls_server_name,
        "): --tls_server_name names the one it is for");
  }
  // Not "tcp handshaker shutdown": a connection that timed out.
  if (absl::StrContains(lower, "ssl handshake") || absl::StrContains(lower, "tls handshake")) {
    return absl::StrCat("the TLS handshake with ", who,
                        " failed: ", LastError(status.error_message()));
  }
  // An HTTP/1 server (a metrics port) or another that speaks no HTTP/2.
  if (absl::StrContains(lower, "failed parsing http/2") ||
      absl::StrContains(lower, "http1.x server")) {
    return absl::StrCat(who,
                        " answered, but not in gRPC (HTTP/2): is it the service's gRPC "
                        "address, not its metrics port or another server's?");
  }
  if (absl::StrContains(lower, "socket closed")) {
    return tls ? absl::StrCat(who,
                              " closed the connection during the TLS handshake: if it asks "
                              "clients for a certificate, pass --tls_client_cert and "
                              "--tls_client_key (signed by a CA it trusts)")
               : absl::StrCat(who,
                              " closed the connection at once: if it serves TLS, pass --tls_ca "
                              "(and --tls_client_cert, --tls_client_key if it asks clients for "
                              "a certificate)");
  }
  return "";
}

// gRPC's own words when no connection could be made (refused, no such
// host, nothing listening), as opposed to an UNAVAILABLE a server sends
// (draining, a store that cannot write): Explain then says how to start
// the service.
bool IsUnreachable(const grpc::Status& status) {
  if (status.error_code() != grpc::StatusCode::UNAVAILABLE) return false;
  const std::string message = absl::AsciiStrToLower(status.error_message());
  for (const char* words :
       {"failed to connect", "connection refused", "connections to all backends",
        "dns resolution failed", "name resolution", "empty address list", "connect failed",
        "no route to host"}) {
    if (absl::StrContains(message, words)) return true;
  }
  return false;
}

}  // namespace

namespace {

// The first string of `message` that is not UTF-8: its field's path
// ("filter.outlets") in `*path` and the byte it goes wrong at.
bool FindInvalidUtf8(const google::protobuf::Message& message, const std::string& prefix,
                     std::string* path, int64_t* byte) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string name =
        prefix.empty() ? field->name() : absl::StrCat(prefix, ".", field->name());
    const int n = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < n; ++i) {
      if (field->type() == FieldDescriptor::TYPE_STRING) {
        std::string scratch;
        const std::string& value =
            field->is_repeated()
                ? reflection->GetRepeatedStringReference(message, field, i, &scratch)
                : reflection->GetStringReference(message, field, &scratch);
        if (const int64_t bad = FirstInvalidUtf8(value); bad >= 0) {
          *path = name;
          *byte = bad;
          return true;
        }
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        const google::protobuf::Message& inner =
            field->is_repeated() ? reflection->GetRepeatedMessage(message, field, i)
                                 : reflection->GetMessage(message, field);
        if (FindInvalidUtf8(inner, name, path, byte)) return true;
      }
    }
  }
  return false;
}

}  // namespace

absl::Status CheckUtf8(const google::protobuf::Message& request) {
  std::string path;
  int64_t byte = 0;
  if (!FindInvalidUtf8(request, "", &path, &byte)) return absl::OkStatus();
  return InvalidFieldError(path, "NOT_UTF8",
                           absl::StrCat(path, " is not UTF-8 (byte ", byte,
                                        "): names and words are sent as UTF-8 text"));
}

bool MayConnectOnRetry(const grpc::Status& status) {
  if (status.error_code() != grpc::StatusCode::UNAVAILABLE) return false;
  const std::string message = absl::AsciiStrToLower(status.error_message());
  return absl::StrContains(message, "connection refused") ||
         absl::StrContains(message, "cannot assign requested address");
}

std::string Explain(const grpc::Status& status, Service service, const Endpoints& endpoints) {
  const std::string& address = endpoints.address(service);
  const char* flag = AddressFlag(service);
  if (IsUnreachable(status)) {
    const std::string trouble = ListenerTrouble(status, service, address);
    if (!trouble.empty()) return trouble;
    return absl::StrCat("cannot reach ", ServiceName(service), " at ", address,
                        " — is `tools/up` running? (--", flag, " or $DOSSIER_",
                        absl::AsciiStrToUpper(flag), " give its address)");
  }
  if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return absl::StrCat(ServiceName(service), " at ", address, " did not answer within ",
                        absl::FormatDuration(endpoints.timeout),
                        " (--timeout sets how long to wait)");
  }
  return absl::StrCat(status.error_message(), " (",
                      absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())),
                      ")");
}

int Fail(const std::string& what, const grpc::Status& status, Service service,
         const Endpoints& endpoints) {
  // An argument the service refused is a usage error, as one the command
  // line catches itself: the same exit code and hint, whichever side
  // checked it. Only for the reasons that are about what was typed (a
  // --page_token too, though the service issued it): not a knowledge-base
  // file's content, or a store's own trouble.
  static const auto* const kTypedArguments =
      new absl::flat_hash_set<std::string>{"INVALID_QUERY",
                                           "EMPTY_QUERY",
                                           "PREFIX_TOO_BROAD",
                                           "INVALID_DATE",
                                           "INVALID_COUNT",
                                           "INVALID_PAGE_SIZE",
                                           "INVALID_ENUM",
                                           "TYPE_MISMATCH",
                                           "SAME_ENTITY",
                                           "EMPTY_REFERENCE",
                                           "EMPTY_NAME",
                                           "EMPTY_TEXT",
                                           "TEXT_TOO_LARGE",
                                           "INVALID_DOCUMENT_ID",
                                           "OUTLET_TOO_LONG",
                                           "INVALID_ALIAS",
                                           "ALIAS_NAMES_ANOTHER_ENTITY",
                                           "AMBIGUOUS_ENTITY",
                                           "INVALID_NAME",
                                           "INVALID_PAGE_TOKEN",
                                           "PAGE_TOKEN_MISMATCH",
                                           "INVALID_DATE_RANGE",
                                           "QUERY_TOO_LONG",
                                           "TOO_MANY_VALUES",
                                           "NOT_UTF8",
                                           "SPLIT_OWN_NAME"};
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT &&
      kTypedArguments->contains(ErrorReason(FromGrpcStatus(status)))) {
    const std::string command = what.substr(0, what.find(' '));
    std::fprintf(stderr, "dossier %s: %s (INVALID_ARGUMENT; see `dossier %s --help`)\n",
                 what.c_str(), status.error_message().c_str(), command.c_str());
    return kUsageExitCode;
  }
  std::fprintf(stderr, "dossier %s: %s\n", what.c_str(),
               Explain(status, service, endpoints).c_str());
  return ExitCodeOf(status);
}

int ExitCodeOf(const grpc::Status& status) {
  // Not reachable, or reached and answering UNAVAILABLE, the status that
  // means "retry later" (shutting down, a document still on its way):
  // EX_UNAVAILABLE, which a supervisor or a script can retry on.
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) return kUnreachableExitCode;
  return status.error_code() == grpc::StatusCode::NOT_FOUND ? kNotFoundExitCode : 1;
}

std::string JsonOf(const google::protobuf::Message& message, bool indent, bool defaults) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = indent;
  options.always_print_primitive_fields = defaults;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

void PrintJson(const google::protobuf::Message& message) {
  std::fputs(JsonOf(message, true, /*defaults=*/true).c_str(), stdout);
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

std::string SingleLine(const std::string& s) {
  return absl::StrReplaceAll(s, {{"\r\n", " "}, {"\n", " "}, {"\r", " "}, {"\t", " "}});
}

std::string OneLine(const std::string& s, size_t width) { return Ellipsize(SingleLine(s), width); }

std::string Column(const std::string& s, size_t width) {
  std::string out = OneLine(s, width);
  size_t chars = 0;
  for (const char c : out) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (chars < width) out.append(width - chars, ' ');
  return out;
}

std::string Count(int64_t n, absl::string_view noun) {
  return absl::StrCat(n, " ", noun, n == 1 ? "" : "s");
}

std::string EntityLine(const v1::EntitySummary& e) {
  return absl::StrCat(SingleLine(e.display_name()), " (", TypeName(e.type()), ", ",
                      Count(e.document_count(), "document"), ")");
}

void PrintEntityProfile(const v1::EntityProfile& e) {
  std::printf("%s  %s\n", SingleLine(e.display_name()).c_str(), TypeName(e.type()));
  std::printf("  id          %s\n", e.id().c_str());
  // An entity of one key shows it; a registry entity of several, each.
  if (e.keys().empty()) {
    std::printf("  key         %s\n", e.key().c_str());
  } else {
    std::printf("  keys        %s\n", absl::StrJoin(e.keys(), "; ").c_str());
  }
  std::printf("  documents   %lld\n", static_cast<long long>(e.document_count()));
  std::printf("  mentions    %lld\n", static_cast<long long>(e.mention_count()));
  // "*": only undated documents give the day (the mark the tables use).
  std::printf("  first seen  %s%s\n", FormatDate(e.first_seen()).c_str(),
              e.first_seen_undated() ? "*" : "");
  std::printf("  last seen   %s%s\n", FormatDate(e.last_seen()).c_str(),
              e.last_seen_undated() ? "*" : "");
  const char* label = "written as";
  for (const auto& form : e.surface_forms()) {
    std::printf("  %-10s  %s %5lld\n", label, Column(form.text(), 32).c_str(),
                static_cast<long long>(form.mention_count()));
    label = "";
  }
  if (!e.aliases().empty()) {
    std::printf("  aliases     %s\n", OneLine(absl::StrJoin(e.aliases(), "; "), 200).c_str());
  }
  label = "roles";
  for (const auto& role : e.roles()) {
    const std::string first =
        absl::StrCat(FormatDate(role.first_seen()), role.first_seen_undated() ? "*" : "");
    const std::string last =
        absl::StrCat(FormatDate(role.last_seen()), role.last_seen_undated() ? "*" : "");
    std::printf("  %-10s  %s (%s, %s)\n", label, OneLine(role.title(), 100).c_str(),
                Count(role.document_count(), "document").c_str(),
                first == last ? first.c_str() : absl::StrCat(first, " to ", last).c_str());
    label = "";
  }
  if (!e.external_ids().empty()) {
    std::vector<std::string> ids;
    for (const auto& [kb, id] : e.external_ids()) ids.push_back(absl::StrCat(kb, ":", id));
    std::sort(ids.begin(), ids.end());
    std::printf("  external    %s\n", absl::StrJoin(ids, "  ").c_str());
  }
  if (e.has_coordinates()) {
    std::printf("  coordinates %.4f, %.4f\n", e.coordinates().latitude(),
                e.coordinates().longitude());
  }
  if (!e.merged_ids().empty()) {
    std::printf("  merged      %s\n", absl::StrJoin(e.merged_ids(), " ").c_str());
  }
  bool undated = e.first_seen_undated() || e.last_seen_undated();
  for (const auto& role : e.roles()) {
    undated = undated || role.first_seen_undated() || role.last_seen_undated();
  }
  if (undated) {
    std::printf("  * undated: the day its documents were received (--received), else accepted\n");
  }
}

}  // namespace dossier::cli
