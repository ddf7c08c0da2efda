import IMSCore
import Testing

@Suite("Card number detection")
struct CardNumberDetectorTests {
    /// A Luhn-valid digit string of `length` digits starting with `prefix`, made with the tests' own arithmetic.
    static func luhnValid(prefix: String, length: Int) -> String {
        let payload = prefix + String(repeating: "1", count: length - 1 - prefix.count)
        return payload + String(Independent.luhnCheckDigit(payload))
    }

    @Test(
        "finds card numbers however they are written",
        arguments: [
            "4111111111111111",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "Paid with card 4111 1111 1111 1111 thanks",
            "card:4111111111111111.",
            "A4111111111111111B",
            "5555 5555 5555 4444",
            "3782 822463 10005",
            "4222222222222",
            CardNumberDetectorTests.luhnValid(prefix: "62", length: 19),
            // issue 10: a card number inside a longer run of digits, e.g. followed by its expiry.
            "4444333322221111 1225",
            "Paid 4444-3333-2222-1111-1225 ok",
            "99 4111 1111 1111 1111",
            "ref 00 4444333322221111",
            "1225-4444-3333-2222-1111",
        ])
    func finds(text: String) {
        #expect(CardNumberDetector.containsCardNumber(text))
    }

    @Test(
        "ignores numbers that cannot be card numbers",
        arguments: [
            CardNumberDetectorTests.luhnValid(prefix: "4", length: 12),
            "4111111111111112",
            "12345678901234567890123",
            "4111 1111 1111 1112 1225",
            "4111  1111 1111 1111",
            "4111 1111 1111 111",
            "Council tax 771234564",
            "4111/1111/1111/1111",
            "",
            "no digits here",
        ])
    func ignores(text: String) {
        #expect(!CardNumberDetector.containsCardNumber(text))
    }

    @Test("the test data is what it claims to be")
    func testDataSanity() {
        #expect(Independent.luhnValid(Self.luhnValid(prefix: "4", length: 12)))
        #expect(Independent.luhnValid(Self.luhnValid(prefix: "4", length: 20)))
        #expect(Self.luhnValid(prefix: "4", length: 20).count == 20)
        #expect(!Independent.luhnValid("4111111111111112"))
    }

    @Test(
        "masking keeps the first 6 and last 4 digits",
        arguments: [
            ("4111111111111111", "411111******1111"),
            ("4111 1111 1111 1111", "411111******1111"),
            ("Card 4111-1111-1111-1111 used", "Card 411111******1111 used"),
            ("378282246310005", "378282*****0005"),
            ("a 4111111111111111 and 5555555555554444.", "a 411111******1111 and 555555******4444."),
            ("4444333322221111 1225", "444433******1111 1225"),
            ("ref 771234564", "ref 771234564"),
            ("", ""),
        ])
    func masking(text: String, masked: String) {
        #expect(CardNumberDetector.masking(text) == masked)
        #expect(!CardNumberDetector.containsCardNumber(CardNumberDetector.masking(text)))
    }
}
