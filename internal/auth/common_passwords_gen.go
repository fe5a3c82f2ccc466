//go:build ignore

// This program writes common_passwords.txt: passwords people choose most
// often, lowercased, one a line, sorted. It is built from the well-known top
// lists of leaked passwords (worldwide and Polish) and from the systematic
// variants people make of them: a year or a digit run appended, keyboard
// walks, repeated characters, digit and letter sequences, simple
// substitutions (a→@, o→0…). Run it with `go generate ./internal/auth/`.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// top are passwords that head the published leak lists, in no order.
var top = strings.Fields(`
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon
123123 baseball abc123 football monkey letmein 696969 shadow master 666666
qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777
121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh
hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000
charlie robert thomas hockey ranger daniel starwars klaster 112233 george
computer michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom
777777 pass maggie 159753 aaaaaa ginger princess joshua cheese amanda summer
love ashley nicole chelsea biteme matthew access yankees 987654321 dallas
austin thunder taylor matrix william corvette hello martin heather secret
merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony justin
test bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie
richard samantha bigdog guitar jackson whatever mickey chicken sparky snoopy
maverick phoenix camaro peanut morgan welcome falcon cowboy ferrari samsung
andrea smokey steelers joseph mercedes dakota arsenal eagles melissa boomer
booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway marina
diablo bulldog qwer1234 compaq purple hardcore banana junior hannah 123654
porsche lakers iceman money cowboys 987654 london tennis 999999 ncc1701
coffee scooby 0000 miller boston q1w2e3r4 brandon yamaha chester mother
forever johnny edward 333333 oliver redsox player nikita knight fender
barney midnight please brandy chicago badboy slayer rangers charles angel
flower bigdaddy rabbit wizard bigdick jasper enter rachel chris steven winner
adidas victoria natasha 1q2w3e4r jasmine winter prince panties marine ghbdtn
fishing cocacola casper james 232323 raiders 888888 marlboro gandalf asdfasdf
crystal 87654321 12344321 golden 8675309 panther lauren angela bitch spanky
thx1138 angels madison winston shannon mike toyota blowjob jordan23 canada
sophie apples dick tiger razz 123abc pokemon qazxsw 55555 qwaszx muffin
johnson murphy cooper jonathan liverpoo david danielle 159357 jackie 1990
123456a 789456 turtle horny abcd1234 scorpion qazwsxedc 101010 butter carlos
password1 dennis slipknot qwerty123 booger asdf 1991 black startrek 12341234
cameron newyork rainbow nathan john 1992 rocket viking redskins butthead
asdfghjkl 1212 sierra peaches gemini doctor wilson sandra helpme qwertyui
victor florida dolphin pookie captain tucker blue liverpool theman bandit
dolphins maddog packers jaguar lovers nicholas united tiffany maxwell zzzzzz
nirvana jeremy suckit stupid porn monica elephant giants jackass hotdog
rosebud success debbie mountain 444444 xxxxxxxx warrior 1q2w3e4r5t q1w2e3
123456q albert metallic lucky azerty 7777 shithead alex bond007 alexis 1111111
samson 5150 willie scorpio bonnie gators benjamin voodoo driver dexter 2112
jason calvin freddy 212121 creative 12345a sydney rush2112 1989 asdfghjk
red123 bubba 4815162342 passw0rd trouble gunner happy fucker gordon legend
jessie stella qwert eminem arthur apple nissan bullshit bear america 1qazxsw2
nothing parker 4444 rebecca qweqwe garfield 01012011 beavis 69696969 jack
asdasd december 2222 102030 252525 11223344 magic apollo skippy 315475 girls
kitten golf copper braves shelby godzilla beaver fred tomcat august buddy
airborne 1993 1988 lifehack qqqqqq brooklyn animal platinum phantom online
xavier darkness blink182 power fish green 789456123 voyager police travis
12qwaszx heaven snowball lover abcdef 00000 pakistan 007007 walter playboy
blazer cricket sniper hooters donkey willow loveme saturn therock redwings
bigboy pumpkin trinity williams tits nintendo digital destiny topgun runner
marvin guinness chance bubbles testing fire november minecraft asdf1234
lasvegas sergey broncos cartman private celtic birdie little cassie babygirl
donald beatles 1313 dickhead family 12121212 school louise gabriel eclipse
fluffy 147258369 lol123 explorer beer nelson flyers spencer scott lovely
gibson doggie cherry andrey snickers buffalo pantera metallica member carter
qwertyu peter alexande steve bronco paradise goober 5555 samuel montana mexico
dreams michigan cock carolina friends magnum surfer maximus genius cool vampire
lacrosse asd123 aaaa christin kimberly speedy sharon carmen 111222 kristina
sammy racing ou812 sabrina horses 0987654321 qwerty1 pimpin baby stalker enigma
147147 star poohbear boobies 147258 simple bollocks 12345q marcus brian 1987
qweasdzxc drowssap hahaha caroline barbara dave viper drummer action einstein
bitches genesis hello1 scotty friend forest 010203 hotrod google vanessa
spitfire badger maryjane friday alaska 1232323q tester jester jake champion
billy 147852 rock hawaii badass chevy 420420 walker stephen eagle1 bill 1986
october gregory svetlana pamela 1984 music shorty westside stanley diesel
courtney 242424 kevin porno hitman boobs mark 12345qwert reddog frank qwe123
popcorn patricia aaaaaaaa 1969 teresa mozart buddha anderson paul melanie
abcdefg security lucky1 lizard denise 3333 a12345 123789 ruslan stargate
simpsons scarface eagle 123456789a thumper olivia naruto 1234554321 general
cherokee a123456 vincent usuckballz1 spooky qweasd cumshot free frankie
douglas death 1980 loveyou kitty kelly veronica suzuki semperfi penguin mercury
liberty spirit scotland natalie marley vikings system sucker king allison
marshall 1979 098765 qwerty12 hummer adrian 1985 vfhbyf sandman rocky leslie
antonio 98765432 4321 softball passion mnbvcxz bastard passport horney rascal
howard franklin bigred assman alexander homer redrum jupiter claudia 55555555
141414 zaq12wsx shit patches cunt raider infinity andre 54321 galore
college russia kawasaki bishop 77777777 vladimir money1 freeuser wildcat
francis disney budlight brittany 1994 00000000 sweet oksana honda domino
bulldogs brutus swordfis norman monday jimmy ironman ford fantasy 9999
7654321 pentium 1234561 adminadmin administrator admin admin123 root toor
changeme letmein123 welcome1 welcome123 default guest user login passwort
motdepasse contrasena senha sifre parola wachtwoord salasana jelszo heslo
geslo lozinka parool parole passord losenord
`)

