// DetectLanguage: one short news-like paragraph per language, written for
// these tests, plus the "unsure" cases.
#include <catch2/catch.hpp>

#include <string>

#include "newsdigest/text/text.h"

namespace {

struct DetectLanguageCase {
  const char* want;
  const char* text;
};

const DetectLanguageCase kDetectLanguageCases[] = {
    {"en", "The council said on Tuesday that the new bridge would open in the spring, after two years of delays."},
    {"fr", "Le conseil municipal a annoncé mardi que le nouveau pont ouvrira au printemps, après deux ans de retard."},
    {"de", "Der Stadtrat teilte am Dienstag mit, dass die neue Brücke nach zwei Jahren Verzögerung im Frühjahr eröffnet wird."},
    {"es", "El ayuntamiento anunció el martes que el nuevo puente se abrirá en primavera, después de dos años de retrasos."},
    {"it", "Il consiglio comunale ha annunciato martedì che il nuovo ponte sarà aperto in primavera, dopo due anni di ritardi."},
    {"pt", "A câmara anunciou na terça-feira que a nova ponte será aberta na primavera, depois de dois anos de atrasos."},
    {"nl", "De gemeenteraad heeft dinsdag gezegd dat de nieuwe brug in het voorjaar opengaat, na twee jaar vertraging."},
    {"da", "Byrådet meddelte tirsdag, at den nye bro åbner til foråret efter to års forsinkelse, og at den blev dyrere."},
    {"sv", "Kommunen meddelade på tisdagen att den nya bron öppnar i vår efter två års förseningar, och att den blev dyrare."},
    {"pl", "Rada miasta poinformowała we wtorek, że nowy most zostanie otwarty wiosną, po dwóch latach opóźnień."},
    {"ru", "Городской совет сообщил во вторник, что новый мост откроется весной, после двух лет задержек."},
    {"bg", "Общинският съвет съобщи във вторник, че новият мост ще бъде открит през пролетта, след две години забавяне."},
    {"kk", "Қалалық кеңес сейсенбі күні жаңа көпір көктемде ашылатынын хабарлады, бұл екі жылдық кідірістен кейін болады."},
    {"uk", "Міська рада повідомила у вівторок, що новий міст відкриють навесні, після двох років затримок."},
    {"ar", "أعلن المجلس البلدي يوم الثلاثاء أن الجسر الجديد سيفتح في الربيع بعد عامين من التأخير."},
    {"fa", "شورای شهر روز سه‌شنبه اعلام کرد که پل جدید پس از دو سال تأخیر در بهار باز می‌شود."},
    {"ur", "سٹی کونسل نے منگل کو کہا کہ نیا پل دو سال کی تاخیر کے بعد موسم بہار میں کھل جائے گا۔"},
    {"hi", "नगर परिषद ने मंगलवार को कहा कि नया पुल दो साल की देरी के बाद वसंत में खुलेगा।"},
    {"zh", "市议会周二表示，新桥将在延误两年后于春季开通。"},
    {"ja", "市議会は火曜日、新しい橋が二年の遅れを経て春に開通すると発表した。"},
    {"el", "Το δημοτικό συμβούλιο ανακοίνωσε την Τρίτη ότι η νέα γέφυρα θα ανοίξει την άνοιξη."},
    {"hy", "Քաղաքային խորհուրդը երեքշաբթի հայտարարեց, որ նոր կամուրջը կբացվի գարնանը։"},
    {"am", "የከተማው ምክር ቤት አዲሱ ድልድይ በፀደይ ወቅት እንደሚከፈት ማክሰኞ አስታወቀ።"},
};

}  // namespace

TEST_CASE("DetectLanguage names the language of a news paragraph", "[text]") {
  for (const DetectLanguageCase& c : kDetectLanguageCases) {
    INFO(c.text);
    CHECK(newsdigest::text::DetectLanguage(c.text) == c.want);
  }
}

TEST_CASE("DetectLanguage is unsure without evidence", "[text]") {
  using newsdigest::text::DetectLanguage;
  CHECK(DetectLanguage("").empty());
  CHECK(DetectLanguage("12 345 -- 67.8 %").empty());
  CHECK(DetectLanguage("Xyzzy").empty());
}
