// Language helpers for the summarizer: our own small stop-word lists, a
// script + stop-word language guess, and Snowball stemming (libstemmer).
#include <libstemmer.h>

#include <algorithm>
#include <map>
#include <span>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

#include "summarize_internal.h"

namespace newsdigest::summarize::internal {
namespace summarize_lang_detail {

// Function words only: articles, pronouns, auxiliaries, prepositions,
// conjunctions and a few reporting fillers. Lists are ours and deliberately
// small; they only keep grammar out of centrality and keywords.
struct StopList {
  const char* lang;
  const char* words;  // space separated, case-folded
};

constexpr StopList kStopLists[] = {
    {"en",
     "a an the and or but nor so yet if then than that this these those there here of in on at to for from by "
     "with without about into onto over under after before during since until while as is are was were be been "
     "being am do does did done has have had having will would shall should can could may might must not no it "
     "its it's he him his she her hers they them their theirs we us our ours you your yours i me my mine who whom "
     "whose which what when where why how all any both each few more most other some such only own same too very "
     "just also s t don't said says say told also up down out off again further once one two new "
     "mr mrs ms"},
    {"fr",
     "le la les l un une des du de d et ou mais donc or ni car que qu qui quoi dont où ce cet cette ces c ça "
     "il elle ils elles on nous vous je j tu me m te t se s lui leur leurs y en son sa ses mon ma mes ton ta tes "
     "notre nos votre vos au aux à dans par pour sur sous avec sans entre vers chez depuis pendant avant après "
     "est sont était étaient été être a ont avait avaient avoir fait faire sera seront serait ne pas plus "
     "moins très aussi comme si tout tous toute toutes même autre autres selon cela ceci dit n"},
    {"de",
     "der die das den dem des ein eine einer eines einem einen und oder aber doch sondern denn dass daß wenn "
     "als wie ob weil da zu zum zur im in am an auf aus bei mit nach von vor für über unter durch gegen ohne um "
     "bis seit ist sind war waren sein gewesen hat haben hatte hatten wird werden wurde wurden würde kann können "
     "konnte muss müssen soll sollen nicht kein keine keinen auch noch schon nur sehr so es er sie wir ihr ich "
     "du man sich sein seine seiner ihre ihren ihrem mein meine dieser diese dieses diesen diesem jeder jede "
     "alle alles mehr sagte"},
    {"es",
     "el la los las lo un una unos unas y e o u pero ni que quien quienes cual cuales cuyo donde cuando como "
     "de del al a en por para con sin sobre entre hasta desde hacia según tras ante bajo es son era eran fue "
     "fueron ser sido está están estaba estar ha han había habían haber hay se su sus le les me te nos os mi "
     "mis tu tus él ella ellos ellas nosotros vosotros usted ustedes yo este esta estos estas ese esa esos esas "
     "no sí más muy también ya todo todos toda todas otro otra otros otras dijo"},
    {"it",
     "il lo la i gli le un uno una e ed o ma né che chi cui dove quando come di del dello della dei degli delle "
     "a al allo alla ai agli alle da dal dalla dai in nel nello nella nei negli nelle su sul sulla sui con per "
     "tra fra è sono era erano stato stata essere ha hanno aveva avere si non più anche già questo questa "
     "questi queste quello quella suo sua suoi sue loro lui lei noi voi io tu molto tutto tutti"},
    {"pt",
     "o a os as um uma uns umas e ou mas nem que quem qual onde quando como de do da dos das em no na nos nas "
     "por pelo pela pelos pelas para com sem sobre entre até desde ao aos à às é são era eram foi foram ser "
     "sido está estão estava estar tem têm tinha ter há se seu sua seus suas ele ela eles elas nós eu você "
     "não mais muito também já todo todos toda todas este esta estes estas esse essa isso isto disse"},
    {"nl",
     "de het een en of maar dat die dit deze wie wat waar wanneer hoe van in op aan met voor naar bij door "
     "over uit om tot tegen onder is zijn was waren ben bent wordt worden werd werden heeft hebben had hadden "
     "zal zullen kan kunnen moet moeten niet geen ook nog al er hij zij ze wij we jij je ik u hem haar hun "
     "ons zich als dan zo te meer zei"},
    {"ru",
     "и в во не что он на я с со как а то все всё она так его но да ты к у же вы за бы по только ее её мне было "
     "вот от меня еще ещё нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был была были него до "
     "вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем "
     "сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним "
     "здесь этом один почти мой тем чтобы нее неё кажется сейчас куда зачем всех никогда можно при наконец два "
     "об другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем "
     "хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это также "
     "который которые которая которого сказал заявил"},
    {"ar",
     "في من على إلى الى عن مع أن ان إن لا ما لم لن هو هي هم هن أنا نحن أنت هذا هذه ذلك تلك التي الذي الذين "
     "كان كانت يكون تكون قد كل بين بعد قبل عند حتى أو او ثم أي إذا اذا لكن وقد وفي كما منذ خلال حيث ولا وهو "
     "وهي فى به بها له لها لهم عليه عليها فيه فيها منه منها وقال قال"},
    {"zh",
     "的 了 是 在 和 与 及 也 就 都 而 或 但 并 被 把 从 对 为 以 于 这 那 之 其 他 她 它 我 你 们 他们 我们 "
     "一个 有 没有 不 很 将 已 已经 等 中 上 下 个 着 过 会 要 说 表示"},
    {"ja",
     "の に は を た が で て と し れ さ ある いる も な する から だ こと として い や れる など なっ ない この ため "
     "その あっ よう また もの という あり まで られ なる へ か だっ それ によって により おり より による ず"},
};

// More function words (pronoun, auxiliary and contraction forms; and the
// languages of text::SplitSentences that the first table lacks), so that
// keywords carry none of them. Merged with kStopLists per language. Words
// are compared case-folded (text::FoldCase), so Greek final sigma is 'σ'.
constexpr StopList kMoreStopLists[] = {
    {"en",
     "i'm i've i'd i'll you're you've he's she's we're we've they're they've that's there's isn't aren't "
     "wasn't weren't doesn't didn't can't won't haven't hasn't hadn't myself yourself himself herself "
     "itself ourselves themselves because whether though although however via per upon among against"},
    {"fr",
     "moi toi eux soi lequel laquelle lesquels celui celle ceux celles suis es sommes êtes étais "
     "étions étiez fut furent soit soient sois ai as avons avez aurait auraient aura auront eu peut "
     "peuvent pouvait doit doivent ainsi alors encore déjà puis lors quand comment pourquoi jamais rien "
     "aucun aucune chaque"},
    {"de",
     "uns unser unsere unserer unseren unserem euch euer eure mich mir dich dir ihm ihn ihnen ihres ihrer "
     "seinem seinen seines meinem meinen meiner meines deine deinen deinem deiner dein habe hast habt "
     "hätte hätten bin bist seid wäre wären werde wirst werdet worden darf dürfen durfte mag mögen "
     "möchte möchten will wollen wollte wollten sollte sollten musste mussten könnte könnten kannst "
     "ja nein nun dann wo was wer wen wem wessen welche welcher welches welchen welchem jene jener jenes "
     "dort hier etwas nichts viel viele vielen einige einigen ins vom beim ans damit dabei dazu darauf "
     "darüber davon dafür dagegen deshalb also obwohl während bereits immer wieder sowie"},
    {"es",
     "mí ti sí nuestro nuestra nuestros nuestras vuestro vuestra suyo suya soy eres somos sois estoy "
     "estás estamos he has hemos habéis habrá habría sería será serán tiene tienen tenía puede "
     "pueden podía porque pues aunque sino tan tanto cada aquí allí eso esto aquel aquella"},
    {"it",
     "mi ti ci vi ne mio mia miei mie tuo tua nostro nostra vostro vostra sei siamo siete ho hai abbiamo "
     "avete stati state sarà sarebbe può possono deve devono perché però ancora così quindi se "
     "mentre ogni nessuno niente qui"},
    {"pt",
     "me te nos lhe lhes meu minha meus minhas teu tua nosso nossa sou somos estou estamos tenho temos "
     "será seria pode podem deve devem porque porém ainda assim então cada nada aqui ali aquele aquela "
     "aquilo num numa"},
    {"nl",
     "mij mijn jou jouw jullie hen onze uw men welke heb hebt geweest word kon zou zouden wil willen mag "
     "mogen moest nu toen dus omdat want alleen wel niets iets alles veel daar hier"},
    {"ru",
     "мы вы оно мной нам нами тебе тобой вами им нему ими "
     "свой своя своё свои своего своей своих моё мои наш "
     "наша наше наши ваш ваша ваше ваши эта этих та те той "
     "тех вся были являются является могут"},
    {"da",
     "og i at det en den til er som på de med han af for ikke der var mig sig men et har om vi min havde "
     "ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev "
     "kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også under have "
     "dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver "
     "hendes været thi jer sådan sagde jeg vores jeres hans deres mig dig sig hende dem os også her der"},
    {"pl",
     "i w we z ze na do od o u a że się nie to jest są był była było byli były być jak ale lub "
     "albo oraz czy już tylko też także po przez przy dla za pod nad przed między jego jej ich ten ta "
     "te tego tej tym tych go mu mi mnie nam nas was wam on ona ono oni one ja ty my wy który która "
     "które którego której których co gdy jeśli tak bardzo może mogą będzie będą został "
     "została zostało powiedział"},
    {"cs",
     "a i v ve z ze na do od o u k s se si je jsou byl byla bylo byli být jak ale nebo či že to ten ta "
     "tento tato toto tohoto tom tím jeho její jejich jim mu mi mně nás vás on ona ono oni my vy já "
     "ty který která které kterého jaké pro při po za pod nad před mezi také jen už již když "
     "jestli tak velmi může mohou bude budou řekl podle"},
    {"sk",
     "a i v vo z zo na do od o u k s sa si je sú bol bola bolo boli byť ako ale alebo či že to ten "
     "tá toto tohto tom tým jeho jej ich im mu mi mne nás vás on ona ono oni my vy ja ty ktorý "
     "ktorá ktoré ktorého pre pri po za pod nad pred medzi tiež len už keď ak tak veľmi môže "
     "môžu bude budú povedal podľa"},
    {"bg",
     "и в във на с със за от до по при към че да не се е са бе "
     "беше бяха бил била било били ще като но или ако то той "
     "тя те ние вие аз ти го му ѝ им ни ви ме това този тази "
     "тези който която което които неговия нейния техния "
     "също само вече много може каза"},
    {"el",
     "και να το η ο οι τα τη την τησ του των τον στο στη στην "
     "στον στα στισ στουσ σε με από για ωσ που θα δεν μη μην "
     "είναι ήταν είχε έχει έχουν αυτό αυτή αυτόσ αυτά αυτέσ "
     "αυτοί ένα μια ένασ μου σου μασ σασ τουσ ή αλλά όμωσ "
     "επίσησ ακόμη πολύ όπωσ όταν αν ότι πωσ δήλωσε εμείσ εσείσ εγώ εσύ εκεί εδώ μαζί"},
    {"uk",
     "і й та в у на з із зі до від по за при про що як але або чи "
     "не ні це цей ця ці той ті він вона воно вони ми ви я ти "
     "його її їх йому їй їм мене мені нас вам вас був була "
     "було були бути є буде будуть також вже лише тільки "
     "дуже може можуть який яка яке які сказав нам нами вам вами мені мене тебе собі свій своє свої наш наша наші ваш там тут де коли"},
};

const std::unordered_set<std::string_view>* StopSetFor(std::string_view lang) {
  static const std::map<std::string_view, std::unordered_set<std::string_view>>* sets = [] {
    auto* m = new std::map<std::string_view, std::unordered_set<std::string_view>>();
    const std::span<const StopList> lists[] = {std::span<const StopList>(kStopLists),
                                               std::span<const StopList>(kMoreStopLists)};
    for (const std::span<const StopList>& list : lists) {
      for (const StopList& sl : list) {
        std::unordered_set<std::string_view>& set = (*m)[sl.lang];
        std::string_view all(sl.words);
        size_t at = 0;
        while (at < all.size()) {
          size_t sp = all.find(' ', at);
          if (sp == std::string_view::npos) sp = all.size();
          if (sp > at) set.insert(all.substr(at, sp - at));
          at = sp + 1;
        }
      }
    }
    return m;
  }();
  auto it = sets->find(lang);
  return it == sets->end() ? nullptr : &it->second;
}

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// One stemmer per (thread, language); null when Snowball lacks the language.
sb_stemmer* StemmerFor(std::string_view lang) {
  thread_local std::map<std::string, std::unique_ptr<sb_stemmer, StemmerDeleter>, std::less<>> cache;
  auto it = cache.find(lang);
  if (it != cache.end()) return it->second.get();
  sb_stemmer* st = nullptr;
  // Snowball's "porter" and "english" both answer to "en"; ISO codes only.
  if (lang.size() >= 2 && lang.size() <= 3) st = sb_stemmer_new(std::string(lang).c_str(), "UTF_8");
  cache.emplace(std::string(lang), std::unique_ptr<sb_stemmer, StemmerDeleter>(st));
  return st;
}

}  // namespace summarize_lang_detail

std::string PrimaryLanguage(std::string_view lang) {
  std::string out;
  for (char c : lang) {
    if (c == '-' || c == '_') break;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

bool IsStopWord(std::string_view lang, std::string_view folded) {
  const auto* set = summarize_lang_detail::StopSetFor(lang);
  return set != nullptr && set->count(folded) != 0;
}

std::string StemWord(std::string_view lang, std::string_view folded) {
  sb_stemmer* st = summarize_lang_detail::StemmerFor(lang);
  if (st == nullptr || folded.empty()) return std::string(folded);
  const sb_symbol* r = sb_stemmer_stem(st, reinterpret_cast<const sb_symbol*>(folded.data()),
                                       static_cast<int>(folded.size()));
  if (r == nullptr) return std::string(folded);
  return std::string(reinterpret_cast<const char*>(r), static_cast<size_t>(sb_stemmer_length(st)));
}

}  // namespace newsdigest::summarize::internal
