#include "services/query/stored_document.h"

#include <zstd.h>

#include <algorithm>
#include <memory>
#include <vector>

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
  const size_t n =
      ZSTD_compress_usingDict(Contexts().compress, out.data(), out.size(), target.data(),
                              target.size(), base.data(), base.size(), kPatchLevel);
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

// Moves sentences and mentions into the stored document's columns when
// they have the plain shape the columns carry (`plain_mentions`: their
// texts and sentences were cleared as derived), and drops entities'
// mention_indices when they follow from the mentions.
void Columnize(bool plain_mentions, v1::Document* compact, store::v1::StoredDocument* stored) {
  v1::Annotations* a = compact->mutable_annotations();
  bool columnar = plain_mentions;
  int32_t previous = 0;
  for (const v1::Sentence& sentence : a->sentences()) {
    const v1::Span& span = sentence.span();
    columnar &= span.begin() >= previous && span.end() >= span.begin() &&
                sentence.ByteSizeLong() == sentence.span().ByteSizeLong() + 2;
    previous = span.end();
  }
  for (const v1::Mention& m : a->mentions()) {
    v1::Mention plain;
    *plain.mutable_span() = m.span();
    plain.set_type(m.type());
    plain.set_confidence(m.confidence());
    plain.set_entity_index(m.entity_index());
    columnar &= m.span().end() >= m.span().begin() && m.entity_index() >= 0 &&
                plain.SerializeAsString() == m.SerializeAsString();
  }
  if (columnar) {
    stored->set_columnar(true);
    previous = 0;
    for (const v1::Sentence& sentence : a->sentences()) {
      stored->add_sentence_spans(static_cast<uint32_t>(sentence.span().begin() - previous));
      stored->add_sentence_spans(
          static_cast<uint32_t>(sentence.span().end() - sentence.span().begin()));
      previous = sentence.span().end();
    }
    previous = 0;
    for (const v1::Mention& m : a->mentions()) {
      stored->add_mention_spans(m.span().begin() - previous);
      stored->add_mention_spans(m.span().end() - m.span().begin());
      stored->add_mention_types(static_cast<uint32_t>(m.type()));
      stored->add_mention_entities(static_cast<uint32_t>(m.entity_index()));
      stored->add_mention_confidences(m.confidence());
      previous = m.span().begin();
    }
    a->clear_sentences();
    a->clear_mentions();
  }
  // mention_indices, when they are exactly the mentions that point back.
  std::vector<std::vector<int32_t>> back(a->entities_size());
  for (size_t m = 0; m < stored->mention_entities_size() + a->mentions_size(); ++m) {
    const uint32_t e = columnar
                           ? stored->mention_entities(static_cast<int>(m))
                           : static_cast<uint32_t>(a->mentions(static_cast<int>(m)).entity_index());
    if (e < back.size()) back[e].push_back(static_cast<int32_t>(m));
  }
  bool derived = true;
  for (int e = 0; e < a->entities_size(); ++e) {
    const auto& indices = a->entities(e).mention_indices();
    derived &= std::vector<int32_t>(indices.begin(), indices.end()) == back[e];
  }
  if (derived) {
    stored->set_derived_mention_indices(true);
    for (v1::Entity& e : *a->mutable_entities()) e.clear_mention_indices();
  }
}

// The inverse of Columnize; false when the columns do not fit together.
bool Decolumnize(const store::v1::StoredDocument& stored, v1::Document* document) {
  v1::Annotations* a = document->mutable_annotations();
  if (stored.columnar()) {
    const int mentions = stored.mention_types_size();
    if (stored.sentence_spans_size() % 2 != 0 || stored.mention_spans_size() != 2 * mentions ||
        stored.mention_entities_size() != mentions ||
        stored.mention_confidences_size() != mentions) {
      return false;
    }
    int64_t at = 0;
    for (int i = 0; i < stored.sentence_spans_size(); i += 2) {
      v1::Span* span = a->add_sentences()->mutable_span();
      at += stored.sentence_spans(i);
      span->set_begin(static_cast<int32_t>(at));
      at += stored.sentence_spans(i + 1);
      span->set_end(static_cast<int32_t>(at));
    }
    at = 0;
    for (int i = 0; i < mentions; ++i) {
      v1::Mention* m = a->add_mentions();
      at += stored.mention_spans(2 * i);
      m->mutable_span()->set_begin(static_cast<int32_t>(at));
      m->mutable_span()->set_end(static_cast<int32_t>(at + stored.mention_spans(2 * i + 1)));
      m->set_type(static_cast<v1::EntityType>(stored.mention_types(i)));
      m->set_confidence(stored.mention_confidences(i));
      m->set_entity_index(static_cast<int32_t>(stored.mention_entities(i)));
    }
  }
  if (stored.derived_mention_indices()) {
    for (int m = 0; m < a->mentions_size(); ++m) {
      const int e = a->mentions(m).entity_index();
      if (e < 0 || e >= a->entities_size()) return false;
      a->mutable_entities(e)->add_mention_indices(m);
    }
  }
  return true;
}

}  // namespace

