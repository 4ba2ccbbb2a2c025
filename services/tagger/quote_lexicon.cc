#include "services/tagger/quote_lexicon.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace dossier::tagger::quotes {
namespace {

constexpr CueForm F = CueForm::kFinite;
constexpr CueForm P = CueForm::kParticiple;
constexpr bool kWeak = true;

// The reporting cues. A verb is listed in the forms news uses; a phrase
// (several words) is matched word by word.
// clang-format off
constexpr Cue kCues[] = {
    {"said", F}, {"says", F}, {"say", F}, {"saying", P}, {"told", F},
    {"tells", F}, {"telling", P}, {"added", F}, {"adds", F}, {"adding", P},
    {"noted", F}, {"notes", F}, {"noting", P}, {"stressed", F},
    {"stresses", F}, {"stressing", P}, {"explained", F}, {"explains", F},
    {"explaining", P}, {"continued", F}, {"continues", F}, {"continuing", P},
    {"answered", F}, {"answers", F}, {"answering", P}, {"replied", F},
    {"replies", F}, {"replying", P}, {"responded", F}, {"responds", F},
    {"responding", P}, {"wrote", F}, {"writes", F}, {"writing", P},
    {"tweeted", F}, {"tweets", F}, {"tweeting", P}, {"declared", F},
    {"declares", F}, {"declaring", P}, {"insisted", F}, {"insists", F},
    {"insisting", P}, {"argued", F}, {"argues", F}, {"arguing", P},
    // The plural's present ("officials argue", "critics claim").
    {"argue", F}, {"claim", F}, {"insist", F}, {"warn", F}, {"write", F}, {"add", F},
    {"claimed", F}, {"claims", F}, {"claiming", P}, {"recalled", F},
    {"recalls", F}, {"recalling", P}, {"emphasized", F}, {"emphasised", F},
    {"emphasizes", F}, {"emphasises", F}, {"emphasizing", P},
    {"emphasising", P}, {"warned", F}, {"warns", F}, {"warning", P},
    {"stated", F}, {"states", F}, {"stating", P}, {"announced", F},
    {"announces", F}, {"announcing", P}, {"remarked", F}, {"observed", F},
    {"observes", F}, {"acknowledged", F}, {"acknowledges", F},
    {"acknowledging", P}, {"admitted", F}, {"admits", F}, {"admitting", P},
    {"suggested", F}, {"suggests", F}, {"suggesting", P}, {"indicated", F},
    {"indicates", F}, {"concluded", F}, {"concludes", F}, {"concluding", P},
    {"complained", F}, {"complains", F}, {"complaining", P}, {"joked", F},
    {"jokes", F}, {"joking", P}, {"quipped", F}, {"countered", F},
    {"counters", F}, {"testified", F}, {"conceded", F}, {"concedes", F},
    {"mused", F}, {"shouted", F}, {"yelled", F}, {"chanted", F},
    {"boasted", F}, {"boasts", F}, {"bragged", F}, {"lamented", F},
    {"laments", F}, {"cautioned", F}, {"commented", F}, {"confirmed", F},
    {"reiterated", F}, {"wondered", F}, {"asserted", F}, {"asserts", F},
    {"contended", F}, {"contends", F}, {"alleged", F}, {"alleges", F},
    {"recounted", F}, {"pleaded", F}, {"demanded", F}, {"demands", F},
    {"proclaimed", F}, {"touted", F}, {"scoffed", F}, {"snapped", F},
    {"pledged", F}, {"pledges", F}, {"expressed", F}, {"expresses", F},
    // How a quote was said.
    {"beamed", F}, {"gushed", F}, {"mocked", F}, {"mocks", F}, {"raved", F},
    {"exclaimed", F}, {"cried", F}, {"sighed", F}, {"laughed", F},
    {"grumbled", F}, {"muttered", F}, {"whispered", F}, {"screamed", F},
    {"roared", F}, {"thundered", F}, {"barked", F}, {"fumed", F},
    {"groused", F}, {"griped", F}, {"hissed", F}, {"interjected", F},
    {"objected", F}, {"opined", F}, {"retorted", F}, {"shot back", F},
    {"fired back", F}, {"chimed in", F}, {"weighed in", F}, {"deadpanned", F},
    {"cracked", F}, {"sniped", F}, {"relayed", F}, {"assured", F},
    {"assures", F}, {"maintained", F}, {"agreed", F}, {"agrees", F},
    {"elaborated", F}, {"maintains", F}, {"reminded", F}, {"pointed out", F},
    {"points out", F}, {"pointing out", P}, {"summed up", F}, {"sums up", F},
    {"went on", F}, {"goes on", F}, {"quoted as saying", F}, {"put it", F, false, true},
    {"puts it", F, false, true},
    {"according to", CueForm::kAccordingTo},
    {"in her opinion", CueForm::kPossessive},
    {"in his opinion", CueForm::kPossessive},
    {"in their opinion", CueForm::kPossessive},
    {"in her view", CueForm::kPossessive},
    {"in his view", CueForm::kPossessive},
    {"in their view", CueForm::kPossessive},
    {"in her words", CueForm::kPossessive},
    {"in his words", CueForm::kPossessive},
    {"in their words", CueForm::kPossessive},
    // Verbs that often report speech but as often do something else.
    {"asked", F, kWeak}, {"asks", F, kWeak}, {"asking", P, kWeak},
    {"called", F, kWeak}, {"calls", F, kWeak}, {"calling", P, kWeak},
    {"dubbed", F, kWeak}, {"described", F, kWeak}, {"describes", F, kWeak},
    {"describing", P, kWeak}, {"labeled", F, kWeak}, {"labelled", F, kWeak},
    {"branded", F, kWeak}, {"charged", F, kWeak}, {"accused", F, kWeak},
    {"accuses", F, kWeak}, {"accusing", P, kWeak}, {"thinks", F, kWeak},
    {"believes", F, kWeak}, {"believed", F, kWeak}, {"reads", F, kWeak},
    {"read", F, kWeak}, {"reported", F, kWeak}, {"reports", F, kWeak},
    {"repeated", F, kWeak}, {"predicted", F, kWeak}, {"predicts", F, kWeak},
    {"predicting", P, kWeak}, {"promised", F, kWeak}, {"promises", F, kWeak},
    {"promising", P, kWeak}, {"vowed", F, kWeak}, {"vows", F, kWeak},
    {"vowing", P, kWeak}, {"urged", F, kWeak}, {"urges", F, kWeak},
    {"urging", P, kWeak}, {"criticised", F, kWeak}, {"criticized", F, kWeak},
    {"criticises", F, kWeak}, {"criticizes", F, kWeak},
};
// clang-format on

struct WordEntry {
  absl::string_view word;
  uint32_t classes;
};

constexpr uint32_t kMasc = kMale;
constexpr uint32_t kFem = kFemale;

// The closed classes. A word listed twice gets the union of its classes.
// clang-format off
constexpr WordEntry kWords[] = {
    // Pronouns.
    {"he", kPersonalPronoun | kMasc}, {"him", kPersonalPronoun | kMasc},
    {"she", kPersonalPronoun | kFem}, {"they", kPersonalPronoun | kPlural},
    {"it", kPersonalPronoun}, {"i", kPersonalPronoun},
    {"we", kPersonalPronoun | kPlural},
    {"his", kPossessivePronoun | kMasc | kFunctionWord},
    {"her", kPossessivePronoun | kFem | kFunctionWord},
    {"their", kPossessivePronoun | kPlural | kFunctionWord},
    {"its", kPossessivePronoun | kFunctionWord},
    {"our", kPossessivePronoun | kPlural | kFunctionWord},
    {"my", kPossessivePronoun | kFunctionWord}, {"your", kFunctionWord},
    {"who", kRelativePronoun}, {"which", kRelativePronoun},
    // Determiners.
    {"the", kDefinite | kFunctionWord | kTitleWord}, {"this", kDefinite},
    {"that", kDefinite | kSubordinator}, {"these", kDefinite},
    {"those", kDefinite}, {"a", kIndefinite | kFunctionWord | kTitleWord},
    {"an", kIndefinite | kFunctionWord | kTitleWord}, {"another", kIndefinite},
    {"one", kIndefinite}, {"some", kIndefinite},
    // Prepositions that attach inside a speaker's noun phrase ("the
    // representative of the Foreign Ministry").
    {"of", kPreposition | kFunctionWord | kTitleWord},
    {"for", kPreposition | kFunctionWord | kTitleWord},
    {"at", kPreposition | kFunctionWord | kTitleWord},
    {"on", kPreposition | kFunctionWord | kTitleWord},
    {"from", kPreposition | kFunctionWord | kTitleWord},
    {"with", kPreposition | kFunctionWord | kTitleWord},
    {"in", kPreposition | kFunctionWord | kTitleWord},
    {"to", kPreposition | kFunctionWord | kTitleWord},
    {"by", kPreposition | kFunctionWord | kTitleWord},
    {"about", kPreposition | kFunctionWord},
    {"against", kPreposition | kFunctionWord}, {"like", kPreposition},
    {"than", kPreposition | kFunctionWord}, {"over", kPreposition},
    {"into", kPreposition | kFunctionWord}, {"toward", kPreposition},
    {"towards", kPreposition},
    // Conjunctions, and words that open a subordinate clause (a name after
    // them is not the subject of the sentence).
    {"and", kFunctionWord | kTitleWord}, {"or", kFunctionWord | kTitleWord},
    {"but", kFunctionWord}, {"as", kFunctionWord | kTitleWord},
    {"nor", kFunctionWord}, {"if", kSubordinator}, {"whether", kSubordinator},
    {"when", kSubordinator}, {"because", kSubordinator | kAdverbial},
    {"while", kSubordinator | kAdverbial}, {"whom", kSubordinator},
    {"whose", kSubordinator}, {"although", kSubordinator | kAdverbial},
    {"though", kAdverbial}, {"whereas", kAdverbial}, {"unless", kAdverbial},
    {"since", kAdverbial},
    // Participles inside a speaker's noun phrase ("the message posted on
    // the website of ...").
    {"posted", kNpParticiple}, {"published", kNpParticiple},
    {"issued", kNpParticiple}, {"released", kNpParticiple},
    {"sent", kNpParticiple}, {"distributed", kNpParticiple},
    // Words between a subject and its cue ("Zakharova also said", "he has
    // repeatedly said").
    {"also", kSkipBeforeCue}, {"has", kSkipBeforeCue}, {"had", kSkipBeforeCue},
    {"have", kSkipBeforeCue}, {"was", kSkipBeforeCue}, {"is", kSkipBeforeCue},
    {"were", kSkipBeforeCue}, {"are", kSkipBeforeCue}, {"did", kSkipBeforeCue},
    {"does", kSkipBeforeCue}, {"would", kSkipBeforeCue},
    {"will", kSkipBeforeCue}, {"could", kSkipBeforeCue},
    {"then", kSkipBeforeCue}, {"later", kSkipBeforeCue},
    {"earlier", kSkipBeforeCue}, {"previously", kSkipBeforeCue},
    {"reportedly", kSkipBeforeCue}, {"repeatedly", kSkipBeforeCue},
    {"recently", kSkipBeforeCue}, {"once", kSkipBeforeCue},
    {"again", kSkipBeforeCue}, {"further", kSkipBeforeCue},
    {"subsequently", kSkipBeforeCue}, {"simply", kSkipBeforeCue},
    {"only", kSkipBeforeCue}, {"just", kSkipBeforeCue},
    {"even", kSkipBeforeCue}, {"already", kSkipBeforeCue}, {"now", kSkipBeforeCue},
    {"never", kSkipBeforeCue}, {"often", kSkipBeforeCue},
    {"frequently", kSkipBeforeCue}, {"publicly", kSkipBeforeCue},
    {"privately", kSkipBeforeCue}, {"openly", kSkipBeforeCue},
    {"flatly", kSkipBeforeCue}, {"bluntly", kSkipBeforeCue},
    {"angrily", kSkipBeforeCue}, {"firmly", kSkipBeforeCue},
    {"directly", kSkipBeforeCue}, {"separately", kSkipBeforeCue},
    {"finally", kSkipBeforeCue}, {"herself", kSkipBeforeCue},
    {"himself", kSkipBeforeCue}, {"themselves", kSkipBeforeCue},
    {"itself", kSkipBeforeCue}, {"not", kSkipBeforeCue},
    {"n't", kSkipBeforeCue}, {"been", kSkipBeforeCue},
    {"being", kSkipBeforeCue}, {"meanwhile", kSkipBeforeCue}, {"however", kSkipBeforeCue},
    {"instead", kSkipBeforeCue}, {"today", kSkipBeforeCue},
    {"yesterday", kSkipBeforeCue}, {"personally", kSkipBeforeCue},
    {"initially", kSkipBeforeCue}, {"originally", kSkipBeforeCue},
    {"immediately", kSkipBeforeCue}, {"apparently", kSkipBeforeCue},
    {"allegedly", kSkipBeforeCue}, {"clearly", kSkipBeforeCue},
    // Nouns that name a person by role.
    {"spokesman", kPersonNoun | kSpokespersonNoun | kMasc}, {"spokeswoman", kPersonNoun | kSpokespersonNoun | kFem},
    {"spokesperson", kPersonNoun | kSpokespersonNoun}, {"ambassador", kPersonNoun},
    {"minister", kPersonNoun}, {"president", kPersonNoun},
    {"official", kPersonNoun}, {"representative", kPersonNoun},
    {"diplomat", kPersonNoun}, {"senator", kPersonNoun},
    {"congressman", kPersonNoun | kMasc},
    {"congresswoman", kPersonNoun | kFem}, {"governor", kPersonNoun},
    {"mayor", kPersonNoun}, {"candidate", kPersonNoun},
    {"nominee", kPersonNoun}, {"chairman", kPersonNoun | kMasc},
    {"chairwoman", kPersonNoun | kFem}, {"chair", kPersonNoun},
    {"secretary", kPersonNoun}, {"director", kPersonNoun},
    {"leader", kPersonNoun}, {"adviser", kPersonNoun},
    {"advisor", kPersonNoun}, {"aide", kPersonNoun},
    {"strategist", kPersonNoun}, {"manager", kPersonNoun},
    {"analyst", kPersonNoun}, {"expert", kPersonNoun},
    {"professor", kPersonNoun}, {"lawyer", kPersonNoun},
    {"attorney", kPersonNoun}, {"judge", kPersonNoun},
    {"premier", kPersonNoun}, {"chancellor", kPersonNoun}, {"taoiseach", kPersonNoun},
    {"pope", kPersonNoun}, {"secretary-general", kPersonNoun},
    {"envoy", kPersonNoun}, {"deputy", kPersonNoun}, {"chief", kPersonNoun},
    {"founder", kPersonNoun}, {"executive", kPersonNoun},
    {"economist", kPersonNoun}, {"pollster", kPersonNoun},
    // Who speaks in political news without a name ("one Trump confidant
    // said", "said another leading Supreme Court advocate, Andrew J.
    // Pincus").
    {"advocate", kPersonNoun}, {"operative", kPersonNoun}, {"confidant", kPersonNoun},
    {"insider", kPersonNoun}, {"staffer", kPersonNoun}, {"lobbyist", kPersonNoun},
    {"host", kPersonNoun}, {"anchor", kPersonNoun}, {"author", kPersonNoun},
    {"businessman", kPersonNoun | kMasc},
    {"businesswoman", kPersonNoun | kFem}, {"man", kPersonNoun | kMasc},
    {"woman", kPersonNoun | kFem}, {"father", kPersonNoun | kMasc},
    {"mother", kPersonNoun | kFem}, {"husband", kPersonNoun | kMasc},
    {"wife", kPersonNoun | kFem}, {"son", kPersonNoun | kMasc},
    {"daughter", kPersonNoun | kFem}, {"brother", kPersonNoun | kMasc},
    {"sister", kPersonNoun | kFem}, {"actor", kPersonNoun | kMasc},
    {"actress", kPersonNoun | kFem}, {"tycoon", kPersonNoun},
    {"billionaire", kPersonNoun}, {"mogul", kPersonNoun},
    {"frontrunner", kPersonNoun}, {"front-runner", kPersonNoun},
    {"hopeful", kPersonNoun}, {"lawmaker", kPersonNoun},
    {"legislator", kPersonNoun}, {"politician", kPersonNoun},
    {"republican", kPersonNoun}, {"democrat", kPersonNoun},
    {"star", kPersonNoun}, {"singer", kPersonNoun}, {"comedian", kPersonNoun},
    {"pastor", kPersonNoun}, {"activist", kPersonNoun},
    {"commentator", kPersonNoun}, {"columnist", kPersonNoun},
    {"moderator", kPersonNoun}, {"journalist", kPersonNoun},
    {"reporter", kPersonNoun}, {"writer", kPersonNoun},
    {"scholar", kPersonNoun}, {"historian", kPersonNoun},
    {"researcher", kPersonNoun}, {"scientist", kPersonNoun},
    {"doctor", kPersonNoun}, {"physician", kPersonNoun},
    {"veteran", kPersonNoun}, {"voter", kPersonNoun},
    {"supporter", kPersonNoun}, {"donor", kPersonNoun},
    {"investor", kPersonNoun}, {"owner", kPersonNoun},
    {"prosecutor", kPersonNoun}, {"sheriff", kPersonNoun},
    {"officer", kPersonNoun}, {"commander", kPersonNoun},
    {"colonel", kPersonNoun}, {"sergeant", kPersonNoun},
    {"justice", kPersonNoun}, {"speaker", kPersonNoun}, {"boss", kPersonNoun},
    {"head", kPersonNoun}, {"governor-elect", kPersonNoun},
    {"president-elect", kPersonNoun}, {"congressmen", kPersonNoun | kPlural},
    // Roles of sport ("said the giant winger", "the Sale player added").
    {"player", kPersonNoun}, {"forward", kRoleAfterDeterminer}, {"winger", kPersonNoun},
    {"defender", kPersonNoun}, {"midfielder", kPersonNoun},
    {"striker", kPersonNoun}, {"goalkeeper", kPersonNoun},
    {"keeper", kPersonNoun}, {"captain", kPersonNoun}, {"skipper", kPersonNoun},
    {"coach", kPersonNoun}, {"flanker", kPersonNoun}, {"fly-half", kPersonNoun},
    {"scrum-half", kPersonNoun}, {"full-back", kPersonNoun},
    {"fullback", kPersonNoun}, {"prop", kRoleAfterDeterminer}, {"lock", kRoleAfterDeterminer},
    {"hooker", kPersonNoun}, {"stand-off", kPersonNoun},
    {"bowler", kPersonNoun}, {"batsman", kPersonNoun | kMasc},
    {"all-rounder", kPersonNoun}, {"champion", kPersonNoun},
    {"sprinter", kPersonNoun}, {"athlete", kPersonNoun},
    {"golfer", kPersonNoun}, {"boxer", kPersonNoun}, {"jockey", kPersonNoun},
    {"referee", kPersonNoun}, {"youngster", kPersonNoun},
    {"teenager", kPersonNoun}, {"winner", kPersonNoun},
    {"seed", kRoleAfterDeterminer}, {"international", kRoleAfterDeterminer},
    // Other people by trade ("the agent added", "the entrepreneur said").
    {"agent", kPersonNoun}, {"musician", kPersonNoun}, {"rapper", kPersonNoun},
    {"guitarist", kPersonNoun}, {"producer", kPersonNoun},
    {"designer", kPersonNoun}, {"entrepreneur", kPersonNoun},
    {"editor", kPersonNoun}, {"presenter", kPersonNoun},
    {"critic", kPersonNoun}, {"novelist", kPersonNoun},
    {"film-maker", kPersonNoun}, {"filmmaker", kPersonNoun},
    {"artist", kPersonNoun}, {"partner", kRoleAfterDeterminer},
    {"consultant", kPersonNoun}, {"campaigner", kPersonNoun},
    {"mp", kPersonNoun | kPostNominalTitle}, {"mep", kPersonNoun | kPostNominalTitle}, {"msp", kPersonNoun | kPostNominalTitle},
    {"qc", kPersonNoun | kPostNominalTitle}, {"councillor", kPersonNoun},
    {"peer", kPersonNoun}, {"solicitor", kPersonNoun},
    {"barrister", kPersonNoun}, {"detective", kPersonNoun},
    {"inspector", kPersonNoun}, {"surgeon", kPersonNoun},
    {"men", kPersonNoun | kPlural}, {"women", kPersonNoun | kPlural},
    {"people", kPersonNoun | kPlural}, {"mr", kMasc}, {"mr.", kMasc},
    {"mrs", kFem}, {"mrs.", kFem}, {"ms", kFem}, {"ms.", kFem}, {"miss", kFem},
    {"madam", kFem}, {"sir", kMasc}, {"lady", kFem}, {"king", kMasc},
    {"queen", kFem},
    // Nouns that name an organisation.
    {"ministry", kOrganizationNoun}, {"department", kOrganizationNoun},
    {"office", kOrganizationNoun}, {"agency", kOrganizationNoun},
    {"government", kOrganizationNoun}, {"administration", kOrganizationNoun},
    {"campaign", kOrganizationNoun}, {"committee", kOrganizationNoun},
    {"commission", kOrganizationNoun}, {"council", kOrganizationNoun},
    {"party", kOrganizationNoun}, {"embassy", kOrganizationNoun},
    {"service", kOrganizationNoun}, {"company", kOrganizationNoun | kCompanyNoun},
    {"firm", kOrganizationNoun | kCompanyNoun}, {"group", kOrganizationNoun | kCompanyNoun},
    {"organization", kOrganizationNoun}, {"organisation", kOrganizationNoun},
    {"association", kOrganizationNoun}, {"union", kOrganizationNoun},
    {"foundation", kOrganizationNoun}, {"institute", kOrganizationNoun},
    {"university", kOrganizationNoun}, {"court", kOrganizationNoun},
    {"bank", kOrganizationNoun | kCompanyNoun}, {"network", kOrganizationNoun},
    {"newspaper", kOrganizationNoun}, {"board", kOrganizationNoun},
    {"club", kOrganizationNoun | kCompanyNoun}, {"team", kOrganizationNoun},
    {"watchdog", kOrganizationNoun}, {"regulator", kOrganizationNoun},
    {"federation", kOrganizationNoun}, {"authority", kOrganizationNoun},
    {"charity", kOrganizationNoun}, {"retailer", kOrganizationNoun | kCompanyNoun},
    {"airline", kOrganizationNoun | kCompanyNoun}, {"carrier", kOrganizationNoun | kCompanyNoun},
    {"broadcaster", kOrganizationNoun | kCompanyNoun}, {"insurer", kOrganizationNoun | kCompanyNoun},
    {"lender", kOrganizationNoun | kCompanyNoun}, {"manufacturer", kOrganizationNoun | kCompanyNoun},
    {"studio", kOrganizationNoun | kCompanyNoun}, {"label", kOrganizationNoun | kCompanyNoun},
    {"paper", kOrganizationNoun}, {"daily", kOrganizationNoun},
    {"magazine", kOrganizationNoun}, {"tabloid", kOrganizationNoun},
    // Nouns for what an organisation publishes.
    {"statement", kDocumentNoun}, {"message", kDocumentNoun},
    {"release", kDocumentNoun}, {"letter", kDocumentNoun},
    {"report", kDocumentNoun}, {"post", kDocumentNoun},
    {"tweet", kDocumentNoun}, {"communique", kDocumentNoun},
    {"note", kDocumentNoun}, {"memo", kDocumentNoun},
    {"announcement", kDocumentNoun}, {"document", kDocumentNoun},
    {"website", kDocumentNoun}, {"editorial", kDocumentNoun},
    {"ad", kDocumentNoun}, {"video", kDocumentNoun},
    {"comment", kDocumentNoun}, {"comments", kDocumentNoun},
    // Words after an apostrophe that make it an elision, not a quotation
    // mark ('em, 'til, rock 'n' roll).
    {"em", kElision}, {"til", kElision}, {"tis", kElision}, {"twas", kElision},
    {"cause", kElision}, {"n", kElision}, {"bout", kElision},
    {"round", kElision},
};
// clang-format on

// Given names whose bearers the news calls "he" or "she". Short on purpose:
// it breaks ties between the people a pronoun could mean.
// clang-format off
constexpr absl::string_view kMaleNames[] = {
    "aleksandar", "alexander", "alex", "andrew", "anthony", "barack", "ben",
    "bernie", "bill", "bob", "boris", "brian", "carl", "charles", "chris",
    "christopher", "chuck", "dan", "daniel", "david", "dmitry", "dmitri",
    "donald", "ed", "edward", "eric", "frank", "gary", "george", "harry",
    "ivan", "ivica", "jack", "james", "jason", "jeb", "jeff", "jim", "joe",
    "john", "jon", "joseph", "josh", "kevin", "marco", "mark", "matt",
    "michael", "mike", "milorad", "mitch", "mitt", "newt", "nicolas", "nikola",
    "paul", "peter", "rand", "reince", "richard", "rick", "robert", "ron",
    "rudy", "rush", "ryan", "scott", "sean", "sergei", "sergey", "steve",
    "steven", "ted", "thomas", "tim", "tom", "vladimir", "viktor", "william",
    "aleksandr", "nikolai", "andrei", "andrey", "mikhail", "yuri", "igor",
    "dragan", "milos", "vojislav", "tomislav", "emmanuel", "francois",
    "lindsey", "corey", "stephen", "jared", "eli",
    // British politics and sport.
    "liam", "dominic", "ian", "iain", "alan", "gordon", "tony", "nick",
    "kenneth", "ken", "geoff", "jeremy", "oliver", "simon", "hugh",
    "malcolm", "neil", "nigel", "keith", "graham", "gavin", "julian",
    "adrian", "philip", "patrick", "martin", "colin", "derek", "denis",
    "douglas", "duncan", "gerry", "howard", "norman", "owen", "rhodri",
    "roy", "stuart", "trevor", "vince", "menzies", "lembit", "alastair",
    "charlie", "digby", "jamie", "wayne", "arsene", "sol",
};
// clang-format on
// clang-format off
constexpr absl::string_view kFemaleNames[] = {
    "hillary", "maria", "zorana", "ana", "anna", "angela", "elizabeth",
    "nancy", "michelle", "melania", "ivanka", "kellyanne", "huma", "debbie",
    "sarah", "chelsea", "jill", "carly", "nikki", "susan", "mary", "jennifer",
    "karen", "lisa", "linda", "barbara", "patricia", "katie", "kate", "laura",
    "amy", "emily", "hope", "donna", "loretta", "condoleezza", "madeleine",
    "olga", "tatiana", "tatyana", "natalia", "natalya", "irina", "elena",
    "yelena", "svetlana", "valentina", "marija", "jelena", "theresa", "marine",
    "federica", "ursula", "samantha", "megyn", "rachel", "kirsten", "tammy",
    "claire", "dianne", "kamala", "marsha", "janet", "melanie", "ava",
    "jessica", "ashley", "heather", "nicole", "julia",
    // British politics and sport.
    "tessa", "margaret", "ruth", "jane", "helen", "harriet", "clare",
    "caroline", "diane", "estelle", "glenys", "jacqui", "joan", "kathy",
    "louise", "ann", "anne", "sandra", "sally", "yvette", "beverley",
    "charlotte", "emma", "fiona", "gillian", "hazel", "joanna", "nicola",
    "sue", "valerie", "paula", "kelly", "cherie", "judi",
};
// clang-format on

struct Tables {
  absl::flat_hash_map<std::string, std::vector<CueContinuation>> cues;
  absl::flat_hash_map<std::string, uint32_t> words;
  absl::flat_hash_map<std::string, Gender> names;
};

const Tables& GetTables() {
  static const Tables* tables = [] {
    auto* t = new Tables;
    for (const Cue& cue : kCues) {
      std::vector<std::string> words = absl::StrSplit(cue.phrase, ' ');
      std::string first = words.front();
      words.erase(words.begin());
      t->cues[first].push_back({std::move(words), cue.form, cue.weak, cue.before_punctuation});
    }
    for (auto& [first, list] : t->cues) {
      std::stable_sort(list.begin(), list.end(),
                       [](const CueContinuation& a, const CueContinuation& b) {
                         return a.rest.size() > b.rest.size();
                       });
    }
    for (const WordEntry& w : kWords) t->words[w.word] |= w.classes;
    for (absl::string_view n : kMaleNames) t->names[n] = Gender::kMale;
    for (absl::string_view n : kFemaleNames) t->names[n] = Gender::kFemale;
    return t;
  }();
  return *tables;
}

}  // namespace

