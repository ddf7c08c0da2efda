import IMSCore
import Testing

@Suite("Reference masks")
struct ReferenceMaskTests {
    @Test("# is a digit", arguments: [("##", "12", true), ("##", "1A", false), ("##", "A1", false), ("##", "1-", false), ("#", "\u{0661}", false)])
    func digit(mask: String, reference: String, matches: Bool) {
        #expect(ReferenceMask(mask).matches(reference) == matches)
    }

    @Test("$ is a letter", arguments: [("$$", "AB", true), ("$$", "ab", true), ("$$", "A1", false), ("$$", "1A", false), ("$", "/", false)])
    func letter(mask: String, reference: String, matches: Bool) {
        #expect(ReferenceMask(mask).matches(reference) == matches)
    }

    @Test(
        "? is a letter or a digit", arguments: [("??", "A1", true), ("??", "1A", true), ("??", "Z9", true), ("??", "-1", false), ("?", " ", false)])
    func letterOrDigit(mask: String, reference: String, matches: Bool) {
        #expect(ReferenceMask(mask).matches(reference) == matches)
    }

    @Test("@ is the check character: a letter or a digit", arguments: [("##@", "127", true), ("##@", "12X", true), ("##@", "12/", false)])
    func checkCharacter(mask: String, reference: String, matches: Bool) {
        #expect(ReferenceMask(mask).matches(reference) == matches)
    }

    @Test(
        "anything else is itself",
        arguments: [
            ("PA/2026/0123", true),
            ("PB/2026/0123", false),
            ("PA-2026-0123", false),
            ("PA/2026/012", false),
            ("PA/2026/01234", false),
            ("PA/2026/012A", false),
            ("XPA/2026/0123", false),
            ("", false),
        ])
    func literals(reference: String, matches: Bool) {
        #expect(ReferenceMask("PA/####/####").matches(reference) == matches)
    }

    @Test("a lower-case literal in a mask matches the upper-case normalised reference")
    func lowerCaseLiteral() {
        #expect(ReferenceMask("pa/##").matches("PA/12"))
    }

    @Test("a literal whose upper case is two letters never matches, and does not crash")
    func literalUpperCasingToTwoLetters() {
        #expect(!ReferenceMask("ß##").matches("S12"))
        #expect(!ReferenceMask("ß##").matches("ß12"))
    }

    @Test(
        "the explanation says the mask in words",
        arguments: [
            ("$$########", "2 letters then 8 numbers"),
            ("PA/####/####", "“PA/” then 4 numbers then “/” then 4 numbers"),
            ("BC-######", "“BC-” then 6 numbers"),
            ("#", "1 number"),
            ("$", "1 letter"),
            ("?", "1 letter or number"),
            ("???", "3 letters or numbers"),
            ("#######@", "7 numbers then a check character"),
            ("##@@", "2 numbers then 2 check characters"),
            ("$#$", "1 letter then 1 number then 1 letter"),
        ])
    func explanation(mask: String, text: String) {
        #expect(ReferenceMask(mask).explanation == text)
    }

    @Test("the check character's place and the variable places")
    func offsets() {
        let mask = ReferenceMask("AB/#?$@")
        #expect(mask.checkCharacterOffset == 6)
        #expect(mask.variableOffsets == [3, 4, 5])
        #expect(ReferenceMask("PA/####").checkCharacterOffset == nil)
    }
}
