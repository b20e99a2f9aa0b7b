"""The demo content in Swedish (informal "du"), keyed by English slug and topic name.

EndNote, SPSS and NVivo have no Swedish interface, so their menus and buttons keep
their English names, as Swedish university guides write them; Word and Windows do
have one, and use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from demo.translations import DemoTopicTranslation, DemoTranslation

TOPICS: dict[str, DemoTopicTranslation] = {
    "EndNote": {
        "name": "EndNote",
        "description": "Installera, synkronisera och dela EndNote-bibliotek.",
    },
    "Reference management": {
        "name": "Referenshantering",
        "description": "Citeringar, referenslistor och att flytta referenser mellan program.",
    },
    "Licences & activation": {
        "name": "Licenser och aktivering",
        "description": "Aktivera, förnya och flytta programlicenser mellan datorer.",
    },
    "Installation": {
        "name": "Installation",
        "description": "Installera forskningsprogram och deras tillägg i Windows och macOS.",
    },
    "Accounts & sign-in": {
        "name": "Konton och inloggning",
        "description": "Logga in på nedladdningsportalen och på onlinekonton som EndNote.",
    },
    "NVivo": {
        "name": "NVivo",
        "description": "Kom igång med NVivo och arbeta med NVivo-projekt.",
    },
    "SPSS": {
        "name": "SPSS",
        "description": "Licenser för och användning av IBM SPSS Statistics.",
    },
}

ARTICLES: dict[str, DemoTranslation] = {
    "sync-endnote-library-to-new-library": {
        "question": "Hur synkroniserar jag mitt EndNote-bibliotek till ett nytt bibliotek?",
        "slug": "synkronisera-endnote-bibliotek-till-nytt-bibliotek",
        "intro": (
            "Ibland tappar EndNote kontakten med EndNote online och kan inte längre "
            "synkronisera korrekt. Det kan också hända att du ångrar dig och vill välja ett "
            "annat bibliotek att synkronisera med ditt onlinekonto."
        ),
        "steps": [
            "Innan du börjar är det en bra idé att säkerhetskopiera biblioteket till ett "
            "komprimerat bibliotek. **File | Compress Library (.enlx)**",
            "Stäng av automatisk synkronisering i EndNotes inställningar och starta om "
            "EndNote. EndNote: **Edit > Preferences > Sync**.",
            "Radera alla referenser och alla grupper i EndNote Web, utom delade grupper "
            "(Shared Groups) och ResearcherID-grupper (ResearcherID Groups).",
            "Töm papperskorgen (Trash) både i webbversionen OCH i EndNote på datorn.",
            "I EndNote på datorn lägger du till följande i slutet av din e-postadress i fältet "
            "E-Mail Address i synkroniseringsinställningarna: `#!resetLocalSync` Observera "
            "att texten är skiftlägeskänslig: `#!resetLocalSync`, INTE `#!resetlocalsync`. "
            "Om e-postadressen till exempel är `john.smith@example.edu` ändrar du den till "
            "`john.smith@example.edu#!resetLocalSync`",
            "Synkronisera biblioteket manuellt. EndNote: **Library > Sync**.",
            "EndNote ser då ut att logga in och visar meddelandet ”A Sync library can be "
            "linked to only one account. Do not proceed unless you intend to break the link "
            "to the original account.” (Ett synkroniserat bibliotek kan bara kopplas till "
            "ett konto. Fortsätt inte om du inte vill bryta kopplingen till det ursprungliga "
            "kontot.) Det beror på att vi har lurat EndNote att tro att programmet loggade in "
            "som en annan användare. Klicka på OK, så rensar EndNote bort allt det vet om "
            "den tidigare synkroniseringen.",
            "EndNote visar sedan meddelandet ”Your local sync state has been reset. Please "
            "re-enter your E-Mail Address, restart EndNote, and Sync again.” (Din lokala "
            "synkroniseringsstatus har återställts. Ange din e-postadress igen, starta om EndNote "
            "och synkronisera på nytt.)",
            "Starta om EndNote.",
            "Öppna synkroniseringsinställningarna, ange rätt användarnamn och lösenord och "
            "ställ in automatisk synkronisering. I exemplet ovan skriver du nu in "
            "`john.smith@example.edu` igen som e-postadress i inställningarna.",
            "Nästa gång du klickar på Sync får du återigen meddelandet ”A Sync library can "
            "be linked to only one account. Do not proceed unless you intend to break the "
            "link to the original account.” Klicka på OK.",
            "Du får också frågan om du vill göra en säkerhetskopia. Det bestämmer du själv, "
            "men vi rekommenderar det förstås.",
            "Därefter startar en fullständig synkronisering.",
        ],
        "step_image_alts": {
            5: (
                "EndNotes inställningar (Preferences) med fliken Sync öppen: fältet E-Mail "
                "Address innehåller john.smith@example.edu#!resetLocalSync, och rutan Sync "
                "automatically är inte ikryssad."
            ),
        },
        "outro": (
            '!!! warning "Observera!"\n'
            "    En fullständig synkronisering kan ta en stund. Hur lång tid det tar beror på "
            "hur många referenser du har och på hur många PDF-filer som är bifogade och hur "
            "stora de är. Ha tålamod.\n"
            "\n"
            "Nu bör alla referenser föras över från EndNote på datorn till EndNote online, "
            "och därefter synkroniseras ändringar automatiskt."
        ),
    },
    "back-up-endnote-library": {
        "question": "Hur säkerhetskopierar jag mitt EndNote-bibliotek?",
        "slug": "sakerhetskopiera-endnote-bibliotek",
        "intro": (
            "Ett EndNote-bibliotek består egentligen av två delar: `.enl`-filen och "
            "`.Data`-mappen bredvid den, där dina PDF-filer och andra bilagor ligger. Det "
            "säkraste sättet att säkerhetskopiera båda på en gång är att spara ett komprimerat "
            "bibliotek (`.enlx`), en enda fil som du kan förvara var som helst."
        ),
        "steps": [
            "Öppna biblioteket som du vill säkerhetskopiera i EndNote på datorn.",
            "Välj **File > Compress Library (.enlx)**.",
            "Välj **Create**, **With File Attachments** och **All References in Library** "
            "och klicka sedan på **Next**.",
            "Ge säkerhetskopian ett namn med datumet i, till exempel "
            "`Thesis-library-2024-06-18.enlx`, så att du kan hålla isär dina "
            "säkerhetskopior.",
            "Spara den någon annanstans än på datorns hårddisk: på en nätverksenhet vid "
            "universitetet, på en extern hårddisk eller i din molnlagring.",
            "Kontrollera att filen har sparats och att storleken verkar rimlig. Ett bibliotek "
            "med många PDF-filer kan vara flera hundra megabyte stort.",
            "Upprepa detta regelbundet (varje vecka medan du skriver en avhandling eller gör "
            "en större litteraturöversikt) och spara de senaste säkerhetskopiorna i stället "
            "för att skriva över en och samma fil.",
        ],
        "outro": (
            '!!! warning "Lägg inte arbetsbiblioteket i synkroniserade mappar"\n'
            "    Förvara inte biblioteket som du arbetar i (`.enl`-filen och dess "
            "`.Data`-mapp) i Dropbox, OneDrive, iCloud Drive eller Google Drive. De tjänsterna "
            "kan kopiera filerna medan EndNote skriver till dem och på så sätt skada "
            "biblioteket. Att spara säkerhetskopior i `.enlx`-format där går däremot bra.\n"
            "\n"
            "Du återställer en säkerhetskopia genom att dubbelklicka på `.enlx`-filen. "
            "EndNote packar upp den till en ny `.enl`-fil och `.Data`-mapp på samma plats "
            "och öppnar biblioteket."
        ),
    },
    "share-endnote-library-with-colleagues": {
        "question": "Hur delar jag ett EndNote-bibliotek med mina kollegor?",
        "slug": "dela-endnote-bibliotek-med-kollegor",
        "intro": (
            "I EndNote 20 och 21 kan du dela ett helt bibliotek, bilagorna inräknade, med "
            "andra EndNote-användare. Delningen går via ditt EndNote online-konto, så det "
            "bibliotek du delar är det som du synkroniserar."
        ),
        "steps": [
            "Se till att biblioteket synkroniseras med ditt EndNote online-konto. Om det inte "
            "gör det ställer du först in synkroniseringen under **Edit > Preferences > Sync** "
            "(på Mac **EndNote > Settings > Sync**).",
            "Öppna biblioteket och välj **File > Share**.",
            "Ange den e-postadress som varje kollega använder, eller kommer att använda, för "
            "sitt EndNote online-konto, till exempel `a.researcher@example.edu`.",
            "Välj **Read & Write** för kollegor som ska kunna lägga till och redigera "
            "referenser, eller **Read only** för dem som bara behöver citera dem.",
            "Skriv ett kort meddelande om du vill och klicka på **Invite**.",
            "Varje kollega får en inbjudan via e-post. Kollegan tackar ja och loggar in på "
            "EndNote online, och skapar först ett konto om det behövs.",
            "I EndNote på datorn väljer kollegan sedan **File > Open Shared Library** och "
            "väljer ditt bibliotek i listan.",
            "Om du vill ändra någons behörighet eller sluta dela öppnar du **File > Share** "
            "igen och redigerar listan.",
        ],
        "outro": (
            '!!! note "Ett delat bibliotek per konto"\n'
            "    Du kan bara dela det bibliotek som är kopplat till ditt EndNote online-konto. "
            "Varje kollega behöver en egen EndNote-licens för att kunna öppna det i EndNote "
            "på datorn.\n"
            "\n"
            "Om du bara vill dela ett fåtal referenser kan en delad grupp i EndNote online "
            "vara enklare än att dela hela biblioteket."
        ),
    },
    "move-endnote-library-to-new-computer": {
        "question": "Hur flyttar jag mitt EndNote-bibliotek till en ny dator?",
        "slug": "flytta-endnote-bibliotek-till-ny-dator",
        "intro": (
            "En ny dator är ett bra tillfälle att städa upp. Packa ihop biblioteket till en "
            "komprimerad fil på den gamla datorn, installera EndNote på den nya och packa upp "
            "biblioteket där."
        ),
        "steps": [
            "Öppna biblioteket på den gamla datorn och välj **File > Compress Library "
            "(.enlx)**. Välj **Create**, **With File Attachments** och **All References in "
            "Library** och spara sedan `.enlx`-filen.",
            "Om du har redigerat eller laddat ned egna referensstilar (output styles), "
            "importfilter eller anslutningsfiler (connection files) kopierar du dem också. "
            "De ligger i mappen `EndNote` i din `Documents`-mapp (Dokument i Utforskaren), "
            "till exempel `Documents\\EndNote\\Styles`.",
            "Kopiera `.enlx`-filen och eventuella stilar till den nya datorn med en extern "
            "hårddisk, en nätverksenhet eller din molnlagring.",
            "Installera EndNote på den nya datorn och ange din produktnyckel när du blir "
            "ombedd att göra det.",
            "Spara `.enlx`-filen i en lokal mapp, till exempel `Documents`, och inte i en "
            "synkroniserad molnmapp, och dubbelklicka sedan på den. EndNote packar upp den "
            "till en `.enl`-fil och en `.Data`-mapp.",
            "Kopiera dina egna stilar och filter till motsvarande mappar under "
            "`Documents\\EndNote` på den nya datorn och starta om EndNote.",
            "Om du använder synkronisering i EndNote loggar du in under **Edit > Preferences "
            "> Sync** (på Mac **EndNote > Settings > Sync**) och låter biblioteket "
            "synkroniseras innan du börjar lägga till referenser.",
            "När allt fungerar avinstallerar du EndNote från den gamla datorn, så att den "
            "inte längre räknas in i din licens.",
        ],
        "outro": (
            '!!! warning "Kopiera hela biblioteket, inte bara filen"\n'
            "    Om du bara kopierar `.enl`-filen blir dina PDF-filer och anteckningar kvar i "
            "`.Data`-mappen. Använd ett komprimerat bibliotek, eller kopiera `.enl`-filen och "
            "dess `.Data`-mapp tillsammans medan EndNote är stängt."
        ),
    },
    "cite-while-you-write-missing-in-word": {
        "question": "Varför syns inte Cite While You Write i Word?",
        "slug": "cite-while-you-write-saknas-i-word",
        "intro": (
            "Cite While You Write är det tillägg i EndNote som lägger till fliken "
            "**EndNote** i Word. När fliken saknas beror det nästan alltid på något av "
            "följande:\n"
            "\n"
            "- Word har inaktiverat tillägget efter en krasch eller en långsam start.\n"
            "- EndNote installerades före Microsoft Office, så tillägget registrerades aldrig "
            "i Word.\n"
            "- Office har uppdaterats eller installerats om efter EndNote.\n"
            "- Tillägget är avstängt i EndNotes egna inställningar.\n"
            "\n"
            "I Windows stänger du först Word. Öppna sedan **Edit > Customizer** i EndNote och "
            "kontrollera att **Cite While You Write** är markerat. Starta därefter Word och gå "
            "till **Arkiv > Alternativ > Tillägg**. Välj **COM-tillägg** i listan "
            "**Hantera**, klicka på **Kör** (”Go”) och markera tillägget EndNote Cite While "
            "You Write. Om det i stället finns under **Inaktiverade objekt** aktiverar du det "
            "där och startar om Word.\n"
            "\n"
            "På Mac avslutar du Word och kör EndNotes installations- eller "
            "uppdateringsprogram igen, vilket lägger tillbaka tillägget i Words startmapp. Se "
            "till att både EndNote och Word är uppdaterade, eftersom en äldre version av "
            "EndNote kanske inte fungerar med den senaste versionen av Word."
        ),
        "outro": (
            '!!! tip "Syns den fortfarande inte?"\n'
            "    Oftast hjälper det att reparera EndNote-installationen. I Windows öppnar du "
            "**Inställningar > Appar**, letar upp EndNote och väljer **Ändra** och sedan "
            "**Reparera** (”Repair”). Om det inte hjälper kan du skicka oss versionsnumren "
            "för EndNote och Word, så tittar vi på det."
        ),
    },
    "activate-spss-statistics-authorisation-code": {
        "question": "Hur aktiverar jag SPSS Statistics med en auktoriseringskod?",
        "slug": "aktivera-spss-statistics-med-auktoriseringskod",
        "intro": (
            "IBM SPSS Statistics aktiveras med auktoriseringskoden i licensmejlet. Du behöver "
            "en internetanslutning och, i Windows, administratörsbehörighet."
        ),
        "steps": [
            "Leta upp auktoriseringskoden i licensmejlet. Det är en lång rad bokstäver och "
            "siffror; kopiera den utan mellanslag.",
            "Stäng SPSS Statistics om programmet är igång.",
            "I Windows öppnar du Start-menyn, högerklickar på **IBM SPSS Statistics License "
            "Authorization Wizard** och väljer **Kör som administratör**. I version 29 och "
            "senare kan du också starta SPSS och klicka på **Launch License Wizard**.",
            "Välj **Authorized user license (I purchased a single copy of the product)** "
            "och klicka på **Next**.",
            "Klistra in auktoriseringskoden och klicka på **Next**.",
            "Vänta medan guiden kontaktar IBM:s licensserver. När den meddelar att koden har "
            "behandlats utan fel klickar du på **Next** och sedan på **Finish**.",
            "Starta SPSS Statistics och öppna en datafil för att kontrollera att programmet "
            "fungerar utan att fråga efter en licens.",
        ],
        "outro": (
            "Om guiden meddelar att auktoriseringen misslyckades kontrollerar du att du inte "
            "är ansluten till ett gästnätverk eller en VPN-anslutning som blockerar "
            "licensservern, och försöker sedan igen. Fungerar det fortfarande inte kan du "
            "skicka oss felmeddelandet och låskoden (lock code) som visas i guiden."
        ),
    },
    # Swedish only: the German demo shows this one in English, as a fallback.
    "install-nvivo-on-windows": {
        "question": "Hur installerar jag NVivo i Windows?",
        "slug": "installera-nvivo-i-windows",
        "intro": (
            "Det tar ungefär en kvart att installera NVivo. Ha din licensnyckel till hands "
            "innan du börjar."
        ),
        "steps": [
            "Kontrollera att datorn har 64-bitars Windows 10 eller 11 och flera gigabyte "
            "ledigt diskutrymme, och att du har administratörsbehörighet.",
            "Ladda ned installationsprogrammet via länken i licensmejlet, eller logga in på "
            "`https://portal.alfasoft.example` och öppna **My software**.",
            "Stäng andra program, dubbelklicka på installationsprogrammet och klicka på "
            "**Ja** när Windows frågar om appen får göra ändringar på enheten.",
            "Godkänn licensavtalet, behåll den föreslagna installationsmappen och klicka på "
            "**Install**. Om installationsprogrammet först installerar komponenter från "
            "Microsoft låter du det göra klart och startar om datorn om du blir ombedd.",
            "Starta NVivo. Klistra in din licensnyckel på aktiveringsskärmen, exakt som den "
            "står i licensmejlet.",
            "Fyll i aktiveringsformuläret med ditt namn och din e-postadress vid "
            "universitetet, till exempel `name@example.edu`, och klicka på **Activate**.",
        ],
        "outro": (
            '!!! tip "Datorer som universitetet hanterar"\n'
            "    Om din dator hanteras av universitetets IT-avdelning har du kanske inte "
            "administratörsbehörighet. Leta i så fall först efter NVivo i universitetets "
            "programvarucenter (Software Center), eller be IT att installera det åt dig."
        ),
    },
}
