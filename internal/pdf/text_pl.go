package pdf

// ============================================================================
// POLSKIE TEKSTY DOKUMENTÓW (Polish text of the printed documents).
//
// Every word a reader sees on a document of this package is a constant in
// this file, and only here. The documents are Polish only: the web layer's
// message catalogue (internal/i18n) is for HTML pages, not for these PDFs.
// Constants ending in F are fmt formats; %s and %d mark where values go.
// ============================================================================

// Header and footer of every page.
const (
	plPhone   = "tel. "
	plEmail   = "e-mail: "
	plSep     = "  ·  "
	plPageOfF = "%s  ·  strona %d z %s" // document title, page, total pages
)

// The label of the premises a statement or settlement is about.
const plPremises = "Lokal"

// Names of the services.
const (
	plServiceEBOK      = "e-BOK"
	plServiceIKCS      = "IKCS"
	plServiceEBOKLong  = "e-BOK – Elektroniczne Biuro Obsługi Klienta"
	plServiceIKCSLong  = "IKCS – Internetowe Konto Członka Spółdzielni"
	plServiceEBOKFull  = "elektronicznego Biura Obsługi Klienta (e-BOK)"
	plServiceIKCSFull  = "Internetowego Konta Członka Spółdzielni (IKCS)"
	plRegulationsEBOK  = "regulaminem usługi e-BOK i e-Korespondencja"
	plRegulationsIKCS  = "regulaminem Internetowego Konta Członka Spółdzielni (IKCS)"
	plFormNounEBOK     = "formularz"    // biernik: złożyć formularz
	plFormNounIKCS     = "oświadczenie" // biernik: złożyć oświadczenie
	plFormNounGenEBOK  = "formularza"   // dopełniacz: skan formularza
	plFormNounGenIKCS  = "oświadczenia" // dopełniacz: skan oświadczenia
	plTitleProofOfRole = "tytuł prawny do lokalu"
	plTitleProofMember = "członkostwo w Spółdzielni"
)

// Application form: title and sections.
const (
	plFormTitleEBOK = "Formularz zgłoszeniowy e-BOK"
	plFormTitleIKCS = "Oświadczenie – Internetowe Konto Członka Spółdzielni (IKCS)"
	plFormLeadEBOK  = "Wniosek o dostęp do elektronicznego Biura Obsługi Klienta: rozliczenia, saldo i opłaty za lokal."
	plFormLeadIKCS  = "Wniosek członka Spółdzielni o dostęp do statutu, regulaminów, uchwał, protokołów i sprawozdań finansowych."
	plReferenceF    = "Nr zgłoszenia: %s"
	plFillHint      = "Prosimy wypełnić czytelnie, drukowanymi literami. Wszystkie pola są obowiązkowe, z wyjątkiem zgody na e-Korespondencję."

	plSectionPerson   = "1. Dane osobowe"
	plSectionPremises = "2. Lokal"
	plSectionConsents = "3. Oświadczenia i zgody"

	plFirstName      = "Imię"
	plLastName       = "Nazwisko"
	plStreet         = "Adres do korespondencji: ulica, nr domu i lokalu"
	plPostalCode     = "Kod pocztowy"
	plCity           = "Miejscowość"
	plEmailField     = "Adres e-mail do korespondencji"
	plPhoneField     = "Telefon kontaktowy"
	plPremisesStreet = "Ulica"
	plPremisesHouse  = "Nr budynku"
	plPremisesNumber = "Nr lokalu"
	plRoleLead       = "Jestem:"
	plRoleMember     = "członkiem Spółdzielni"
	plRoleOwner      = "właścicielem lokalu"
	plRoleTenant     = "najemcą lokalu"
	plRegisterNumber = "Numer rejestru członkowskiego"
	plRegisterHint   = "Login do IKCS zawiera numer rejestru członkowskiego; można go uzyskać w dziale członkowsko-lokalowym Spółdzielni."
)

