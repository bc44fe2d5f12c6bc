// Keywords carry no stop words, one test per language with a stop list: each
// body below (written for this test) repeats pronouns, auxiliaries and other
// function words far more often than any content word, so a function word
// missing from the language's stop list becomes a keyword.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/summarize/summarize.h"
#include "newsdigest/text/text.h"
#include "summarize_internal.h"

namespace summarize_keywords_test_detail {

namespace sm = newsdigest::summarize;
namespace si = newsdigest::summarize::internal;
namespace tx = newsdigest::text;

// `function_words` (space separated, case-folded) must all be stop words of
// `lang`; no word of any keyword of `body` may be one, and `content` (a
// content word of the body) must be among the keywords' words.
void CheckKeywords(const char* lang, std::string_view body, std::string_view function_words, std::string_view content) {
  CAPTURE(lang);
  std::vector<std::string> fw;
  for (const tx::Span& w : tx::SplitWords(function_words, lang)) fw.push_back(tx::FoldCase(w.Of(function_words)));
  REQUIRE(fw.size() >= 10);
  for (const std::string& w : fw) {
    CAPTURE(w);
    CHECK(si::IsStopWord(lang, w));
  }
  sm::SummaryOptions opt;
  opt.sentences = 2;
  opt.keywords = 12;
  sm::Summary s = sm::Summarize("", body, lang, opt);
  CAPTURE(s.keywords);
  REQUIRE(!s.keywords.empty());
  bool has_content = false;
  for (const std::string& k : s.keywords) {
    for (const tx::Span& w : tx::SplitWords(k, lang)) {
      std::string folded = tx::FoldCase(w.Of(k));
      CAPTURE(k, folded);
      has_content |= folded == tx::FoldCase(content);
      for (const std::string& f : fw) CHECK(folded != f);
      CHECK(!si::IsStopWord(lang, folded));
    }
  }
  CHECK(has_content);
}

}  // namespace summarize_keywords_test_detail

namespace kw = summarize_keywords_test_detail;

TEST_CASE("keywords: German (uns, habe, mich)", "[summarize][keywords]") {
  kw::CheckKeywords("de",
                    "Wir haben uns gestern getroffen, und ich habe mich sehr gefreut. Er hat mir gesagt, dass er uns "
                    "helfen will. Ich habe mich gefragt, ob wir euch das Boot zeigen sollten. Uns hat das Boot gefallen, "
                    "und mich hat es überrascht. Habe ich dir gesagt, dass du mich anrufen musst? Dann habe ich uns "
                    "einen Platz im Boot gesucht, und ihr habt euch gefreut.",
                    "uns habe mich mir dir euch habt ihr wir ich dich", "boot");
}

TEST_CASE("keywords: English", "[summarize][keywords]") {
  kw::CheckKeywords("en",
                    "We told them that we would be there, and they said they're sure it's fine. I'm sure we've seen the "
                    "harbour before. They've asked themselves whether we'd come, and we're coming because the harbour "
                    "is open. You're right that I've been there myself. It's the harbour they're proud of, and we're "
                    "proud of it too.",
                    "we they it's i'm we've they've we're you're i've myself themselves because whether", "harbour");
}

TEST_CASE("keywords: French", "[summarize][keywords]") {
  kw::CheckKeywords("fr",
                    "Nous sommes allés au port, et vous êtes venus avec nous. Je suis sûr que nous avons vu le bateau. "
                    "Vous avez dit que le bateau était là, et nous avons ri. Moi, je suis resté, eux sont partis. "
                    "Quand nous sommes revenus, vous aviez déjà vu le bateau, alors nous avons encore ri.",
                    "nous vous sommes êtes suis avons avez moi eux quand déjà alors encore", "bateau");
}

TEST_CASE("keywords: Spanish", "[summarize][keywords]") {
  kw::CheckKeywords("es",
                    "Nosotros hemos dicho que somos amigos, y ustedes han dicho que estamos aquí. Yo soy el que tiene el "
                    "barco. Porque hemos visto el barco, somos felices, aunque ustedes tienen dudas. Aquí estamos, y "
                    "nosotros tenemos el barco porque somos amigos.",
                    "nosotros hemos somos estamos soy porque aunque aquí ustedes han", "barco");
}

TEST_CASE("keywords: Italian", "[summarize][keywords]") {
  kw::CheckKeywords("it",
                    "Noi siamo andati al porto, e voi siete venuti con noi. Io ho visto la barca, e tu hai detto che "
                    "abbiamo ragione. Perché siamo qui? Siamo qui perché abbiamo visto la barca. Voi avete detto che "
                    "noi siamo ancora qui, e così abbiamo riso.",
                    "noi voi siamo siete ho hai abbiamo avete perché ancora così", "barca");
}

TEST_CASE("keywords: Portuguese", "[summarize][keywords]") {
  kw::CheckKeywords("pt",
                    "Nós somos amigos, e eu estou aqui porque temos o barco. Eu sou o que tem o barco, e nós estamos "
                    "felizes. Porque somos amigos, temos tempo, e ainda estamos aqui. Eu tenho dito que nós somos "
                    "amigos do barco, e assim estamos.",
                    "nós eu somos estou sou estamos tenho temos porque ainda assim aqui", "barco");
}