absl::Span<const Cue> Cues() { return kCues; }

const std::vector<CueContinuation>* CuesStartingWith(absl::string_view first_word) {
  const auto& cues = GetTables().cues;
  const auto it = cues.find(first_word);
  return it == cues.end() ? nullptr : &it->second;
}

uint32_t WordClasses(absl::string_view lower_word) {
  const auto& words = GetTables().words;
  const auto it = words.find(lower_word);
  if (it != words.end()) return it->second;
  // "the 23-year-old", "the 31-year-old's": a person by age.
  if (absl::EndsWith(lower_word, "-year-old") && lower_word.size() > 9 &&
      absl::ascii_isdigit(static_cast<unsigned char>(lower_word[0]))) {
    return kPersonNoun;
  }
  return 0;
}

bool InvertsBeforeItsSubject(absl::string_view lower_cue) {
  static constexpr absl::string_view kInverting[] = {
      "said",     "says",      "added",     "adds",      "argued",    "argues",
      "insisted", "insists",   "explained", "explains",  "continued", "continues",
      "noted",    "notes",     "wrote",     "writes",    "admitted",  "admits",
      "claimed",  "claims",    "observed",  "replied",   "declared",  "stressed",
      "stresses", "concluded", "conceded",  "suggested", "suggests"};
  return std::find(std::begin(kInverting), std::end(kInverting), lower_cue) != std::end(kInverting);
}

