import Foundation
import IMSCore
import Testing

@Suite("Money")
struct MoneyTests {
    @Test(
        "formatted is how a person reads an amount",
        arguments: [
            (123_456, "£1,234.56"),
            (-1_250, "-£12.50"),
            (7, "£0.07"),
            (-7, "-£0.07"),
            (0, "£0.00"),
            (100, "£1.00"),
            (99_999, "£999.99"),
            (100_000, "£1,000.00"),
            (12_345_678_901, "£123,456,789.01"),
            (100_000_000, "£1,000,000.00"),
            (999_999_999_999, "£9,999,999,999.99"),
            (-999_999_999_999, "-£9,999,999,999.99"),
        ] as [(Int64, String)])
    func formatted(pence: Int64, text: String) {
        #expect(Money(pence: pence).formatted == text)
        #expect(Money(pence: pence).description == text)
    }

    @Test(
        "decimalString is a plain decimal for files",
        arguments: [
            (123_456, "1234.56"),
            (-1_250, "-12.50"),
            (7, "0.07"),
            (-5, "-0.05"),
            (0, "0.00"),
            (1_000_000, "10000.00"),
            (999_999_999_999, "9999999999.99"),
        ] as [(Int64, String)])
    func decimalString(pence: Int64, text: String) {
        #expect(Money(pence: pence).decimalString == text)
    }

    /// Values around every place where grouping or padding changes, plus a spread of others.
    static let roundTripPence: [Int64] = {
        var values: [Int64] = [
            0, 1, 9, 10, 99, 100, 101, 999, 1_000, 99_999, 100_000, 100_001, 99_999_999, 100_000_000,
            123_456_789_012, 999_999_999_999,
        ]
        var state: UInt64 = 0x1234_5678
        for _ in 0..<60 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.append(Int64((state >> 20) % 1_000_000_000_000))
        }
        return values + values.map { -$0 }.filter { $0 != 0 }
    }()

    @Test("parsing what was formatted gives back the same amount", arguments: roundTripPence)
    func roundTrip(pence: Int64) throws {
        let money = Money(pence: pence)
        #expect(try Money.parse(money.formatted) == money)
        #expect(try Money.parse(money.decimalString) == money)
    }

    @Test("pounds(_:pence:) keeps the sign on the pence")
    func pounds() {
        #expect(Money.pounds(12, pence: 50) == Money(pence: 1_250))
        #expect(Money.pounds(-12, pence: 50) == Money(pence: -1_250))
        #expect(Money.pounds(10_000) == Money(pence: 1_000_000))
    }

    @Test("arithmetic, comparison, sign and sum")
    func arithmetic() {
        var total = Money(pence: 1_000)
        total += Money(pence: 250)
        total -= Money(pence: 50)
        #expect(total == Money(pence: 1_200))
        #expect(-total == Money(pence: -1_200))
        #expect(Money(pence: -300).magnitude == Money(pence: 300))
        #expect(Money(pence: 1) > .zero)
        #expect(Money(pence: -1) < .zero)
        #expect(Money(pence: 5).isPositive && !Money(pence: 5).isNegative && !Money(pence: 5).isZero)
        #expect(Money(pence: -5).isNegative && !Money(pence: -5).isPositive)
        #expect(Money.zero.isZero && !Money.zero.isPositive && !Money.zero.isNegative)
        #expect([Money(pence: 100), Money(pence: -30), Money(pence: 7)].sum() == Money(pence: 77))
        #expect([Money]().sum() == .zero)
        #expect(Money(pence: Int64.min).magnitude == Money(pence: Int64.max))
    }

    @Test("is stored as whole pence, never as a decimal")
    func codable() throws {
        let data = try JSONEncoder().encode([Money(pence: 1_250), Money(pence: -7)])
        #expect(String(decoding: data, as: UTF8.self) == "[1250,-7]")
        #expect(try JSONDecoder().decode([Money].self, from: data) == [Money(pence: 1_250), Money(pence: -7)])
    }

    @Test("issue 9 item 1: arithmetic past Int64 saturates instead of stopping the process, and is refused as out of range")
    func arithmeticNeverTraps() throws {
        #expect(Money(pence: .max) + Money(pence: 1) == Money(pence: .max))
        #expect(Money(pence: .min) - Money(pence: 1) == Money(pence: .min))
        #expect(-Money(pence: .min) == Money(pence: .max))
        #expect([Money(pence: .max), Money(pence: 1)].sum() == Money(pence: .max))
        #expect(Money.pounds(.max) == Money(pence: .max))
        #expect(!Money(pence: .max).isWithinLimits)
        #expect(Money.maximumMagnitude.isWithinLimits && (-Money.maximumMagnitude).isWithinLimits)
        #expect(throws: IMSError.self) { try [Money(pence: .max), Money(pence: 1)].checkedSum(field: "lines") }
        #expect(throws: IMSError.self) { try [Money.maximumMagnitude, Money(pence: 1)].checkedSum() }
        #expect(try [Money.maximumMagnitude, Money(pence: -1)].checkedSum() == Money(pence: 999_999_999_998))
        #expect(throws: IMSError.self) { try Money(checkedPence: Money.maximumMagnitude.pence + 1, field: "amount") }
        #expect(try Money(checkedPence: -Money.maximumMagnitude.pence) == -Money.maximumMagnitude)
    }
}
