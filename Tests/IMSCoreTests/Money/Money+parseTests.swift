import IMSCore
import Testing

@Suite("Reading amounts people type")
struct MoneyParseTests {
    @Test(
        "accepts the ways people write pounds and pence",
        arguments: [
            ("£1,234.56", 123_456),
            ("1234.5", 123_450),
            ("12", 1_200),
            (".50", 50),
            ("£.5", 50),
            ("-£12.50", -1_250),
            ("£-12.50", -1_250),
            ("\u{2212}£3.00", -300),
            ("  £12.50  ", 1_250),
            ("\t12.50\n", 1_250),
            ("£ 12.50", 1_250),
            ("0", 0),
            ("0.07", 7),
            ("£0.7", 70),
            ("007.10", 710),
            ("£1,000", 100_000),
            ("1,234,567.89", 123_456_789),
            ("9,999,999,999.99", 999_999_999_999),
            ("-9999999999.99", -999_999_999_999),
        ] as [(String, Int64)])
    func accepts(text: String, pence: Int64) throws {
        #expect(try Money.parse(text) == Money(pence: pence))
    }

    @Test("refuses fractions of a penny", arguments: ["12.345", "0.001", "£1,234.567", "-12.999"])
    func fractionOfPenny(text: String) {
        expectIMSError(.moneyFractionOfPenny) { try Money.parse(text) }
    }

    @Test(
        "refuses text that is not pounds and pence",
        arguments: [
            "12,34", "1,2345", "1,23,456", ",123", "1234,567", "1,234,",
            "", "   ", "£", "-", "-£", "1.", "£12.", "12.3.4", "1..2",
            "12a", "abc", "£12.5p", "12.a5", "1e3", "+12", "--12", "-£-12", "£12 50", "$12", "12£", "£12.50 GBP",
            "\u{0661}\u{0662}",  // Arabic-Indic digits
            "12.5\u{0301}",  // a digit with a combining accent is not a digit
            "1\u{0301}2.50",
            "\u{FF11}\u{FF12}",  // full-width digits
        ])
    func invalid(text: String) {
        expectIMSError(.moneyInvalid) { try Money.parse(text) }
    }

    @Test(
        "refuses amounts beyond £9,999,999,999.99",
        arguments: [
            "10000000000.00", "10,000,000,000", "-10000000000", "99999999999999999999", "£10000000000",
        ])
    func tooLarge(text: String) {
        expectIMSError(.moneyOutOfRange) { try Money.parse(text) }
    }

    @Test("the largest amount is accepted and one penny more is not")
    func boundary() throws {
        #expect(try Money.parse("9999999999.99") == Money.maximumMagnitude)
        #expect(try Money.parse("-9999999999.99") == -Money.maximumMagnitude)
        expectIMSError(.moneyOutOfRange) { try Money.parse("10000000000.01") }
    }

    @Test("a refusal names the field it was about")
    func field() {
        let error = expectIMSError(.moneyInvalid) { try Money.parse("twelve", field: "amount") }
        #expect(error?.field == "amount")
        let tooPrecise = expectIMSError(.moneyFractionOfPenny) { try Money.parse("1.234", field: "lines[2].amount") }
        #expect(tooPrecise?.field == "lines[2].amount")
        #expect(tooPrecise?.reason.contains("1.234") == true)
    }

    @Test("trimmingWhitespace removes spaces, tabs and newlines at both ends only")
    func trimming() {
        #expect(" \t a b \n".trimmingWhitespace() == "a b")
        #expect("   ".trimmingWhitespace() == "")
        #expect("\u{00A0}x\u{2003}".trimmingWhitespace() == "x")
    }

    @Test("ASCII digit and letter tests refuse look-alikes")
    func asciiCharacters() {
        #expect(Character("7").isASCIIDigitCharacter)
        #expect(!Character("\u{0667}").isASCIIDigitCharacter)
        #expect(!Character("1\u{0301}").isASCIIDigitCharacter)
        #expect(!Character("5\u{20E3}").isASCIIDigitCharacter)
        #expect(Character("q").isASCIILetterCharacter)
        #expect(Character("Q").isASCIILetterCharacter)
        #expect(!Character("q\u{0301}").isASCIILetterCharacter)
        #expect(!Character("é").isASCIILetterCharacter)
        #expect(!Character("7").isASCIILetterCharacter)
    }
}