bool IsSingleHolderOffice(absl::string_view lower_title) {
  static constexpr absl::string_view kOffices[] = {
      "prime minister",   "premier",         "chancellor", "president", "foreign secretary",
      "home secretary",   "chief executive", "taoiseach",  "pope",      "first minister",
      "secretary-general"};
  return std::find(std::begin(kOffices), std::end(kOffices), lower_title) != std::end(kOffices);
}

bool IsOfficeModifier(absl::string_view lower_word) {
  static constexpr absl::string_view kModifiers[] = {"deputy", "vice",      "shadow", "former",
                                                     "ex",     "assistant", "junior", "under",
                                                     "late",   "opposition"};
  // "ex-Conservative chancellor Ken Clarke".
  return absl::StartsWith(lower_word, "ex-") ||
         std::find(std::begin(kModifiers), std::end(kModifiers), lower_word) !=
             std::end(kModifiers);
}

Gender GivenNameGender(absl::string_view lower_name) {
  const auto& names = GetTables().names;
  const auto it = names.find(lower_name);
  return it == names.end() ? Gender::kUnknown : it->second;
}

bool IsGivenName(absl::string_view word) {
  return GivenNameGender(absl::AsciiStrToLower(word)) != Gender::kUnknown;
}

}  // namespace dossier::tagger::quotes