// Application form: consents.
const (
	plConsentRegulationsLead  = "Regulamin (wymagane). "
	plConsentRegulationsF     = "Oświadczam, że zapoznałem(-am) się z %s i akceptuję jego postanowienia."
	plConsentRegulationsNameF = " Regulamin: „%s”"
	plConsentRegulationsVerF  = ", wersja %d"
	plConsentRegulationsEnd   = "."
	plConsentRegulationsWhere = " Regulamin jest dostępny na stronie internetowej i w biurze Spółdzielni."

	plConsentEKorLead = "Zgoda na e-Korespondencję (dobrowolna). "
	plConsentEKor     = "Wyrażam zgodę na przesyłanie mi przez Spółdzielnię pism i zawiadomień w formie elektronicznej: " +
		"jako wiadomości e-mail z załączonym plikiem PDF, na podany wyżej adres e-mail do korespondencji. " +
		"Dotyczy to korespondencji, która nie wymaga własnoręcznego podpisu ani pisemnego potwierdzenia odbioru. " +
		"W ten sam sposób mogę pisać do Spółdzielni. Zgodę mogę wycofać w każdej chwili: pisemnie w biurze Spółdzielni " +
		"albo e-mailem wysłanym z adresu do korespondencji."

	plConsentRODOLead = "Ochrona danych osobowych. "
	plConsentRODO     = "Potwierdzam, że zapoznałem(-am) się z klauzulą informacyjną o przetwarzaniu danych osobowych (RODO) zamieszczoną w tym dokumencie."

	plSignatureTitle = "Data i czytelny podpis"
	plSignatureDate  = "miejscowość i data"
	plSignatureSign  = "czytelny podpis (imię i nazwisko)"
)

// Application form: the box the cooperative fills in.
const (
	plOfficeTitle       = "Wypełnia spółdzielnia"
	plOfficeReceived    = "Data przyjęcia:"
	plOfficeReference   = "Nr zgłoszenia:"
	plOfficeIDShown     = "Dokument tożsamości okazany – rodzaj:"
	plOfficeIDLast3     = "3 ostatnie znaki numeru:"
	plOfficeSignature   = "Podpis pracownika:"
	plOfficeIDNotCopied = "Dokumentu nie kopiujemy ani nie skanujemy: zapisujemy tylko jego rodzaj i 3 ostatnie znaki numeru."
)

// Application form: the information clause (RODO, art. 13).
const (
	plRODOTitle = "Klauzula informacyjna o przetwarzaniu danych osobowych (RODO)"
	plRODOIntro = "Na podstawie art. 13 rozporządzenia Parlamentu Europejskiego i Rady (UE) 2016/679 (RODO) informujemy, że:"
	// plRODOAdminF: the cooperative's name and address; plRODOContactF
	// follows when the cooperative has an e-mail or a phone.
	plRODOAdminF   = "Administratorem Twoich danych osobowych jest %s."
	plRODOAdminAny = "Spółdzielnia, do której składasz ten dokument"
	plRODOContactF = " Kontakt w sprawie danych: %s."
	plRODOPurposeF = "Dane przetwarzamy, aby sprawdzić Twoją tożsamość i %s, a następnie założyć i prowadzić Twój dostęp do %s " +
		"oraz – jeśli wyrazisz na nią zgodę – do e-Korespondencji. Podstawą jest umowa o korzystanie z usługi zawierana " +
		"przez akceptację regulaminu (art. 6 ust. 1 lit. b RODO), a w zakresie e-Korespondencji – Twoja zgoda (art. 6 ust. 1 lit. a RODO)."
	plRODOVoluntary = "Podanie danych jest dobrowolne, ale bez nich nie możemy założyć dostępu. Danych nie wykorzystujemy do profilowania."
	plRODOKeep      = "Dane przechowujemy przez czas korzystania z usługi, a po jego zakończeniu – tak długo, jak wymagają tego przepisy prawa."
	plRODORights    = "Masz prawo dostępu do swoich danych, ich sprostowania, usunięcia lub ograniczenia przetwarzania oraz prawo " +
		"wniesienia sprzeciwu wobec przetwarzania. Zgodę na e-Korespondencję możesz wycofać w każdej chwili; nie wpływa to " +
		"na zgodność z prawem wcześniejszych doręczeń. Przysługuje Ci też prawo wniesienia skargi do Prezesa Urzędu Ochrony " +
		"Danych Osobowych (Prezes UODO, ul. Stawki 2, 00-193 Warszawa)."
	plRODOIDDocument = "Dokument tożsamości tylko okazujesz pracownikowi Spółdzielni: nie kopiujemy go ani nie skanujemy. " +
		"Zapisujemy wyłącznie rodzaj dokumentu i 3 ostatnie znaki jego numeru."
)

