// Language identification: script detection by Unicode properties, then
// stop-word and letter profiles for scripts shared by several languages
// (Latin, Cyrillic, Arabic, Han/kana).
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <array>
#include <string>
#include <unordered_map>

#include "newsdigest/text/text.h"

namespace newsdigest::text {
namespace detect_language_detail {

// One language profile: its ISO 639-1 code, its script and a space-separated
// list of frequent function words (lower case). Written for this project.
struct LangProfile {
  const char* code;
  UScriptCode script;
  const char* words;
};

// Order matters only to break exact ties (earlier wins).
constexpr LangProfile kProfiles[] = {
    {"en", USCRIPT_LATIN,
     "the of and to in is was that for on with as by at from it his her he she they this be are "
     "were has have had not but or an which who will would said its their been after also about "
     "than more over into when there what up out new one all we you i our can could"},
    {"fr", USCRIPT_LATIN,
     "le la les de des du et est un une dans pour que qui sur au aux pas par ne se il elle ils "
     "sont ont avec plus mais son sa ses ce cette été avait fait comme leur lui nous vous où "
     "aussi être entre après selon même"},
    {"de", USCRIPT_LATIN,
     "der die das und ist nicht ein eine einen einem dem den des mit sich auf für von zu im "
     "auch es sie er wir ich sind hat wurde werden war bei aus nach noch wie wird oder aber nur "
     "über vor zum zur dass kein keine sein seine diese dieser"},
    {"es", USCRIPT_LATIN,
     "el la los las de del y en que un una por con para es su sus se no al lo como más pero "
     "fue ha han sobre este esta entre cuando también muy sin hasta desde porque ya están está "
     "según dijo"},
    {"it", USCRIPT_LATIN,
     "il lo la gli le di del della dei delle e è un una in che per con non si da al alla sono "
     "ha hanno come anche più ma nel nella questo questa stato era dopo essere tra fra sul sulla "
     "ci loro"},
    {"pt", USCRIPT_LATIN,
     "o a os as de do da dos das e em um uma que para com não por no na nos nas se ao foi são "
     "mais mas como é seu sua também pelo pela já está entre quando ele ela isso depois será ainda "
     "disse ser pelos pelas muito anos"},
    {"nl", USCRIPT_LATIN,
     "de het een en van in is dat op te zijn voor met niet die aan er ook als bij door maar "
     "om naar dan nog wel werd wordt heeft hebben zich over uit tot deze dit was geen wat "
     "worden ze hij zij"},
    {"da", USCRIPT_LATIN,
     "og i det at en den til er som på de med han af for ikke der var har et sig fra men "
     "efter også kan vil blev over hvor deres havde nu skal når være jeg mig mod ud hvad dem "
     "denne disse"},
    {"no", USCRIPT_LATIN,
     "og i det at en den til er som på de med han av for ikke der var har et seg fra men "
     "etter også kan vil ble over hvor deres hadde nå skal når være jeg meg mot ut hva dem "
     "denne disse"},
    {"sv", USCRIPT_LATIN,
     "och i att det som en på är av för med till den har de inte om ett han var men sig "
     "från så kan vid eller efter också hade nu skulle när vara jag mig mot ut vad dem denna "
     "dessa blev"},
    {"pl", USCRIPT_LATIN,
     "i w z na nie się do to że jest o a jak po od za co ale przez dla jego tak są już był "
     "była było tym przy oraz który która które może także ich tylko jednak"},
    {"cs", USCRIPT_LATIN,
     "a v se na je že to s z do o i k by jako ale jsou byl byla bylo pro po od jeho které "
     "který která také při jen už není tak podle"},
    {"sk", USCRIPT_LATIN,
     "a v sa na je že to s z do o i k by ako ale sú bol bola bolo pre po od jeho ktoré "
     "ktorý ktorá tiež pri len už nie tak podľa"},
    {"hr", USCRIPT_LATIN,
     "i u je se na da za od su a koji koja koje s ne što kao iz o to bi ali bio bila "
     "nije sam još samo prema"},
    {"ro", USCRIPT_LATIN,
     "și în de la a cu nu pe o un că se din este care pentru mai au fost sunt ca dar iar "
     "lui ei al ale acest această după"},
    {"hu", USCRIPT_LATIN,
     "a az és hogy nem is egy van meg de volt már csak még mint ki be azt ez el vagy után "
     "szerint kell lesz pedig között"},
    {"fi", USCRIPT_LATIN,
     "ja on ei se että oli hän ovat mutta kun myös tai ole sen kuin jo nyt mukaan vain "
     "ovat olla hänen tämä joka jotka"},
    {"tr", USCRIPT_LATIN,
     "ve bir bu da de için ile olarak çok daha ne gibi en sonra kadar olan ama değil her "
     "ancak göre ise şu var yok"},
    {"ca", USCRIPT_LATIN,
     "el la els les de del i en que un una per amb no es al és més però com va seu seva "
     "també ha han aquest aquesta dels"},
    {"id", USCRIPT_LATIN,
     "yang dan di ini itu dengan untuk dari tidak ke dalam akan pada juga ada oleh atau "
     "adalah kata mereka telah sudah bisa karena"},
    {"vi", USCRIPT_LATIN,
     "và của là có các những được trong cho không một người này đã với khi đến từ theo"},
    {"ru", USCRIPT_CYRILLIC,
     "и в не на что с по это как он из для был была было были его от к о а то но же за "
     "она они так уже при также который которые после только может будет более этом этого"},
    {"uk", USCRIPT_CYRILLIC,
     "і в не на що з по це як він із для був була було були його від до про а та але же "
     "за вона вони так вже при також який які після тільки може буде"},
    {"bg", USCRIPT_CYRILLIC,
     "и в не на че с по това като той от за е да се са беше бил била са са които който "
     "която след само може ще още при също тя те но или към"},
    {"kk", USCRIPT_CYRILLIC,
     "және бұл мен да де үшін бойынша осы бір деп болып сол емес жылы туралы оның олар "
     "біз ол қазақстан еді екен"},
    {"sr", USCRIPT_CYRILLIC,
     "и у је се на да за од су а који која које с не што као из о то би али био била "
     "није још само према"},
    {"mk", USCRIPT_CYRILLIC,
     "и во е се на да за од се а кој која кое со не што како тоа би но беше била ќе "
     "уште само според"},
    {"ar", USCRIPT_ARABIC,
     "في من على إلى أن عن مع هذا هذه التي الذي كان وقد قد لا ما هو هي بعد كما أو بين "
     "ذلك عام وفي وأن إن"},
    {"fa", USCRIPT_ARABIC,
     "و در به از که این است را با آن برای یک تا می شد بود های خود هم کرد شده نیز اما "
     "ما او"},
    {"ur", USCRIPT_ARABIC,
     "کے میں کی ہے اور سے کو نے کا یہ پر ہیں تھا تھی گیا کہ بھی ایک وہ لیے ہو کر"},
};
constexpr size_t kNumProfiles = sizeof(kProfiles) / sizeof(kProfiles[0]);
static_assert(kNumProfiles <= 64, "profile sets are 64-bit masks");

// Scripts used (in news) by a single language we know of.
struct ScriptLang {
  UScriptCode script;
  const char* code;
};
constexpr ScriptLang kScriptLangs[] = {
    {USCRIPT_GREEK, "el"},      {USCRIPT_ARMENIAN, "hy"},  {USCRIPT_ETHIOPIC, "am"},
    {USCRIPT_DEVANAGARI, "hi"}, {USCRIPT_HANGUL, "ko"},    {USCRIPT_THAI, "th"},
    {USCRIPT_HEBREW, "he"},     {USCRIPT_GEORGIAN, "ka"},  {USCRIPT_BENGALI, "bn"},
    {USCRIPT_TAMIL, "ta"},      {USCRIPT_TELUGU, "te"},    {USCRIPT_GUJARATI, "gu"},
    {USCRIPT_GURMUKHI, "pa"},   {USCRIPT_KANNADA, "kn"},   {USCRIPT_MALAYALAM, "ml"},
    {USCRIPT_KHMER, "km"},      {USCRIPT_LAO, "lo"},       {USCRIPT_MYANMAR, "my"},
    {USCRIPT_SINHALA, "si"},    {USCRIPT_TIBETAN, "bo"},   {USCRIPT_ORIYA, "or"},
};

// word -> set of profiles (bit i = kProfiles[i]) that list it.
const std::unordered_map<std::string, uint64_t>& WordIndex() {
  static const std::unordered_map<std::string, uint64_t> index = [] {
    std::unordered_map<std::string, uint64_t> m;
    for (size_t i = 0; i < kNumProfiles; ++i) {
      std::string_view w(kProfiles[i].words);
      size_t p = 0;
      while (p < w.size()) {
        size_t q = w.find(' ', p);
        if (q == std::string_view::npos) q = w.size();
        if (q > p) m[std::string(w.substr(p, q - p))] |= uint64_t{1} << i;
        p = q + 1;
      }
    }
    return m;
  }();
  return index;
}

int ProfileIndex(const char* code) {
  for (size_t i = 0; i < kNumProfiles; ++i)
    if (std::string_view(kProfiles[i].code) == code) return static_cast<int>(i);
  return -1;
}

// Letters that point at particular languages: (code point, language, weight).
struct LetterHint {
  UChar32 cp;
  const char* code;
  float weight;
};
constexpr LetterHint kLetterHints[] = {
    // Latin
    {0x00DF, "de", 2.0f}, {0x0142, "pl", 2.0f}, {0x0105, "pl", 1.5f}, {0x0119, "pl", 1.5f},
    {0x017C, "pl", 1.5f}, {0x017A, "pl", 1.5f}, {0x015B, "pl", 1.0f}, {0x0107, "pl", 0.5f},
    {0x0107, "hr", 0.5f}, {0x00F1, "es", 1.5f}, {0x00E3, "pt", 1.5f}, {0x00F5, "pt", 1.5f},
    {0x00E7, "pt", 0.3f}, {0x00E7, "fr", 0.3f}, {0x0153, "fr", 2.0f}, {0x00EA, "fr", 0.5f},
    {0x00E8, "fr", 0.5f}, {0x00E0, "fr", 0.3f}, {0x00E8, "it", 0.3f}, {0x00EC, "it", 1.0f},
    {0x00F2, "it", 1.0f}, {0x00F8, "da", 1.0f}, {0x00F8, "no", 1.0f}, {0x00E6, "da", 1.0f},
    {0x00E6, "no", 1.0f}, {0x00E5, "sv", 0.5f}, {0x00E5, "da", 0.4f}, {0x00E5, "no", 0.4f},
    {0x00E4, "sv", 0.4f}, {0x00E4, "de", 0.4f}, {0x00E4, "fi", 0.5f}, {0x00F6, "sv", 0.3f},
    {0x00F6, "de", 0.3f}, {0x00FC, "de", 0.5f}, {0x011F, "tr", 2.0f}, {0x015F, "tr", 1.5f},
    {0x0131, "tr", 2.0f}, {0x0151, "hu", 2.0f}, {0x0171, "hu", 2.0f}, {0x0159, "cs", 2.0f},
    {0x011B, "cs", 2.0f}, {0x016F, "cs", 2.0f}, {0x013E, "sk", 2.0f}, {0x0148, "sk", 0.7f},
    {0x0219, "ro", 2.0f}, {0x021B, "ro", 2.0f}, {0x0103, "ro", 1.0f}, {0x0111, "hr", 1.0f},
    {0x0111, "vi", 1.0f}, {0x01A1, "vi", 2.0f}, {0x01B0, "vi", 2.0f}, {0x0133, "nl", 1.0f},
    // Cyrillic
    {0x044B, "ru", 0.6f}, {0x044D, "ru", 0.8f}, {0x0451, "ru", 1.0f}, {0x0457, "uk", 2.0f},
    {0x0454, "uk", 2.0f}, {0x0491, "uk", 2.0f}, {0x0456, "uk", 0.6f}, {0x0456, "kk", 0.5f},
    {0x04D9, "kk", 2.0f}, {0x0493, "kk", 2.0f}, {0x049B, "kk", 2.0f}, {0x04A3, "kk", 2.0f},
    {0x04E9, "kk", 2.0f}, {0x04B1, "kk", 2.0f}, {0x04AF, "kk", 2.0f}, {0x04BB, "kk", 1.0f},
    {0x0458, "sr", 1.0f}, {0x0458, "mk", 1.0f}, {0x0459, "sr", 1.0f}, {0x045A, "sr", 1.0f},
    {0x045B, "sr", 2.0f}, {0x0452, "sr", 2.0f}, {0x045F, "sr", 0.8f}, {0x0453, "mk", 2.0f},
    {0x045C, "mk", 2.0f}, {0x0455, "mk", 2.0f}, {0x044A, "bg", 0.4f}, {0x0449, "bg", 0.2f},
    // Arabic script
    {0x064A, "ar", 0.4f}, {0x0643, "ar", 0.4f}, {0x0629, "ar", 0.4f}, {0x0649, "ar", 0.3f},
    {0x06CC, "fa", 0.3f}, {0x06A9, "fa", 0.3f}, {0x06CC, "ur", 0.2f}, {0x06A9, "ur", 0.2f},
    {0x067E, "fa", 0.3f}, {0x0686, "fa", 0.3f}, {0x0698, "fa", 0.5f}, {0x06AF, "fa", 0.3f},
    {0x0679, "ur", 1.0f}, {0x0688, "ur", 1.0f}, {0x0691, "ur", 1.0f}, {0x06BA, "ur", 1.0f},
    {0x06D2, "ur", 1.0f}, {0x06C1, "ur", 0.8f}, {0x06BE, "ur", 0.8f},
};

bool IsWordChar(UChar32 c) {
  return u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0 || c == 0x200C || c == 0x200D;
}

}  // namespace detect_language_detail

std::string DetectLanguage(std::string_view text) {
  namespace d = detect_language_detail;
  // A prefix is plenty to decide and keeps the cost bounded.
  constexpr size_t kMaxScan = 16 * 1024;
  const size_t n = text.size() < kMaxScan ? text.size() : kMaxScan;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());