// polish are words and names from Polish leak lists and Polish life.
var polish = strings.Fields(`
haslo hasło haslo1 haslo123 zaq12wsx zaq1xsw2 xsw2zaq1 1qazxsw2 qazxsw polska
kochanie qwerty123 misiek misiaczek misio marcin agnieszka lukasz łukasz bartek
kasia mateusz michal michał tomek tomasz piotrek piotr monika karolina magda
magdalena natalia dominika justyna paulina aleksandra ola olka katarzyna anna
ania anka malgosia małgosia malgorzata małgorzata marta ewelina ewa patryk
kacper jakub kuba krzysiek krzysztof pawel paweł adam dawid damian kamil wojtek
wojciech grzegorz grzesiek przemek przemyslaw sebastian rafal rafał robert
slawek sławek zbyszek zbigniew jan janek zosia zofia basia barbara jolanta
danuta teresa krystyna elzbieta elżbieta bozena bożena grazyna grażyna halina
irena wanda urszula helena janina stefania genowefa jadwiga bogdan henryk
stanislaw stanisław jozef józef tadeusz jerzy zdzislaw zdzisław kazimierz
wladyslaw władysław ryszard edward mieczyslaw zenon marek mariusz dariusz
jacek leszek andrzej artur arkadiusz maciek maciej szymon filip wiktor
wiktoria julia julka zuzia zuzanna maja lena amelia hania hanna oliwia
alicja gosia iwona beata dorota renata sylwia edyta izabela iza klaudia
weronika angelika daria emilia gabriela joanna asia kinga milena nikola
legia legiawarszawa lechpoznan lech wisla wisła wislakrakow slask śląsk
cracovia widzew jagiellonia pogon pogoń gornik górnik ruch arka lechia
zaglebie korona polonia polska1 polskagola bialoczerwoni orzel orzeł
warszawa krakow kraków gdansk gdańsk wroclaw wrocław poznan poznań lodz
łódź szczecin lublin katowice bialystok białystok torun toruń bydgoszcz
gdynia sopot rzeszow rzeszów kielce olsztyn opole zakopane radom czestochowa
kotek kotek1 kotku koteczek piesek pies kot myszka myszka1 sloneczko
słoneczko sloneczko1 skarbie skarb kochamcie kochamcię kocham kochamcie1
kochanie1 kochaniemoje misiu misiek1 zabka żabka biedronka aniolek aniołek
diabelek kwiatek rozyczka różyczka gwiazda gwiazdka slonce słońce ksiezyc
księżyc niebo aniol anioł serce serduszko buziaczek buziak kochana kochany
mamusia mama tata tatus tatuś rodzina dziecko corka córka synek babcia
dziadek ciocia wujek brat siostra zona żona maz mąż przyjaciel przyjaciele
dupa dupa1 dupa123 dupadupa cipka kurwa kurwamac jebac spierdalaj chuj
cholera pierdole zajebiste zajebisty debil idiota glupek głupek
mazda bmw audi opel fiat skoda polonez maluch toyota volkswagen renault
ford peugeot honda seat volvo kia hyundai nissan citroen
wiosna lato jesien jesień zima styczen styczeń luty marzec kwiecien kwiecień
maj czerwiec lipiec sierpien sierpień wrzesien wrzesień pazdziernik
październik listopad grudzien grudzień poniedzialek poniedziałek wtorek
sroda środa czwartek piatek piątek sobota niedziela
spoldzielnia spółdzielnia mieszkanie osiedle ebok ikcs wspolnota wspólnota
blok administracja czynsz lokator mieszkaniec spoldzielca spółdzielca
mieszkania klatka winda piwnica garaz garaż balkon sasiad sąsiad
najlepszy mistrz krol król krolowa królowa ksiezniczka księżniczka ksiaze
książę rycerz smok tygrys lew orzel wilk lis zajac zając niedzwiedz
niedźwiedź delfin konik kon koń
nowak kowalski wisniewski wiśniewski wojcik wójcik kowalczyk kaminski
kamiński lewandowski zielinski zieliński szymanski szymański wozniak
woźniak dabrowski dąbrowski kozlowski kozłowski jankowski mazur krawczyk
lewandowski robert9 lewy jp2gmd papiez papież jezus maryja jezusmaria
bog bóg jezuschrystus amen modlitwa wiara nadzieja milosc miłość
komputer internet laptop telefon komorka komórka gry gra granie muzyka
pilka piłka pilkanozna piłkanożna koszykowka siatkowka rower samochod
samochód auto motor motocykl wakacje urlop morze gory góry jezioro las
szkola szkoła praca dom domek ogrod ogród dzialka działka
zaq123 zaq1 xsw2 cde3 qazwsx123 1q2w3e 1q2w3e4r5t qwe123asd qwerty1
polak polka polacy polskaa bialy biały czarny czerwony zielony niebieski
zolty żółty rozowy różowy
tajne tajnehaslo mojehaslo nowehaslo haslo1234 stare starehaslo
nowe zmienhaslo zmien zmień dostep dostęp logowanie login1 konto mojekonto
witaj witam czesc cześć siema siemka hej elo joł
`)

