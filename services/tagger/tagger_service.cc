#include "services/tagger/tagger_service.h"

#include "absl/strings/str_cat.h"
#include "common/reactor.h"
#include "common/status.h"
#include "common/time_util.h"
#include "common/utf8.h"

namespace dossier::tagger {

absl::Status TagText(const Tagger& tagger, const TaggerServiceOptions& options,
                     const v1::TagTextRequest& request,
                     v1::TagTextResponse* response) {
  const std::string& text = request.text();
  if (text.empty()) {
    return InvalidFieldError("text", "EMPTY_TEXT", "text is empty");
  }
  if (text.size() > options.max_text_bytes) {
    return InvalidFieldError(
        "text", "TEXT_TOO_LARGE",
        absl::StrCat("text is ", text.size(), " bytes; the limit is ",
                     options.max_text_bytes));
  }
  if (const int64_t bad = FirstInvalidUtf8(text); bad >= 0) {
    return InvalidFieldError(
        "text", "TEXT_NOT_UTF8",
        absl::StrCat("text is not valid UTF-8 at byte ", bad));
  }
  TagOptions tag_options;
  if (request.has_document_date()) {
    tag_options.document_date = FromProtoDate(request.document_date());
    if (!tag_options.document_date.has_value()) {
      return InvalidFieldError("document_date", "INVALID_DATE",
                               "document_date is not a valid calendar date");
    }
  }
  TokenizedText tokens;
  *response->mutable_annotations() = tagger.Tag(
      text, tag_options, request.include_tokens() ? &tokens : nullptr);
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
    ConvertTokenOffsets(text, request.encoding_type(),
                        response->mutable_tokens());
  }
  ConvertAnnotationOffsets(text, request.encoding_type(),
                           response->mutable_annotations());
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* TaggerServiceImpl::TagText(
    grpc::CallbackServerContext* context, const v1::TagTextRequest* request,
    v1::TagTextResponse* response) {
  return RunUnary(context, pool_, [this, request, response] {
    return tagger::TagText(*tagger_, options_, *request, response);
  });
}

}  // namespace dossier::tagger