// Application form: how to submit it.
const (
	plHowToTitleF     = "Jak złożyć %s"
	plHowToInPerson   = "Osobiście: "
	plHowToInPersonF  = "w biurze Spółdzielni (%s), z dokumentem tożsamości do okazania. Pracownik sprawdzi dane oraz %s i wyda wydruk z danymi do logowania i jednorazowym hasłem startowym."
	plHowToElectronic = "Elektronicznie: "
	// plHowToElectronicF: genitive noun, the cooperative's e-mail.
	plHowToElectronicF = "skan lub zdjęcie podpisanego %[1]s albo wersję elektroniczną %[1]s podpisaną podpisem zaufanym " +
		"(profil zaufany) lub podpisem osobistym (e-dowód) wyślij na adres %[2]s z adresu e-mail do korespondencji " +
		"zgłoszonego w Spółdzielni. Adres e-mail wpisany w %[3]s musi być tym, z którego wysyłasz wiadomość, " +
		"a wszystkie pola muszą być wypełnione. W razie wątpliwości pracownik może zadzwonić pod podany numer telefonu. " +
		"Dane do logowania wyślemy na adres e-mail do korespondencji."
	plHowToInFormEBOK = "formularzu"   // miejscownik: wpisany w formularzu
	plHowToInFormIKCS = "oświadczeniu" // miejscownik: wpisany w oświadczeniu
	plCoopEmailAny    = "e-mail Spółdzielni"
	plCoopOfficeAny   = "adres na górze strony"
)

// Start password printout.
const (
	plPassTitle        = "Dane do logowania"
	plPassPerson       = "Imię i nazwisko:"
	plPassLoginEBOK    = "Identyfikator e-BOK (login)"
	plPassLoginIKCS    = "Login IKCS"
	plPassPassword     = "Hasło startowe (jednorazowe)"
	plPassGroupedHint  = "Odstępy służą tylko czytelności – hasło wpisz bez spacji. Wielkość liter ma znaczenie."
	plPassCaseHint     = "Wielkość liter ma znaczenie."
	plPassChangeLead   = "Hasło jednorazowe. "
	plPassChange       = "Przy pierwszym logowaniu system poprosi o zmianę hasła startowego na nowe, własne hasło."
	plPassExpiresLead  = "Termin ważności. "
	plPassExpiresF     = "Nieużyte hasło startowe jest ważne do %s. Jeśli do tego dnia nie zalogujesz się, poproś Spółdzielnię o nowe."
	plPassWhereLead    = "Gdzie się zalogować. "
	plPassWhereEBOKF   = "Wejdź na %s i wybierz panel logowania e-BOK (nie IKCS)."
	plPassWhereIKCSF   = "Wejdź na %s i wybierz panel logowania IKCS – dla członków Spółdzielni (nie e-BOK)."
	plPassWhereSite    = "stronę internetową Spółdzielni"
	plPassSecretLead   = "Chroń swoje hasło. "
	plPassSecret       = "Nie pokazuj tego wydruku nikomu i nie przekazuj hasła innym osobom. Spółdzielnia nigdy nie prosi o podanie hasła – ani telefonicznie, ani e-mailem, ani osobiście. Po zmianie hasła zniszcz ten wydruk."
	plPassIssuedOnF    = "Wydano: %s"
	plPassIssuedByF    = "Wydał(a): %s"
	plPassCut          = "tu odetnij"
	plReceiptTitle     = "Potwierdzenie odbioru danych do logowania (zostaje w Spółdzielni)"
	plReceiptService   = "Usługa:"
	plReceiptLogin     = "Login:"
	plReceiptIssuedByF = "wydał(a): %s"
	plReceiptIssued    = "Wydano:"
	plReceiptStatement = "Potwierdzam odbiór loginu i jednorazowego hasła startowego. Ta część wydruku nie zawiera hasła."
	plReceiptSignPers  = "data i podpis odbierającego"
	plReceiptSignStaff = "podpis pracownika Spółdzielni"
)
