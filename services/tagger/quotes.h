// Who said what: direct quotes, partial quotes inside reported speech and
// reported speech without quotation marks, with their cue ("said",
// "stressed") and speaker, found in tagged text.
// Pure; no I/O.
//
// What counts as a quote, and the choices made where news writing is
// ambiguous:
//   - Quotation marks are curly (“ ” ‘ ’), straight (" '), guillemets, or
//     two apostrophes typed together (''wire copy''). Which way a mark faces
//     is read from the spaces and punctuation around it, so a straight
//     mark, or a curly one typed the wrong way round (`in Ukraine “.`),
//     still opens or closes. An apostrophe inside or at the end of a word
//     (Serbia’s, Russia's, the Clintons’) never opens a quote, and a single
//     mark closes only a single mark that is open.
//   - Marks inside a quote (‘stabilize’, or “abuse” inside “...”) are part
//     of it, not quotes of their own.
//   - The span and text are the content between the marks, punctuation
//     inside the marks included; a quote is one contiguous span with no
//     marks of its own inside. Hence:
//   - A long quote whose paragraphs each open with a mark and only the
//     last closes is one quote per paragraph, all with the speaker found
//     for any of them (how PolNeAR's annotators cut them, too). A quote
//     whose paragraph ends unclosed, with no mark reopening the next one,
//     ends with its paragraph (at lower confidence).
//   - A quote split around its attribution (“A,” she said, “B.”) is two
//     quotes with the same speaker and cue.
//   - Kind: DIRECT when the quote stands as the speaker's words (“...,”
//     she said / he answered: “...” / a quote that opens its sentence);
//     MIXED when it is a fragment inside reported speech (said that Lavrov
//     “abuses ...”, calling it “hand-twisting”). INDIRECT for reported
//     speech (below).
//   - Quotes of one or two words, and quotes that look like titles
//     ("Novosti", “Hannity”), are kept only when a clause attributes them;
//     a longer quote that opens a sentence is kept even without a speaker.
//     Scare quotes therefore appear exactly when someone can be named as
//     using them: PolNeAR's gold has such fragments inside attributions.
//   - Attribution, tried in this order: a colon-led clause (he answered:);
//     a cue right before (he said, “...”; as Rosenthal put it, “...”); a
//     clause right after (“...,” said Caddell / “...,” she elaborated /
//     “...” ― Sonya Herridge; not a cue past "although" or "because" in a
//     clause that does not open on its subject; past a description of the
//     speaker between commas, brackets or dashes, commas of its own
//     included: “...,” Mitch McConnell, R-Ky., said / Rep. Jim Jordan
//     (R-Ohio), an oversight panel member, said / John Dickey, the chief
//     of Ora Media -- the company that owns the show -- told; not in the
//     next paragraph after a quote that ends its sentence); a reporting
//     clause earlier in the sentence, a plain verb preferred to a weak one
//     such as "called" (MIXED); one closing the sentence (..., she
//     said.); an attributed quote just before (continuation) or a
//     reporting sentence just before; for a fragment, a person subject of
//     its clause. The cues are one table (quote_lexicon.cc).
//   - The speaker is the name in the attribution (not a nationality or
//     party someone unnamed is of: "one senior Democrat" has none; not a
//     MISC name before the noun of a description, nor a place before a
//     noun for a person or made an adjective, "said the Newport-based
//     athlete", "a Texas senator", whose noun is resolved as a role is;
//     but "a White House spokesman", "said Israel yesterday"); a
//     pronoun resolved to a person of a compatible gender (from given
//     names, titles, Slavic surnames and the document's own pronouns) in
//     the last sentence naming one outside quotes -- the subject of a
//     finite reporting verb there ("Humphrey, for example, said", not
//     "John Kasich claiming"), else its grammatical subject, following
//     chains of he/she past the sentence's quotes (“...,” he said,
//     explaining why he disagrees with Mr. Trump) -- else to the previous
//     speaker; a role ("the ambassador", "the official
//     representative of the Foreign Ministry") resolved the same way; an
//     organisation ("the Russian ministry said", "the message posted on
//     the website of the Ministry of Foreign Affairs says") resolved to
//     the organisation of the document whose name has that noun, or that
//     the phrase names; a statement to the organisation whose noun the
//     phrase gives as its issuer ("the statement of the ministry", "the
//     ministry's statement"), else ("The statement added:") to whoever
//     spoke last. When none of this finds an entity the speaker is unset.
//   - Confidence is how often the rule that attributed the quote, with
//     that kind of speaker (named, resolved, none), was right on PolNeAR's
//     training articles.
//   - Reported speech (INDIRECT), in sentences with no quotation marks and
//     no question: the words before the sentence's last comma, when a short
//     clause after it that ends the sentence reports them ("..., said the
//     ambassador Alexander Botsan-Kharchenko", "..., the ministry said on
//     Monday", "..., according to Reuters"), or between commas inside it
//     ("The emails were on many topics, the Agency said, including ...",
//     not after words that are no clause of their own: a subordinate
//     clause, "But if measured at 65, the PPI said, ...", a participle,
//     a time or a question word, "Asked whether he would quit, Blair
//     said, ...", or words that stop on one that goes on, "including, he
//     claims, ..."); else the words after a verb of saying among the
//     sentence's first twenty words (past twelve, no place: "Mukherjee,
//     with the Hunt in Badminton, Gloucestershire said") and its subject,
//     past "that" right
//     after it or after when and where ("said on Monday that", "said in a
//     statement it would ...": a subject pronoun, not past "to" or a
//     subordinate word), past whom
//     "told" addresses and its programme ("Calabrese told the National
//     Post he has ...", "told BBC Radio 4's Today programme he ...").
//     Only verbs that report a clause count ("said", "warned", "insisted";
//     not "shouted", "answered" or "maintained"; "recalled" only before
//     "that": a side recalls a player), not after "not", "never",
//     a modal or "to" ("did not say", "could say", "refused to say"), not
//     in a sentence opened by "If", "Although", "While" ... unless past its
//     comma. The words must be a clause: three or more, opening as a
//     clause does (a name, a pronoun, a determiner, a plural noun before
//     its verb: "said taxes would not rise"; any word after "that") with a
//     verb of tense among the first twelve (an auxiliary, a word in -ed, a
//     common irregular past such as "rose", a word in -s after its
//     subject), so "announced her resignation"
//     reports nothing; they end before a semicolon, a colon, a dash, a
//     bracket, or a comma that opens another clause (", and", ", but",
//     ", which", ", arguing"). The speaker is the name the verb has for its
//     subject (right before it, or before a description, an age or a
//     person's "who" clause between commas, or a person's name between
//     commas after a plain description, "The Kremlin's spokesman, Dmitry
//     Peskov, said", not "Relatives of the pilot, John Smith, said"; not
//     one after "of", "for", "when" or an owner, an article aside:
//     "critics of Merkel said", "a spokesman for Merkel said", "those polled
//     for the Sunday Times said" are no one's, but "a spokesperson for the
//     Police Department said" is the organisation's, "Patricia Sanders,
//     spokeswoman for the Committee said" hers), the name after the verb
//     past a title ("said the Russian ambassador to Serbia Alexander ...",
//     not "said the minister who met ..."), or a pronoun surely resolved;
//     a person, organisation or place, never a MISC name ("half of GOP
//     voters said"), never a description but an unnamed source's: a plain
//     phrase of at most six words ending on a noun for people not named
//     ("Officials said that ...", "Some experts say ...", "..., analysts
//     said"), whose words are reported speech without a speaker. A title
//     the document gave a person, written whole as the subject with its
//     organisation ("The official representative of the Russian Foreign
//     Ministry stressed"), is that person. "According to her, ...",
//     "According to Foreign Ministry spokeswoman Maria Zakharova, ...":
//     the words after the comma, relative clauses included. A pronoun's
//     "last speaker" is whoever spoke last before the sentence, quoted or
//     reported.
//   - Not credited: a fragment in a headline (a line with no stop) to the
//     name before it, whom the words are about ("Wilkinson return
//     'unlikely'"), unless a verb of attack or saying follows the name
//     ("Howard attacks Labour 'lies'"), nor to the subject of a headline's
//     participle of naming ("Labour accused of 'EU propaganda'", "Baywatch
//     dubbed '...'"); the name after a verb of saying that words before it
//     are the subject of ("UKIP officials also argue Mr Kilroy-Silk has not
//     been 'straightforward'"), which comes after the verb only inverted:
//     after a comma, a quote, a dash, a bracket, "So" or at the clause's
//     start. What "according to" reports stops before a clause of its own
//     (", but ...") and is no one's where it names several ("According to
//     Tony Blair and Gordon Brown, ..."); a pronoun resolved to no one
//     reports nothing ("..., he said" with no one before).
#ifndef DOSSIER_SERVICES_TAGGER_QUOTES_H_
#define DOSSIER_SERVICES_TAGGER_QUOTES_H_

#include "absl/strings/string_view.h"
#include "dossier/v1/annotations.pb.h"
#include "text/tokenizer.h"

namespace dossier::tagger {

// Adds annotations->quotes for `text`, whose tokens are `tokens` and whose
// sentences, mentions and entities are already in `annotations` (UTF-8 byte
// offsets). Quotes, quoted and reported, come in text order.
void FindQuotes(absl::string_view text, const text::TokenizedText& tokens,
                v1::Annotations* annotations);

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_QUOTES_H_
