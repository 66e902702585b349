package publisher

import (
	"fmt"
	"strconv"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// The reader-facing strings of pages and feeds live in a message catalogue
// (golang.org/x/text/message): English is the source text and the key,
// French and Arabic are translations. site.language picks one; a language
// without translations reads English. Arabic pages are laid out right to
// left (<html dir="rtl">).
var (
	uiLanguages = []language.Tag{language.English, language.French, language.Arabic}
	uiMatcher   = language.NewMatcher(uiLanguages)
	uiCatalog   = mustCatalog()
	uiLocales   = newLocales()
)

// newLocales makes the one printer of each interface language; a Printer
// is safe for concurrent use.
func newLocales() map[language.Tag]locale {
	m := make(map[language.Tag]locale, len(uiLanguages))
	for _, tag := range uiLanguages {
		m[tag] = locale{tag: tag, printer: message.NewPrinter(tag, message.Catalog(uiCatalog))}
	}
	return m
}

// translations maps each English message to its French and Arabic forms.
// Format verbs stay in the translation, in the order of the arguments.
var translations = map[string][2]string{
	"All stories":                    {"Toutes les dépêches", "كل الأخبار"},
	"Latest stories":                 {"Dernières dépêches", "آخر الأخبار"},
	"No stories yet.":                {"Aucune dépêche pour l’instant.", "لا أخبار بعد."},
	"← Newer":                        {"← Plus récentes", "→ الأحدث"},
	"Older →":                        {"Plus anciennes →", "الأقدم ←"},
	"Page %s of %s":                  {"Page %s sur %s", "الصفحة %s من %s"},
	"%s — page %s":                   {"%s — page %s", "%s — الصفحة %s"},
	"Pages":                          {"Pages", "الصفحات"},
	"Categories":                     {"Rubriques", "الأقسام"},
	"By %s":                          {"Par %s", "بقلم %s"},
	"Source:":                        {"Source :", "المصدر:"},
	"Also carried by:":               {"Également diffusé par :", "نشرته أيضًا:"},
	"Feeds:":                         {"Flux :", "الخلاصات:"},
	"Front page":                     {"Une", "الصفحة الرئيسية"},
	"Continue to the story":          {"Lire la dépêche", "متابعة إلى الخبر"},
	"Not found":                      {"Introuvable", "غير موجود"},
	"Moved":                          {"Déplacée", "نُقل"},
	"Withdrawn":                      {"Retirée", "سُحب"},
	"This story has been withdrawn.": {"Cette dépêche a été retirée.", "سُحب هذا الخبر."},
	"This story was merged into another report of the same news.": {
		"Cette dépêche a été fusionnée avec un autre récit de la même information.",
		"دُمج هذا الخبر في تقرير آخر عن الحدث نفسه."},
	"There is no such story or category here. These are the categories this site publishes:": {
		"Cette dépêche ou cette rubrique n’existe pas ici. Voici les rubriques de ce site :",
		"لا يوجد هنا خبر أو قسم بهذا الاسم. هذه هي الأقسام التي ينشرها الموقع:"},
	"Latest stories from %s":        {"Dernières dépêches de %s", "آخر الأخبار من %s"},
	"Latest %s stories from %s":     {"Dernières dépêches %s de %s", "آخر أخبار %s من %s"},
	"%s (RSS)":                      {"%s (RSS)", "%s (RSS)"},
	"%s (Atom)":                     {"%s (Atom)", "%s (Atom)"},
	"%s (JSON Feed)":                {"%s (JSON Feed)", "%s (JSON Feed)"},
	"%s %s %s, %s UTC":              {"%s %s %s, %s UTC", "%s %s %s، %s UTC"},
	"Search":                        {"Rechercher", "بحث"},
	"Search the stories":            {"Rechercher dans les dépêches", "ابحث في الأخبار"},
	"Search: %s":                    {"Recherche : %s", "بحث: %s"},
	"Page %s":                       {"Page %s", "الصفحة %s"},
	"No stories match this search.": {"Aucune dépêche ne correspond à cette recherche.", "لا أخبار تطابق هذا البحث."},
	"The search was stopped before it was complete: older matching stories may be missing. Add words to narrow it.": {
		"La recherche a été interrompue avant d’être complète : des dépêches plus anciennes qui correspondent peuvent manquer. Ajoutez des mots pour la préciser.",
		"توقّف البحث قبل اكتماله: قد تنقص أخبار أقدم مطابقة له. أضف كلمات لتضييقه."},
	"How to search":                  {"Comment chercher", "طريقة البحث"},
	"Write":                          {"Écrire", "اكتب"},
	"To find":                        {"Pour trouver", "للعثور على"},
	"Saved searches":                 {"Recherches enregistrées", "عمليات بحث محفوظة"},
	"This search cannot be run: %s.": {"Cette recherche ne peut pas être lancée : %s.", "لا يمكن تنفيذ هذا البحث: %s."},
	"Pages of results go from 1 to %s; refine the search to see older stories.": {
		"Les pages de résultats vont de 1 à %s ; précisez la recherche pour voir des dépêches plus anciennes.",
		"صفحات النتائج من 1 إلى %s؛ دقّق البحث لرؤية أخبار أقدم."},
	"Operators are written in capitals; a search has at most 32 words.": {
		"Les opérateurs s’écrivent en majuscules ; une recherche compte au plus 32 mots.",
		"تُكتب العوامل بالأحرف الكبيرة (AND وOR وNOT)؛ وللبحث 32 كلمة على الأكثر."},
	"stories with the word (case and accents are ignored)": {
		"les dépêches qui contiennent le mot (casse et accents ignorés)",
		"الأخبار التي فيها الكلمة (دون تمييز حالة الأحرف أو التشكيل)"},
	"both words: AND is implied":        {"les deux mots : AND est implicite", "الكلمتان معًا: AND ضمنية"},
	"either word":                       {"l’un ou l’autre mot", "إحدى الكلمتين"},
	"the first without the second":      {"le premier sans le second", "الأولى دون الثانية"},
	"the words together, in this order": {"les mots ensemble, dans cet ordre", "الكلمات متتالية بهذا الترتيب"},
	"words that begin with opec":        {"les mots qui commencent par opec", "الكلمات التي تبدأ بـ opec"},
	"parentheses group; NOT binds tighter than AND, AND than OR": {
		"les parenthèses groupent ; NOT lie plus fort que AND, AND que OR",
		"الأقواس تجمع؛ NOT أقوى من AND، وAND أقوى من OR"},
}

// months are the month names of dates on pages, January first.
var months = map[language.Tag][12]string{
	language.English: {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	language.French:  {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
	language.Arabic: {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
		"نوفمبر", "ديسمبر"},
}

func mustCatalog() catalog.Catalog {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for en, tr := range translations {
		for i, tag := range []language.Tag{language.French, language.Arabic} {
			if err := b.SetString(tag, en, tr[i]); err != nil {
				panic(fmt.Sprintf("publisher: message catalogue: %v", err)) // a static table: a build defect
			}
		}
	}
	return b
}

// locale is the interface language of the site.
type locale struct {
	tag     language.Tag // one of uiLanguages
	printer *message.Printer
}

// localeFor picks the interface language for a BCP 47 tag such as
// site.language ("ar", "fr-CA"); anything else reads English.
func localeFor(lang string) locale {
	want, err := language.Parse(lang)
	if err != nil {
		want = language.English
	}
	_, i, _ := uiMatcher.Match(want)
	return uiLocales[uiLanguages[i]]
}

// T translates an English message, formatting args into it.
func (l locale) T(key string, args ...any) string {
	if l.printer == nil {
		return fmt.Sprintf(key, args...)
	}
	return l.printer.Sprintf(key, args...)
}

// Text translates an English message that holds no format verbs and
// is not a constant (a table's entry).
func (l locale) Text(key string) string {
	if l.printer == nil {
		return key
	}
	return l.printer.Sprintf(key)
}

// Dir is the direction of the interface language, for <html dir>.
func (l locale) Dir() string {
	if l.tag == language.Arabic {
		return "rtl"
	}
	return "ltr"
}

// Date formats a story time for a page: "4 Dec 2026, 19:19 UTC" and its
// translations, always in UTC.
func (l locale) Date(t time.Time) string {
	t = t.UTC()
	names, ok := months[l.tag]
	if !ok {
		names = months[language.English]
	}
	// Numbers go in as text: the printer would group a year ("2 026").
	return l.T("%s %s %s, %s UTC", strconv.Itoa(t.Day()), names[t.Month()-1], strconv.Itoa(t.Year()), t.Format("15:04"))
}
