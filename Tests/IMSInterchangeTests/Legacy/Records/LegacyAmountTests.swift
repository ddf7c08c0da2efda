import IMSCore
import IMSInterchange
import Testing

@Suite("Legacy amounts")
struct LegacyAmountTests {
    @Test(
        "amounts in the pounds grammar are read exactly",
        arguments: [
            ("12", 1_200), ("-12.5", -1_250), ("0.07", 7), ("12.50", 1_250), ("-0.01", -1), ("0", 0), ("007.10", 710),
            ("9999999999.99", 999_999_999_999),
        ] as [(String, Int64)])
    func accepted(text: String, pence: Int64) {
        #expect(LegacyAmount.read(text) == .amount(Money(pence: pence)))
    }

    @Test(
        "anything else is not an amount",
        arguments: [
            "1,234.00", "£12", "12.", ".5", "", "-", "+12", " 12", "12 ", "12.5.0", "1e3", "twelve", "-£12.50", "12,50", "--1", "١٢",
        ])
    func refused(text: String) {
        #expect(LegacyAmount.read(text) == .notAnAmount)
    }

    @Test("a third decimal place is a fraction of a penny unless it and all after it are zeros")
    func fractions() {
        #expect(LegacyAmount.read("12.345") == .fractionOfPenny)
        #expect(LegacyAmount.read("-0.001") == .fractionOfPenny)
        #expect(LegacyAmount.read("12.5000001") == .fractionOfPenny)
        #expect(LegacyAmount.read("12.500") == .tooManyDecimalPlaces)
    }

    @Test("amounts beyond the largest IMS accepts are too large, however many digits")
    func tooLarge() {
        #expect(LegacyAmount.read("10000000000") == .tooLarge)
        #expect(LegacyAmount.read("-10000000000.00") == .tooLarge)
        #expect(LegacyAmount.read(String(repeating: "9", count: 40)) == .tooLarge)
    }
}