// suffixes are what people append to a word.
var suffixes = strings.Fields(`1 12 123 1234 12345 123456 1234567 12345678 123456789 1234567890
! !! 1! 123! 11 13 69 007 01 00 xd`)

// keyboard rows and columns of a QWERTY keyboard (Polish programmers'
// layout, the one used in Poland).
var (
	rows    = []string{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"}
	shifted = map[byte]byte{'1': '!', '2': '@', '3': '#', '4': '$', '5': '%', '6': '^', '7': '&', '8': '*', '9': '(', '0': ')'}
	columns = []string{"1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.", "0p;/"}
)

// main collects every password of the list, lowercased (the top words
// with their variants, keyboard walks and sequences), and writes it to
// common_passwords.txt.
func main() {
	set := map[string]bool{}
	add := func(s string) {
		s = strings.ToLower(strings.TrimSpace(s))
		if s != "" {
			set[s] = true
		}
	}
	wordVariants(add)
	yearVariants(add)
	keyboardWalks(add)
	sequences(add)
	if err := writeList("common_passwords.txt", set); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// writeList writes the set sorted, one a line, to the file name.
func writeList(name string, set map[string]bool) error {
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return os.WriteFile(name, []byte(strings.Join(out, "\n")+"\n"), 0o666)
}

// addWith adds s alone and with each of the endings after it.
func addWith(add func(string), s string, endings ...string) {
	add(s)
	for _, e := range endings {
		add(s + e)
	}
}

// wordVariants adds every word as it is and without Polish diacritics,
// with each of the usual suffixes, and short words doubled; and, of the
// commonest words only, letter-for-symbol swaps alone and with 1 or 123.
func wordVariants(add func(string)) {
	words := append(append([]string{}, top...), polish...)
	for _, w := range words {
		addWith(add, w, suffixes...)
		addWith(add, deaccent(w), suffixes...)
		if len(w) <= 6 {
			add(w + w)
		}
	}
	for _, w := range append(append([]string{}, top[:300]...), polish[:40]...) {
		for _, l := range leet(deaccent(w)) {
			addWith(add, l, "1", "123")
		}
	}
}

// yearVariants adds years (birth years, wedding years, the current year)
// after words without digits: they follow names, places and words of
// affection above all.
func yearVariants(add func(string)) {
	for _, w := range append(append([]string{}, polish...), top[:100]...) {
		if strings.ContainsAny(w, "0123456789") {
			continue
		}
		w = deaccent(w)
		for y := 1950; y <= 2030; y++ {
			add(fmt.Sprintf("%s%d", w, y))
		}
		for y := 2020; y <= 2030; y++ {
			add(fmt.Sprintf("%s%d!", w, y))
		}
	}
}

// keyboardWalks adds runs along rows (both ways), down and up columns, and
// the zig-zags such as zaq12wsx, with and without the shifted digit row.
func keyboardWalks(add func(string)) {
	for _, row := range rows {
		for _, r := range []string{row, reverse(row)} {
			for i := 0; i < len(r); i++ {
				for j := i + 4; j <= len(r); j++ {
					addWith(add, r[i:j], "123", "1")
				}
			}
		}
	}
	for _, s := range strings.Fields(`qwertyasdfgh qwerasdfzxcv qwertyuiopasdfghjklzxcvbnm qweasdzxc qweasdzxc123
asdzxcqwe zxcasdqwe 1qaz!qaz !qaz2wsx 1qaz@wsx !qaz@wsx zaq!2wsx zaq!@wsx zaq1@wsx`) {
		add(s)
	}
	for start := range columns {
		for n := 2; start+n <= len(columns); n++ {
			for _, s := range columnWalks(columns[start : start+n]) {
				addWith(add, s, "!", "1", "123")
			}
		}
	}
	interleavedRows(add)
}

// columnWalks returns the walks over neighbouring columns cols: all down,
// all up, the two zig-zags (up-down-up…, down-up-down…), and all down
// with every second column's digit shifted (1qaz@wsx).
func columnWalks(cols []string) []string {
	var down, up, zig, zag, downShift strings.Builder
	for k, c := range cols {
		down.WriteString(c)
		up.WriteString(reverse(c))
		if k%2 == 0 {
			zig.WriteString(reverse(c))
			zag.WriteString(c)
			downShift.WriteString(c)
		} else {
			zig.WriteString(c)
			zag.WriteString(reverse(c))
			downShift.WriteByte(shifted[c[0]])
			downShift.WriteString(c[1:])
		}
	}
	return []string{down.String(), up.String(), zig.String(), zag.String(), downShift.String()}
}

// interleavedRows adds the digit and letter rows interleaved, 1q2w3e4r…
// and q1w2e3r4…, three to ten pairs long, alone and with ! after them.
func interleavedRows(add func(string)) {
	for n := 3; n <= 10; n++ {
		var a, b strings.Builder
		for k := 0; k < n; k++ {
			a.WriteByte(rows[0][k])
			a.WriteByte(rows[1][k])
			b.WriteByte(rows[1][k])
			b.WriteByte(rows[0][k])
		}
		addWith(add, a.String(), "!")
		addWith(add, b.String(), "!")
	}
}

// sequences adds repeated characters, digit and letter runs and short
// patterns repeated to length.
func sequences(add func(string)) {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*.-_+="
	for _, c := range chars {
		for n := 4; n <= 20; n++ {
			add(strings.Repeat(string(c), n))
		}
	}
	for _, run := range []string{"01234567890", "12345678901234567890", "09876543210", "abcdefghijklmnopqrstuvwxyz", "zyxwvutsrqponmlkjihgfedcba"} {
		for i := 0; i < len(run); i++ {
			for j := i + 4; j <= len(run) && j-i <= 20; j++ {
				add(run[i:j])
			}
		}
	}
	patterns := strings.Fields(`12 123 1234 12345 123456 21 321 4321 54321 01 10 007 69 11 00 13 99 2000
abc abcd qwe qwer qwerty asd asdf zxc aa ab ha haha xd lol ok 1a 1q a1 q1 112 1122 121 1212 159 357 753
147 258 369 789 987 456 654 102030 1020 2020 2024 2025 2026 12qw qw12 zaq1 1qaz dupa kot pies`)
	for _, p := range patterns {
		for s := p + p; len(s) <= 20; s += p {
			add(s)
		}
	}
	for _, s := range strings.Fields(`112233 11223344 1122334455 112233445566 123321 12344321 1234554321
123454321 1234567654321 123456654321 123123 123321123 321321 147258369 159753 1597532486 741852963
963852741 369258147 258456 2580 852456 1470 7410 9630 0147 13579 135792468 2468 24680 1357924680
123654789 987456321 123698745 14789632 1236987 147896325 7896541230 zaq12wsxcde3 1qaz2wsx3edc
1qaz2wsx3edc4rfv 3edc2wsx1qaz 1234qwerasdfzxcv qwer1234 asdf1234 zxcv1234 1234asdf 1234zxcv
qwerty123456 qwerty1234567890 123456qwerty 123qweasdzxc 1q2w3e4r5t6y 1q2w3e4r5t6y7u8i9o0p
1qa2ws3ed 1qw23er4 1qwerty 1qwerty1 q1w2e3r4t5y6 123456789q 12345678q 1234567q 123456789qwe
123456789abc 123456789aa abc123456789 a123456789 aa123456789 q123456789 qq123456789 zz123456789`) {
		add(s)
	}
}

// leet returns w with the usual letter-for-symbol swaps made: each rule
// alone, and all of them at once.
func leet(w string) []string {
	rules := []*strings.Replacer{
		strings.NewReplacer("a", "@"),
		strings.NewReplacer("a", "4"),
		strings.NewReplacer("o", "0"),
		strings.NewReplacer("e", "3"),
		strings.NewReplacer("i", "1"),
		strings.NewReplacer("l", "1"),
		strings.NewReplacer("s", "$"),
		strings.NewReplacer("s", "5"),
		strings.NewReplacer("a", "@", "o", "0"),
		strings.NewReplacer("a", "4", "o", "0"),
		strings.NewReplacer("o", "0", "e", "3"),
		strings.NewReplacer("a", "@", "o", "0", "e", "3", "i", "1", "s", "$"),
		strings.NewReplacer("a", "4", "o", "0", "e", "3", "i", "1", "s", "5"),
	}
	var out []string
	for _, r := range rules {
		if l := r.Replace(w); l != w {
			out = append(out, l)
		}
	}
	return out
}

// deaccent writes Polish letters without their diacritics, as people type
// them on a phone in a hurry.
func deaccent(s string) string {
	return strings.NewReplacer("ą", "a", "ć", "c", "ę", "e", "ł", "l", "ń", "n", "ó", "o", "ś", "s", "ź", "z", "ż", "z").Replace(s)
}

// reverse returns s backwards (keyboard rows and columns are ASCII).
func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}