  std::array<uint32_t, USCRIPT_CODE_LIMIT> script_count{};
  std::array<float, d::kNumProfiles> score{};
  const auto& index = d::WordIndex();
  std::string word;
  size_t letters = 0;
  auto end_word = [&] {
    if (word.empty()) return;
    auto it = index.find(word);
    if (it != index.end()) {
      uint64_t set = it->second;
      float w = 1.0f / static_cast<float>(__builtin_popcountll(set));
      for (size_t i = 0; i < d::kNumProfiles; ++i)
        if (set & (uint64_t{1} << i)) score[i] += w;
    }
    word.clear();
  };
  int32_t i = 0;
  const auto len = static_cast<int32_t>(n);
  while (i < len) {
    UChar32 c;
    U8_NEXT(s, i, len, c);
    if (c < 0) { end_word(); continue; }
    if (!d::IsWordChar(c)) { end_word(); continue; }
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &err);
    if (U_SUCCESS(err) && sc > USCRIPT_INHERITED && sc < USCRIPT_CODE_LIMIT) {
      ++script_count[sc];
      ++letters;
    }
    UChar32 lc = u_tolower(c);
    char buf[4];
    int32_t k = 0;
    U8_APPEND_UNSAFE(buf, k, lc);
    if (word.size() < 32) word.append(buf, static_cast<size_t>(k));
    if (lc < 0x80) continue;
    for (const d::LetterHint& h : d::kLetterHints) {
      if (h.cp == lc) {
        int p = d::ProfileIndex(h.code);
        if (p >= 0) score[p] += h.weight;
      }
    }
  }
  end_word();
  if (letters == 0) return "";

  // Dominant script; Han and kana count together for Japanese.
  uint32_t kana = script_count[USCRIPT_HIRAGANA] + script_count[USCRIPT_KATAKANA];
  uint32_t han = script_count[USCRIPT_HAN];
  int best_script = 0;
  uint32_t best_count = 0;
  for (int k = 0; k < USCRIPT_CODE_LIMIT; ++k) {
    uint32_t cnt = script_count[k];
    if (k == USCRIPT_HAN || k == USCRIPT_HIRAGANA || k == USCRIPT_KATAKANA) continue;
    if (cnt > best_count) { best_count = cnt; best_script = k; }
  }
  if (han + kana > best_count) {
    // Japanese prose has kana on nearly every line; Chinese has almost none.
    if (kana > 0 && kana * 10 >= (han + kana)) return "ja";
    if (han > 0) return "zh";
    return "ja";
  }
  for (const d::ScriptLang& sl : d::kScriptLangs)
    if (sl.script == best_script) return sl.code;

  // Script shared by several languages: best profile of that script.
  int best = -1;
  float best_score = 0.0f, second = 0.0f;
  for (size_t k = 0; k < d::kNumProfiles; ++k) {
    if (d::kProfiles[k].script != best_script) continue;
    if (score[k] > best_score) {
      second = best_score;
      best_score = score[k];
      best = static_cast<int>(k);
    } else if (score[k] > second) {
      second = score[k];
    }
  }
  if (best < 0) return "";
  // Too little evidence: one stray word is not a language.
  if (best_score < 1.5f || best_score < second * 1.05f) return "";
  return d::kProfiles[best].code;
}

}  // namespace newsdigest::text