TEST_CASE("keywords: Dutch", "[summarize][keywords]") {
  kw::CheckKeywords("nl",
                    "Wij hebben gezegd dat jullie mijn boot mogen zien. Ik heb mijn boot hier, en jullie zijn welkom. "
                    "Omdat wij hier zijn, heb ik de boot klaar. Jullie willen de boot zien, want wij hebben het gezegd, "
                    "en ik heb het ook gezegd.",
                    "wij jullie mijn heb hebben zijn omdat want hier ook willen mogen", "boot");
}

TEST_CASE("keywords: Danish", "[summarize][keywords]") {
  kw::CheckKeywords("da",
                    "Vi har sagt, at de skal se båden. Jeg har været her, og vi vil gerne vise dem båden. Hun sagde, at "
                    "vi skulle komme, fordi båden var her. Vi har også set båden, og de har været glade for den.",
                    "vi de jeg har været her og vil hun at skulle også den", "båden");
}

TEST_CASE("keywords: Russian", "[summarize][keywords]") {
  kw::CheckKeywords("ru",
                    "Мы сказали им, что мы видели лодку. Они были рады, и мы тоже были рады. Наши друзья сказали нам, "
                    "что лодка была там. Мы видели лодку, и они видели лодку, и наши друзья были с нами.",
                    "мы им они были наши нам нами что там тоже", "лодку");
}

TEST_CASE("keywords: Ukrainian", "[summarize][keywords]") {
  kw::CheckKeywords("uk",
                    "Ми сказали їм, що ми бачили човен. Вони були раді, і ми також були раді. Його друзі сказали нам, що "
                    "човен був там. Ми бачили човен, і вони бачили човен, і його друзі були з нами.",
                    "ми їм вони були його нам що також був і з", "човен");
}

TEST_CASE("keywords: Bulgarian", "[summarize][keywords]") {
  kw::CheckKeywords("bg",
                    "Ние казахме, че ние видяхме лодката. Те бяха доволни, и ние също бяхме доволни. Той каза, че "
                    "лодката е там. Ние видяхме лодката, и те видяха лодката, и той беше с нас.",
                    "ние те той че бяха беше също каза е и с", "лодката");
}

TEST_CASE("keywords: Polish", "[summarize][keywords]") {
  kw::CheckKeywords("pl",
                    "My powiedzieliśmy, że łódź jest tutaj. Oni byli zadowoleni, i my też byliśmy zadowoleni. On "
                    "powiedział, że łódź była tam. My widzieliśmy łódź, i oni widzieli łódź, i on był z nami.",
                    "my oni on że jest byli też powiedział była był i z", "łódź");
}

TEST_CASE("keywords: Czech", "[summarize][keywords]") {
  kw::CheckKeywords("cs",
                    "My jsme řekli, že loď je tady. Oni byli spokojeni, a my jsme také byli spokojeni. On řekl, že loď "
                    "byla tam. My jsme viděli loď, a oni viděli loď, a on byl s námi.",
                    "my oni on že je byli také řekl byla byl a s", "loď");
}

TEST_CASE("keywords: Slovak", "[summarize][keywords]") {
  kw::CheckKeywords("sk",
                    "My sme povedali, že loď je tu. Oni boli spokojní, a my sme tiež boli spokojní. On povedal, že loď "
                    "bola tam. My sme videli loď, a oni videli loď, a on bol s nami.",
                    "my oni on že je boli tiež povedal bola bol a s", "loď");
}

TEST_CASE("keywords: Greek", "[summarize][keywords]") {
  kw::CheckKeywords("el",
                    "Εμείς είπαμε ότι το σκάφος είναι εδώ. Αυτοί ήταν ευχαριστημένοι, και εμείς επίσης. Αυτός είπε ότι "
                    "το σκάφος ήταν εκεί. Είδαμε το σκάφος, και αυτοί είδαν το σκάφος, και αυτός ήταν μαζί μας.",
                    "εμείς ότι το είναι αυτοί ήταν και επίσης αυτός μας μαζί", "σκάφος");
}

TEST_CASE("keywords: Arabic", "[summarize][keywords]") {
  kw::CheckKeywords("ar",
                    "قال هو إن السفينة في الميناء. وقال هو إن السفينة كانت هناك منذ يوم. هذا ما قال هو عن السفينة، "
                    "وهذه هي السفينة التي كانت في الميناء.",
                    "قال هو إن في كانت منذ هذا ما عن هذه هي التي", "السفينة");
}

TEST_CASE("keywords: Chinese", "[summarize][keywords]") {
  kw::CheckKeywords("zh", "我们说这艘船在港口。他们说这艘船是我们的。我们的船在港口，他们也说了。这是我们的船。",
                    "我们 他们 的 是 在 也 说 了 这 和 一个", "船");
}

TEST_CASE("keywords: Japanese", "[summarize][keywords]") {
  kw::CheckKeywords("ja", "私たちは船を見た。その船は港にある。この船はとても大きい。私たちはその船が好きだ。",
                    "の に は を た が で て と も", "船");
}
