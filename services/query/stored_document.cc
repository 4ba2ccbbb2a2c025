#include "services/query/stored_document.h"

#include <zstd.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "dossier/store/v1/store.pb.h"
#include "services/query/doc_table.h"
#include "text/fold.h"

namespace dossier::query {
namespace {

constexpr char kFormatTag = '\0';
// Patches are tiny and written once: a middle level buys most of the size.
constexpr int kPatchLevel = 6;

struct ZstdContexts {
  ZstdContexts() : compress(ZSTD_createCCtx()), decompress(ZSTD_createDCtx()) {}
  ~ZstdContexts() {
    ZSTD_freeCCtx(compress);
    ZSTD_freeDCtx(decompress);
  }
  ZSTD_CCtx* compress;
  ZSTD_DCtx* decompress;
};

// Contexts are reused per thread: making one costs more than a patch.
ZstdContexts& Contexts() {
  thread_local ZstdContexts contexts;
  return contexts;
}

std::string Patch(absl::string_view base, absl::string_view target) {
  std::string out(ZSTD_compressBound(target.size()), '\0');
  const size_t n = ZSTD_compress_usingDict(Contexts().compress, out.data(), out.size(),
                                           target.data(), target.size(), base.data(),
                                           base.size(), kPatchLevel);
  if (ZSTD_isError(n)) return std::string();
  out.resize(n);
  return out;
}

bool Apply(absl::string_view base, absl::string_view patch, std::string* target) {
  const unsigned long long size = ZSTD_getFrameContentSize(patch.data(), patch.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ull << 31)) {
    return false;
  }
  target->resize(size);
  const size_t n = ZSTD_decompress_usingDict(Contexts().decompress, target->data(), size,
                                             patch.data(), patch.size(), base.data(), base.size());
  return !ZSTD_isError(n) && n == size;
}

absl::string_view SpanText(const std::string& text, const v1::Span& span) {
  if (span.begin() < 0 || span.end() < span.begin() ||
      static_cast<size_t>(span.end()) > text.size()) {
    return absl::string_view();
  }
  return absl::string_view(text).substr(span.begin(), span.end() - span.begin());
}

// The index of the sentence that holds byte `at`, or -1.
int32_t SentenceOf(const v1::Annotations& a, int32_t at) {
  const auto& sentences = a.sentences();
  auto it = std::upper_bound(sentences.begin(), sentences.end(), at,
                             [](int32_t x, const v1::Sentence& s) { return x < s.span().begin(); });
  if (it == sentences.begin()) return -1;
  --it;
  return at < it->span().end() ? static_cast<int32_t>(it - sentences.begin()) : -1;
}

std::string EntityId(const v1::Entity& e) {
  return EntityIdString(EntityIdHash(static_cast<int>(e.type()), e.key()));
}

}  // namespace

std::string EncodeStoredDocument(const v1::Document& document) {
  const std::string& text = document.text();
  const v1::Annotations& a = document.annotations();
  store::v1::StoredDocument stored;
  stored.set_derived_content_hash(document.content_hash() == Hash128Hex(text));
  stored.set_derived_story_id(document.story_id() == document.id());
  bool mention_texts = true, mention_sentences = true, quote_texts = true;
  bool entity_keys = true, entity_ids = true;
  for (const v1::Mention& m : a.mentions()) {
    mention_texts &= m.text() == SpanText(text, m.span());
    mention_sentences &= m.sentence_index() == SentenceOf(a, m.span().begin());
  }
  for (const v1::Quote& q : a.quotes()) {
    quote_texts &= q.text() == SpanText(text, q.span()) && q.cue() == SpanText(text, q.cue_span());
  }
  for (const v1::Entity& e : a.entities()) {
    entity_keys &= e.key() == text::FoldName(e.name());
    entity_ids &= e.entity_id() == EntityId(e);
  }
  stored.set_derived_mention_texts(mention_texts);
  stored.set_derived_mention_sentences(mention_sentences);
  stored.set_derived_quote_texts(quote_texts);
  stored.set_derived_entity_keys(entity_keys);
  stored.set_derived_entity_ids(entity_ids);

  v1::Document compact = document;
  compact.clear_name();
  compact.clear_id();
  compact.clear_original_text();
  if (stored.derived_content_hash()) compact.clear_content_hash();
  if (stored.derived_story_id()) compact.clear_story_id();
  if (compact.has_annotations()) {
    v1::Annotations* c = compact.mutable_annotations();
    for (v1::Mention& m : *c->mutable_mentions()) {
      if (mention_texts) m.clear_text();
      if (mention_sentences) m.clear_sentence_index();
    }
    for (v1::Quote& q : *c->mutable_quotes()) {
      if (quote_texts) {
        q.clear_text();
        q.clear_cue();
      }
    }
    for (v1::Entity& e : *c->mutable_entities()) {
      if (entity_ids) e.clear_entity_id();
      if (entity_keys) e.clear_key();
    }
  }
  if (!document.original_text().empty()) {
    if (document.original_text() == text) {
      stored.set_original_is_text(true);
    } else {
      stored.set_original_patch(Patch(text, document.original_text()));
      // A patch cannot fail on valid input; keep the text rather than lose it.
      if (stored.original_patch().empty()) compact.set_original_text(document.original_text());
    }
  }
  stored.set_document(compact.SerializeAsString());
  std::string out(1, kFormatTag);
  out += stored.SerializeAsString();
  return out;
}

absl::Status DecodeStoredDocument(absl::string_view id, absl::string_view value,
                                  v1::Document* document) {
  const absl::Status corrupt =
      absl::DataLossError(absl::StrCat("stored document ", id, " does not decode"));
  if (value.empty() || value[0] != kFormatTag) {
    // A store from before the compact form.
    if (!document->ParseFromArray(value.data(), static_cast<int>(value.size()))) return corrupt;
    return absl::OkStatus();
  }
  store::v1::StoredDocument stored;
  value.remove_prefix(1);
  if (!stored.ParseFromArray(value.data(), static_cast<int>(value.size())) ||
      !document->ParseFromString(stored.document())) {
    return corrupt;
  }
  document->set_id(std::string(id));
  document->set_name(DocumentName(id));
  const std::string& text = document->text();
  if (stored.derived_content_hash()) document->set_content_hash(Hash128Hex(text));
  if (stored.derived_story_id()) document->set_story_id(std::string(id));
  if (stored.original_is_text()) {
    document->set_original_text(text);
  } else if (!stored.original_patch().empty() &&
             !Apply(text, stored.original_patch(), document->mutable_original_text())) {
    return corrupt;
  }
  if (!document->has_annotations()) return absl::OkStatus();
  v1::Annotations* a = document->mutable_annotations();
  for (v1::Mention& m : *a->mutable_mentions()) {
    if (stored.derived_mention_texts()) m.set_text(std::string(SpanText(text, m.span())));
    if (stored.derived_mention_sentences()) m.set_sentence_index(SentenceOf(*a, m.span().begin()));
  }
  for (v1::Quote& q : *a->mutable_quotes()) {
    if (stored.derived_quote_texts()) {
      q.set_text(std::string(SpanText(text, q.span())));
      q.set_cue(std::string(SpanText(text, q.cue_span())));
    }
  }
  for (v1::Entity& e : *a->mutable_entities()) {
    if (stored.derived_entity_keys()) e.set_key(text::FoldName(e.name()));
    if (stored.derived_entity_ids()) e.set_entity_id(EntityId(e));
  }
  return absl::OkStatus();
}

}  // namespace dossier::query
