package pdf

// KoreanLabel returns the Korean translation of a printed word, for the tests.
func KoreanLabel(s string) (string, bool) {
	k, ok := korean[s]
	return k, ok
}
