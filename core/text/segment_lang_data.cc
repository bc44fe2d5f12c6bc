// Per-language segmentation data, written for newsdigest: abbreviations
// (by kind) and sentence starters. Entries are lower case, space separated,
// without the final period; internal periods are kept ("e.g", "z.b", "т.е").
// Single letters need no entry: they are handled as initials.
#include <map>
#include <memory>
#include <mutex>

#include "segment_rules.h"

namespace newsdigest::text {
namespace segment_lang_data_detail {

struct LangTable {
  const char* lang;
  const char* title;    // AbbrevKind::kTitle
  const char* numeric;  // AbbrevKind::kNumeric
  const char* general;  // AbbrevKind::kGeneral
  const char* starters;
  bool ordinal_dot;
};

constexpr LangTable kTables[] = {
    {"en",
     "mr mrs ms messrs mmes mx dr prof rev fr hon gen lt col maj capt cmdr adm sgt cpl pvt sen "
     "rep gov pres supt insp det mt e.g i.e cf viz vs approx esp",
     "no nos nr art pp vol ch fig figs sec tel ph ext op para pt pts",
     "inc ltd co corp llc plc bros dept univ assoc assn jr sr esq st ave blvd rd hwy ft sq etc al "
     "est govt intl natl div jan feb mar apr jun jul aug sep sept oct nov dec mon tue "
     "tues wed thu thur thurs fri sat lb lbs oz yd mi mph hr hrs min mins calif mass conn fla "
     "ga ill ind kan ky la md mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis "
     "wyo ariz colo del",
     "the a an he she it they we i you his her its their our my your this that these those there "
     "here but and or so yet however meanwhile in on at for after before when while if as "
     "although though since because what who why how where which whose is are was were do does "
     "did can could will would should shall may might must not no yes some many most all both "
     "each every one two three several few then now still also even despite during under with "
     "without by from to according other another such only more many let please thanks",
     false},
    {"de",
     "hr hrn frl dr prof dipl ing med jur phil rer nat z.b d.h u.a v.a o.ä s.o s.u vgl bzw ca "
     "evtl ggf inkl zzgl sog bspw insb ehem gegr geb stellv i.d.r z.t z.z o.g sr st hl",
     "nr no art abs bd ziff tel kap",
     "usw etc jh mio mrd tsd str kath ev evang abt dt engl franz allg jan feb mär apr jun jul "
     "aug sep sept okt nov dez chr gest u.ä hbf bhf mo di mi do fr sa",
     "der die das ein eine einer eines er sie es wir ich ihr man dies diese dieser dieses doch "
     "aber und oder denn auch dann danach damit dabei darum deshalb trotzdem jedoch zudem "
     "außerdem nach vor in im am an auf aus bei mit von zu zum zur seit während wenn als ob wie "
     "was wer wo warum wann welche welcher nun hier dort da alle viele mehrere zwei drei kein "
     "keine nicht sein seine ihre unser unsere noch bereits schon laut so",
     true},
    {"fr",
     "mm mme mlle mgr dr pr st ste p.ex cf c.-à-d av apr env vs",
     "n no nº n° art pp vol chap fig tél éd",
     "etc cie inc ltd j.-c boul bd janv févr avr juil sept oct nov déc lun mer jeu ven sam dim "
     "min",
     "le la les l un une des il elle ils elles on nous vous je j ce cette ces c mais et ou donc "
     "or car puis ensuite alors cependant pourtant toutefois en dans pour par sur selon après "
     "avant depuis pendant lorsque quand si comme qui que quoi où pourquoi comment quel quelle "
     "son sa ses leur leurs mon ma mes notre nos tout tous toutes plusieurs aucun aucune d qu "
     "au aux du cela ça enfin",
     false},
    {"es",
     "sr sra srta sres dr dra lic ing arq prof gral excmo excma ud uds vd vds dña p.ej aprox "
     "vs ej",
     "núm nº n° art pág págs pp vol cap tel fig",
     "etc cía s.a s.l ee uu ene feb mar abr jun jul ago sep sept oct nov dic avda av dpto depto "
     "a.c d.c",
     "el la los las lo un una unos unas él ella ellos ellas yo tú nosotros usted este esta "
     "estos estas ese esa eso esto aquel pero y o sin sino además también en con por para desde "
     "tras según durante cuando si como que qué quién cuál dónde cómo su sus mi mis nuestro "
     "nuestra todo todos toda todas hay no sí ya así entonces luego ahora hoy ayer se le les "
     "al del",
     false},
    {"it",
     "sig sigg sig.ra sig.na dott dott.ssa prof prof.ssa avv ing arch on sen mons cav comm egr "
     "es cfr p.es ca vs",
     "n nr art pag pagg pp vol cap tel fig",
     "ecc s.p.a s.r.l spa srl gen feb mar apr mag giu lug ago set ott nov dic lun mer gio ven "
     "sab dom c.so v.le p.za p.zza",
     "il lo la i gli le l un uno una egli ella lui lei loro noi voi io tu questo questa questi "
     "queste quello quella ma e o però inoltre anche quindi dunque allora poi in nel nella con "
     "per da dal dalla su sul dopo prima durante secondo quando se come che chi cosa dove "
     "perché suo sua suoi sue mio nostro tutto tutti tutte non sì c ci si ne è era sono ha "
     "hanno oggi ieri già",
     false},
    {"nl",
     "dhr mevr mw mr dr drs ir ing prof bijv bv o.a d.w.z i.p.v m.b.t t.a.v t.o.v z.g.a.n ca "
     "resp vs zgn evt m.u.v",
     "nr blz art pp tel fig",
     "enz etc jl n.v b.v jan feb mrt apr jun jul aug sep sept okt nov dec",
     "de het een hij zij ze wij we ik jij je u dit dat deze die daar hier maar en of want dus "
     "toch echter ook in op met voor na bij door van uit om als toen wanneer wat wie waarom hoe "
     "waar welke zijn haar hun mijn ons onze er alle veel geen niet nu dan daarna volgens "
     "tijdens 's 't",
     false},
    {"da",
     "hr dr prof bl.a f.eks dvs jf ca evt inkl ekskl pga ifm vedr mht iflg ang o.l m.fl bl skt",
     "nr kl tlf stk",
     "osv mv m.v m.m etc pct mio mia mill kr jan feb mar apr jun jul aug sep sept okt nov dec "
     "st gl",
     "den det de en et han hun vi jeg du i dette disse der her men og eller for så også derfor "
     "dog dermed desuden på med til fra efter før under ved om når hvis som hvad hvem hvorfor "
     "hvordan hvor hans hendes deres min vores alle mange ingen ikke nu da ifølge derefter "
     "herefter senere samtidig",
     true},
    {"no",
     "hr dr prof bl.a f.eks dvs jf ca evt inkl ekskl pga ifm vedr mht iflg o.l m.fl",
     "nr kl tlf stk",
     "osv mv m.v m.m etc pst mill mrd kr jan feb mar apr jun jul aug sep sept okt nov des st",
     "den det de en et han hun vi jeg du dette disse der her men og eller for så også derfor "
     "dog dermed i på med til fra etter før under ved om når hvis som hva hvem hvorfor hvordan "
     "hvor hans hennes deres min vår alle mange ingen ikke nå da ifølge",
     true},
    {"sv",
     "hr dr prof bl.a t.ex dvs jfr ca inkl exkl pga fr.o.m t.o.m resp",
     "nr kl tel",
     "osv m.m etc mkr milj kr jan feb mar apr jun jul aug sep sept okt nov dec st",
     "den det de en ett han hon vi jag du detta dessa där här men och eller för så också "
     "därför dock i på med till från efter före under vid om när hur vad vem varför var hans "
     "hennes deras min vår alla många ingen inte nu då enligt",
     true},
    {"pl",
     "np tzn tj tzw m.in prof dr hab inż mgr ks św gen płk mjr kpt por ppłk p.o ok śp ob",
     "nr pkt ust art str poz tel godz",
     "itd itp tys mln mld ul al pl os woj pow gm br ub n.e p.n.e sty lut kwi cze lip sie wrz "
     "paź lis gru ww",
     "w we na z ze do od po za przez dla przy bez o u i a ale lub oraz czy jednak także "
     "również też więc dlatego natomiast on ona ono oni one my ja wy ty to ten ta te tego jego "
     "jej ich nasz nasza mój wszyscy wszystko jak co kto gdzie kiedy dlaczego który która "
     "które jeśli chociaż choć aby żeby nie tak już jeszcze teraz wtedy potem później tutaj "
     "tam według podczas",
     true},
    {"cs",
     "p pí sl ing mgr bc doc prof mudr judr phdr rndr paeddr csc drsc sv gen plk mjr kpt npor",
     "č čís str s tel odst odd",
     "atd tzv apod např resp tj t.j mj cca aj pozn viz min max tis mil mld kč led úno bře dub "
     "kvě čvn čvc srp zář říj lis pro ul nám s.r.o a.s spol hod stol n.l př.n.l",
     "v ve na do od po za pro při bez o u s se k ke a i ale nebo či však také proto tedy "
     "potom pak nyní teď zde tam když pokud jestli protože aby podle během mezi před po "
     "to ten ta ty tento tato toto je byl byla bylo byli jsou bude se si já ty on ona ono my vy "
     "oni ony jeho její jejich náš naše všichni všechno jak co kdo kde kdy proč který která "
     "které ne už ještě",
     true},
    {"sk",
     "p pán pani ing mgr bc doc prof mudr judr phdr rndr paeddr csc drsc sv gen plk mjr kpt npor",
     "č čís str s tel ods odd",
     "atď tzv napr resp tj t.j cca a.i pozn viď min max tis mil mld jan feb mar apr máj jún "
     "júl aug sep okt nov dec ul nám s.r.o a.s spol hod stor n.l pred.n.l",
     "v vo na do od po za pre pri bez o u s so k ku a i aj ale alebo či však tiež preto teda "
     "potom teraz tu tam keď ak lebo pretože aby podľa počas medzi pred to ten tá tie tento "
     "táto toto je bol bola bolo boli sú bude sa si ja ty on ona ono my vy oni ony jeho jej "
     "ich náš naša všetci všetko ako čo kto kde kedy prečo ktorý ktorá ktoré nie už ešte",
     true},
    {"ru",
     "г-н г-жа проф акад им т.е т.к т.н т.о т.ч напр см ср ок",
     "ст пп рис табл гл",
     "г гг т.д т.п др проч млн млрд тыс руб коп долл ул пр обл мин сек вв н.э янв февр мар апр "
     "авг сент окт нояб дек",
     "в во на с со по к о об от из за для при без после до и а но или однако также тоже кроме "
     "он она оно они мы я вы ты это этот эта эти тот та те то его ее её их наш наша мой все "
     "всё как что кто где когда почему зачем какой какая который если хотя чтобы ранее позже "
     "сейчас теперь тогда затем потом поэтому не нет да уже еще ещё так там здесь вчера "
     "сегодня по словам",
     false},
    {"uk",
     "проф акад ім т.б т.з напр див пор",
     "ст пп рис табл",
     "р рр т.д т.ін т.п др млн млрд тис грн вул обл хв",
     "в у на з із зі по до від за для при без після і й а але або однак також він вона воно "
     "вони ми я ви ти це цей ця ці той та ті то його її їх наш мій всі все як що хто де коли "
     "чому який яка які якщо хоча щоб раніше зараз тепер тоді потім тому не ні так вже ще там "
     "тут вчора сьогодні",
     false},
    {"bg",
     "г-н г-жа проф акад т.е напр вж ср ок",
     "ал чл стр",
     "г гр ул бул пл др т.н т.нар млн млрд хил лв ст обл ян фев мар апр авг сеп окт ное дек",
     "в във на с със по към от за при без след до и а но или обаче също той тя то те ние аз "
     "вие ти това този тази тези онзи как какво кой къде кога защо който която които ако "
     "макар още вече така там тук не да освен затова според сега тогава вчера днес",
     false},
    {"kk",
     "проф акад т.б т.с.с б.з.б б.з.д",
     "",
     "ж жж ғ млн млрд мың тг қ обл көш",
     "бұл ол олар біз мен сен сіз осы сол және бірақ алайда сондай-ақ егер өйткені себебі "
     "кейін бүгін кеше қазір содан осылайша мұнда онда барлық көптеген әр ешқандай не кім "
     "қашан қайда неге қалай",
     false},
    {"el",
     "κα δρ καθ π.χ δηλ βλ αγ",
     "αρ σελ άρθ κεφ τηλ παρ",
     "κτλ κ.λπ κ.ά κ.α χλμ εκ δισ χιλ μ.χ ιαν φεβ μαρ απρ ιουν ιουλ αυγ σεπ οκτ νοε δεκ οδ λεωφ",
     "ο η το οι τα ένας μία μια ένα αυτός αυτή αυτό αυτοί αυτές αυτά εγώ εμείς εσύ εσείς αλλά "
     "και ή όμως επίσης ωστόσο έτσι στο στη στην στον στα στους σε με για από μετά πριν κατά "
     "όταν αν ενώ που πού τι ποιος πώς γιατί δεν μην ήδη τώρα σήμερα χθες εκεί εδώ όλοι πολλοί "
     "τις των τον την",
     false},
    {"hy",
     "պրն տկն դր պրոֆ",
     "էջ",
     "թ թթ ք փ մ.թ.ա մ.թ դ",
     "այս այդ այն նա նրանք մենք ես դուք դու բայց և կամ սակայն նաև եթե երբ որ ինչ ով որտեղ "
     "ինչու ինչպես հետո այժմ այսօր երեկ",
     false},
    {"ar",
     "",
     "ص",
     "هـ ق.م إلخ الخ",
     "في من على إن أن كما وقال وأضاف وأكد وكان لكن ثم هذا هذه ذلك تلك كان كانت قال قالت أكد "
     "وفي ومن وعلى هو هي هم نحن أنا وقد قد لم لن ما لا إذا عندما بعد قبل منذ خلال حسب وفق "
     "ويذكر يذكر و ف",
     false},
    {"fa",
     "",
     "ص",
     "ق.م ه.ش ه.ق",
     "این آن او ما من شما آنها ایشان در به از با برای که و اما ولی همچنین سپس پس اگر چون "
     "زیرا هنوز امروز دیروز یک هر همه چه چرا کجا چگونه",
     false},
    {"ur",
     "",
     "ص",
     "",
     "یہ وہ میں ہم آپ اس ان کے اور لیکن مگر پھر اگر کیونکہ جب تاہم بھی ایک ہر سب کیا کیوں "
     "کہاں کب کون",
     false},
    {"hi",
     "डॉ प्रो श्री उदा",
     "पृ",
     "रु ई सं",
     "यह वह ये वे मैं हम आप उन्होंने उसने इस उस लेकिन परंतु और तथा फिर अगर क्योंकि जब तब भी "
     "एक हर सभी क्या क्यों कहाँ कब कौन कैसे इसके उसके इसी",
     false},
    {"zh", "", "", "", "", false},
    {"ja", "", "", "", "", false},
    {"am", "", "", "", "", false},
    // Ordinal-dot languages without a full table: neutral abbreviations
    // plus the ordinal convention.
    {"fi", "", "", "", "", true},
    {"hu", "", "", "", "", true},
    {"hr", "", "br", "", "", true},
    {"sl", "", "", "", "", true},
    {"tr", "", "", "", "", true},
};

// Abbreviations that hold in most languages we see (Latin-script neutral set).
constexpr const char* kNeutralTitle = "dr prof e.g i.e cf vs";
constexpr const char* kNeutralGeneral = "etc inc ltd co corp jr sr st";
constexpr const char* kTimeAbbrevs = "a.m p.m";
constexpr const char* kTimeFollowers =
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat "
    "sun january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec et est edt ct cst cdt mt mst mdt pt pst "
    "pdt gmt bst utc cet cest eastern central mountain pacific local";

void AddWords(const char* list, std::unordered_map<std::string, AbbrevKind>* m, AbbrevKind k) {
  std::string_view w(list);
  size_t p = 0;
  while (p < w.size()) {
    size_t q = w.find(' ', p);
    if (q == std::string_view::npos) q = w.size();
    if (q > p) m->emplace(std::string(w.substr(p, q - p)), k);
    p = q + 1;
  }
}

void AddStarters(const char* list, std::unordered_set<std::string>* s) {
  std::string_view w(list);
  size_t p = 0;
  while (p < w.size()) {
    size_t q = w.find(' ', p);
    if (q == std::string_view::npos) q = w.size();
    if (q > p) s->emplace(w.substr(p, q - p));
    p = q + 1;
  }
}

std::unique_ptr<SegmentRules> Build(std::string_view lang) {
  auto r = std::make_unique<SegmentRules>();
  r->lang = std::string(lang);
  const LangTable* table = nullptr;
  for (const LangTable& t : kTables)
    if (lang == t.lang) table = &t;
  // Title first: emplace keeps the first kind given to a word.
  if (table != nullptr) {
    AddWords(table->title, &r->abbrevs, AbbrevKind::kTitle);
    AddWords(table->numeric, &r->abbrevs, AbbrevKind::kNumeric);
    AddWords(table->general, &r->abbrevs, AbbrevKind::kGeneral);
    AddStarters(table->starters, &r->starters);
    r->ordinal_dot = table->ordinal_dot;
  }
  if (table == nullptr || std::string_view(table->lang) == "en") {
    AddWords(kTimeAbbrevs, &r->abbrevs, AbbrevKind::kTime);
    AddStarters(kTimeFollowers, &r->time_followers);
  }
  if (table == nullptr || table->starters[0] == '\0') {
    // Neutral: English knowledge is the best guess for unknown Latin text.
    const LangTable& en = kTables[0];
    AddWords(kNeutralTitle, &r->abbrevs, AbbrevKind::kTitle);
    AddWords(kNeutralGeneral, &r->abbrevs, AbbrevKind::kGeneral);
    if (table == nullptr) {
      AddWords(en.title, &r->abbrevs, AbbrevKind::kTitle);
      AddWords(en.numeric, &r->abbrevs, AbbrevKind::kNumeric);
      AddWords(en.general, &r->abbrevs, AbbrevKind::kGeneral);
    }
    AddStarters(en.starters, &r->starters);
  }
  r->colon_full_stop = lang == "hy";
  r->semicolon_question = lang == "el";
  r->split_before_lower = lang == "el";
  r->cjk = lang == "zh" || lang == "ja" || lang == "ko";
  return r;
}

// "de-CH" / "pt_BR" / "EN" -> "de" / "pt" / "en".
std::string PrimarySubtag(std::string_view lang) {
  std::string out;
  for (char c : lang) {
    if (c == '-' || c == '_') break;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (out == "nb" || out == "nn") out = "no";
  return out;
}

}  // namespace segment_lang_data_detail

const SegmentRules& RulesFor(std::string_view lang) {
  namespace d = segment_lang_data_detail;
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<SegmentRules>, std::less<>> cache;
  thread_local const SegmentRules* last = nullptr;
  thread_local std::string last_tag;
  if (last != nullptr && last_tag == lang) return *last;
  std::string key = d::PrimarySubtag(lang);
  const SegmentRules* found;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(key, d::Build(key)).first;
    found = it->second.get();
  }
  last = found;
  last_tag.assign(lang);
  return *found;
}

}  // namespace newsdigest::text
