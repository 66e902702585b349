package region

// foldRune maps a Latin letter with a diacritic to its base letter in lower
// case ("É" -> 'e', "ç" -> 'c'), so that "Côte d'Ivoire", "Cote d'Ivoire",
// "Bogotá" and "Bogota" share one key. It returns 0 for anything else.
func foldRune(r rune) byte {
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å', 'ā', 'ă', 'ą', 'À', 'Á', 'Â', 'Ã', 'Ä', 'Å', 'Ā', 'Ă', 'Ą':
		return 'a'
	case 'ç', 'ć', 'č', 'Ç', 'Ć', 'Č':
		return 'c'
	case 'ď', 'đ', 'Ď', 'Đ':
		return 'd'
	case 'è', 'é', 'ê', 'ë', 'ē', 'ė', 'ę', 'ě', 'È', 'É', 'Ê', 'Ë', 'Ē', 'Ė', 'Ę', 'Ě':
		return 'e'
	case 'ğ', 'Ğ':
		return 'g'
	case 'ì', 'í', 'î', 'ï', 'ī', 'ı', 'İ', 'Ì', 'Í', 'Î', 'Ï', 'Ī':
		return 'i'
	case 'ł', 'Ł':
		return 'l'
	case 'ñ', 'ń', 'ň', 'Ñ', 'Ń', 'Ň':
		return 'n'
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'ō', 'ő', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö', 'Ø', 'Ō', 'Ő':
		return 'o'
	case 'ř', 'Ř':
		return 'r'
	case 'ś', 'š', 'ş', 'ș', 'Ś', 'Š', 'Ş', 'Ș':
		return 's'
	case 'ť', 'ţ', 'ț', 'Ť', 'Ţ', 'Ț':
		return 't'
	case 'ù', 'ú', 'û', 'ü', 'ū', 'ů', 'ű', 'Ù', 'Ú', 'Û', 'Ü', 'Ū', 'Ů', 'Ű':
		return 'u'
	case 'ý', 'ÿ', 'Ý':
		return 'y'
	case 'ź', 'ż', 'ž', 'Ź', 'Ż', 'Ž':
		return 'z'
	}
	return 0
}