std::string EncodeStoredDocument(const v1::Document& document) {
  const std::string& text = document.text();
  const v1::Annotations& a = document.annotations();
  store::v1::StoredDocument stored;
  stored.set_derived_content_hash(document.content_hash() == Hash128Hex(text));
  stored.set_derived_story_id(document.story_id() == document.id());
  bool mention_texts = true, mention_sentences = true, quote_texts = true;
  bool entity_keys = true;
  // Entity ids are not stored: the registry gives them as documents are
  // read (the store's reads fill them; this fills the id a key starts with).
  const bool entity_ids = true;
  for (const v1::Mention& m : a.mentions()) {
    mention_texts &= m.text() == SpanText(text, m.span());
    mention_sentences &= m.sentence_index() == SentenceOf(a, m.span().begin());
  }
  for (const v1::Quote& q : a.quotes()) {
    quote_texts &= q.text() == SpanText(text, q.span()) && q.cue() == SpanText(text, q.cue_span());
  }
  for (const v1::Entity& e : a.entities()) {
    entity_keys &= e.key() == text::FoldName(e.name());
  }
  stored.set_derived_mention_texts(mention_texts);
  stored.set_derived_mention_sentences(mention_sentences);
  stored.set_derived_quote_texts(quote_texts);
  stored.set_derived_entity_keys(entity_keys);
  stored.set_derived_entity_ids(entity_ids);
  // An entity is named after one of its mentions (the most complete).
  bool any_named = false;
  std::vector<int32_t> named_after;
  for (const v1::Entity& e : a.entities()) {
    int32_t at = -1;
    for (int k = 0; k < e.mention_indices_size() && at < 0; ++k) {
      const int m = e.mention_indices(k);
      if (m >= 0 && m < a.mentions_size() && a.mentions(m).text() == e.name()) at = k;
    }
    named_after.push_back(at);
    any_named |= at >= 0;
  }
  if (any_named) {
    for (const int32_t at : named_after) stored.add_entity_name_mentions(at);
  }

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
    for (int i = 0; i < c->entities_size(); ++i) {
      v1::Entity& e = *c->mutable_entities(i);
      if (entity_ids) e.clear_entity_id();
      if (entity_keys) e.clear_key();
      if (any_named && named_after[i] >= 0) e.clear_name();
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
  if (compact.has_annotations()) Columnize(mention_texts && mention_sentences, &compact, &stored);
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
  if (!Decolumnize(stored, document)) return corrupt;
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
  if (stored.entity_name_mentions_size() > 0 &&
      stored.entity_name_mentions_size() != a->entities_size()) {
    return corrupt;
  }
  for (int i = 0; i < a->entities_size(); ++i) {
    v1::Entity& e = *a->mutable_entities(i);
    if (stored.entity_name_mentions_size() > 0 && stored.entity_name_mentions(i) >= 0) {
      const int k = stored.entity_name_mentions(i);
      if (k >= e.mention_indices_size() || e.mention_indices(k) < 0 ||
          e.mention_indices(k) >= a->mentions_size()) {
        return corrupt;
      }
      e.set_name(a->mentions(e.mention_indices(k)).text());
    }
    if (stored.derived_entity_keys()) e.set_key(text::FoldName(e.name()));
    if (stored.derived_entity_ids()) e.set_entity_id(EntityId(e));
  }
  return absl::OkStatus();
}

}  // namespace dossier::query
