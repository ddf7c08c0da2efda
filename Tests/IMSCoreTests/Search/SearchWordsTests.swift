import IMSCore
import Testing

/// The folding every record's words go through, on its byte-by-byte path for plain ASCII and its table for
/// accented Latin letters (issue 13), and the other per-row normalisations an import makes.
@Suite("Search words, postcodes and fund codes as an import reads them")
struct SearchWordsTests {
    @Test(
        "names, addresses and narratives fold to lower-case ASCII words",
        arguments: [
            ("Siân O'Brien", "sian o brien"), ("Zoë Wright-Lee", "zoe wright lee"), ("Ó Súilleabháin", "o suilleabhain"),
            ("Łódź", "lodz"), ("Straße", "strasse"), ("Ærøskøbing", "aeroskobing"), ("Œuvre", "oeuvre"),
            ("148 Church Road, Upper Sampleby", "148 church road upper sampleby"), ("  LIC/2026/0485  ", "lic 2026 0485"),
            ("Bulky waste — sofa", "bulky waste sofa"), ("naïve café", "naive cafe"), ("", ""), ("?!", ""),
        ])
    func folds(text: String, words: String) {
        #expect(SearchWords.indexText(text) == words)
    }

    @Test("an accented text and its plain spelling give the same words, whichever path each takes")
    func samePathResult() {
        #expect(SearchWords.indexText("Seán D'Souza", "Zoë") == SearchWords.indexText("Sean D'Souza", "Zoe"))
        #expect(SearchWords.words("José Núñez") == ["jose", "nunez"])
    }

    @Test("every scalar of the Latin blocks folds to letters and digits only, or ends a word")
    func latinBlocks() {
        for value in UInt32(0x80)..<0x250 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let words = SearchWords.indexText("a" + String(scalar) + "b")
            #expect(words.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x20 }, "U+\(value)")
            #expect(words.hasPrefix("a") && words.hasSuffix("b"), "U+\(value)")
        }
    }

    @Test(
        "postcodes: upper case, one space before the last three, whatever the spacing; others as written, upper-cased",
        arguments: [
            ("te12 5lg", "TE12 5LG"), ("TE125LG", "TE12 5LG"), (" dm1  2ab ", "DM1 2AB"), ("M11AA", "M1 1AA"), ("DM1\t2AB", "DM1 2AB"),
            ("abc", "ABC"), ("  not a postcode  ", "NOT A POSTCODE"), ("DM1 2ÅB", "DM1 2ÅB"),
        ])
    func postcodes(text: String, normal: String) {
        #expect(Postcode.normalise(text) == normal)
    }

    @Test("fund codes: taken as they are when already a code, trimmed and upper-cased otherwise, refused when not one")
    func fundCodes() throws {
        #expect(try FundCode(parsing: "CTAX").rawValue == "CTAX")
        #expect(try FundCode(parsing: " ctax ").rawValue == "CTAX")
        #expect(try FundCode(parsing: "P4").rawValue == "P4")
        for bad in ["", "CTAXES", "C-TAX", "ÉTÉ", "  "] {
            #expect(throws: IMSError.self) { try FundCode(parsing: bad) }
        }
    }
}
