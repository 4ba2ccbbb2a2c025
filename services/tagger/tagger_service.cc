#include "services/tagger/tagger_service.h"

#include "absl/strings/str_cat.h"
#include "common/api_limits.h"
#include "common/reactor.h"
#include "common/status.h"
#include "common/time_util.h"
#include "common/utf8.h"
#include "google/protobuf/io/coded_stream.h"

namespace dossier::tagger {

using text::TokenizedText;

namespace {

// Checks one request; `prefix` names it in errors ("" or "requests[3].").
absl::Status Validate(const TaggerServiceOptions& options, const v1::TagTextRequest& request,
                      const std::string& prefix) {
  const std::string& text = request.text();
  const std::string field = prefix + "text";
  if (text.empty()) {
    return InvalidFieldError(field, "EMPTY_TEXT", absl::StrCat(field, " is empty"));
  }
  if (text.size() > options.max_text_bytes) {
    return InvalidFieldError(
        field, "TEXT_TOO_LARGE",
        absl::StrCat(field, " is ", text.size(), " bytes; the limit is ", options.max_text_bytes));
  }
  if (const int64_t bad = FirstInvalidUtf8(text); bad >= 0) {
    return InvalidFieldError(field, "TEXT_NOT_UTF8",
                             absl::StrCat(field, " is not valid UTF-8 at byte ", bad));
  }
  if (request.has_document_date() && !FromProtoDate(request.document_date()).has_value()) {
    const std::string date = prefix + "document_date";
    return InvalidFieldError(date, "INVALID_DATE",
                             absl::StrCat(date, " is not a valid calendar date"));
  }
  DOSSIER_RETURN_IF_ERROR(
      CheckEnum(v1::EncodingType_IsValid(request.encoding_type()), prefix + "encoding_type"));
  if (request.outlet().size() > kMaxOutletBytes) {
    const std::string outlet = prefix + "outlet";
    return InvalidFieldError(outlet, "OUTLET_TOO_LONG",
                             absl::StrCat(outlet, " is ", request.outlet().size(),
                                          " bytes; the limit is ", kMaxOutletBytes));
  }
  return absl::OkStatus();
}

// The answer's bytes per byte of text, above what news needs: measured on
// every 20th BBC article, annotations alone (no tokens) took at most 2.7
// bytes per byte of text (median 1.2), and synthetic texts dense in names,
// quotes or dates up to 3.0; with tokens, at most 6.5 on BBC (median 4.7)
// and 7.4 on a run of one-letter sentences. A text estimated over the cap
// is refused unread; the rare one the estimate underrates is caught as it
// is tagged (AnswerTooLarge below).
constexpr size_t kAnswerBytesPerTextByte = 3;
constexpr size_t kAnswerBytesPerTextByteWithTokens = 8;
// A response's fixed part (tagger version, framing).
constexpr size_t kAnswerOverheadBytes = 64;

size_t EstimatedAnswerBytes(const v1::TagTextRequest& request) {
  return request.text().size() * (request.include_tokens() ? kAnswerBytesPerTextByteWithTokens
                                                           : kAnswerBytesPerTextByte) +
         kAnswerOverheadBytes;
}

// Bytes of a length-delimited field of `n` bytes.
size_t FieldBytes(size_t n) {
  return 1 + google::protobuf::io::CodedOutputStream::VarintSize64(n) + n;
}

// `what` says how large the answer is, or would be.
absl::Status AnswerTooLarge(absl::string_view field, absl::string_view what, size_t limit) {
  return InvalidFieldError(
      field, "RESPONSE_TOO_LARGE",
      absl::StrCat("the answer ", what, "; this call's answer may be at most ", limit,
                   " bytes (max_response_bytes): send fewer or shorter texts per call, or, from "
                   "a client that receives more, a larger max_response_bytes"));
}

// The answer's budget for a request's max_response_bytes (`asked`).
absl::StatusOr<size_t> ResponseBudget(const TaggerServiceOptions& options, int64_t asked) {
  if (asked < 0) {
    return InvalidFieldError(
        "max_response_bytes", "INVALID_RESPONSE_LIMIT",
        absl::StrCat("max_response_bytes is ", asked, "; give a size in bytes, or 0 for 3 MiB"));
  }
  if (asked == 0) return std::min(options.default_response_bytes, options.max_response_bytes);
  return std::min(static_cast<size_t>(asked), options.max_response_bytes);
}

// Tags a validated request.
void Tag(const Tagger& tagger, const v1::TagTextRequest& request, v1::TagTextResponse* response) {
  const std::string& text = request.text();
  TagOptions tag_options;
  if (request.has_document_date()) {
    tag_options.document_date = FromProtoDate(request.document_date());
  }
  tag_options.outlet = request.outlet();
  TokenizedText tokens;
  *response->mutable_annotations() =
      tagger.Tag(text, tag_options, request.include_tokens() ? &tokens : nullptr);
  if (request.include_tokens()) {
    for (size_t s = 0; s < tokens.sentences.size(); ++s) {
      for (int t = tokens.sentences[s].begin; t < tokens.sentences[s].end; ++t) {
        v1::Token* token = response->add_tokens();
        token->mutable_span()->set_begin(tokens.tokens[t].begin);
        token->mutable_span()->set_end(tokens.tokens[t].end);
        token->set_text(tokens.tokens[t].text);
        token->set_sentence_index(static_cast<int32_t>(s));
      }
    }
    ConvertTokenOffsets(text, request.encoding_type(), response->mutable_tokens());
  }
  ConvertAnnotationOffsets(text, request.encoding_type(), response->mutable_annotations());
}

}  // namespace

absl::Status TagText(const Tagger& tagger, const TaggerServiceOptions& options,
                     const v1::TagTextRequest& request, v1::TagTextResponse* response) {
  DOSSIER_RETURN_IF_ERROR(Validate(options, request, ""));
  DOSSIER_ASSIGN_OR_RETURN(const size_t budget,
                           ResponseBudget(options, request.max_response_bytes()));
  if (const size_t estimate = EstimatedAnswerBytes(request); estimate > budget) {
    return AnswerTooLarge("text", absl::StrCat("would be about ", estimate, " bytes"), budget);
  }
  Tag(tagger, request, response);
  if (const size_t bytes = response->ByteSizeLong(); bytes > budget) {
    response->Clear();
    return AnswerTooLarge("text", absl::StrCat("is ", bytes, " bytes"), budget);
  }
  return absl::OkStatus();
}

absl::Status BatchTagTexts(const Tagger& tagger, const TaggerServiceOptions& options,
                           const v1::BatchTagTextsRequest& request,
                           v1::BatchTagTextsResponse* response) {
  if (request.requests_size() > options.max_batch) {
    return InvalidFieldError("requests", "BATCH_TOO_LARGE",
                             absl::StrCat("at most ", options.max_batch, " texts per call; got ",
                                          request.requests_size()));
  }
  DOSSIER_ASSIGN_OR_RETURN(const size_t budget,
                           ResponseBudget(options, request.max_response_bytes()));
  size_t estimate = 0;
  for (int i = 0; i < request.requests_size(); ++i) {
    DOSSIER_RETURN_IF_ERROR(
        Validate(options, request.requests(i), absl::StrCat("requests[", i, "].")));
    estimate += FieldBytes(EstimatedAnswerBytes(request.requests(i)));
  }
  if (estimate > budget) {
    return AnswerTooLarge("requests", absl::StrCat("would be about ", estimate, " bytes"), budget);
  }
  size_t bytes = 0;
  for (int i = 0; i < request.requests_size(); ++i) {
    v1::TagTextResponse* answer = response->add_responses();
    Tag(tagger, request.requests(i), answer);
    bytes += FieldBytes(answer->ByteSizeLong());
    if (bytes > budget) {
      // Stop here rather than tag the rest for an answer gRPC would drop.
      response->Clear();
      return AnswerTooLarge("requests",
                            absl::StrCat("passed ", bytes, " bytes at requests[", i, "]"), budget);
    }
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* TaggerServiceImpl::BatchTagTexts(grpc::CallbackServerContext* context,
                                                           const v1::BatchTagTextsRequest* request,
                                                           v1::BatchTagTextsResponse* response) {
  return RunUnary(context, pool_, [this, request, response] {
    return tagger::BatchTagTexts(*tagger_, options_, *request, response);
  });
}

grpc::ServerUnaryReactor* TaggerServiceImpl::TagText(grpc::CallbackServerContext* context,
                                                     const v1::TagTextRequest* request,
                                                     v1::TagTextResponse* response) {
  return RunUnary(context, pool_, [this, request, response] {
    return tagger::TagText(*tagger_, options_, *request, response);
  });
}

}  // namespace dossier::tagger
