/// How a supply is treated for VAT. Much council income (council tax, rates, fines) is outside the scope.
public enum VATTreatment: String, Sendable, Hashable, Codable, CaseIterable {
    case standard
    case reduced
    case zero
    case exempt
    case outsideScope = "outside_scope"

    /// Whether a receipt may show VAT as charged. Exempt and outside-scope supplies must not look as if
    /// VAT were charged, and a zero rate charges none.
    public var chargesVAT: Bool { self == .standard || self == .reduced }
}

/// A rate in force from a day (UK local date) until the next rate of the same code: the standard rate was
/// 17.5%, 15% from 1 December 2008, 17.5% again from 1 January 2010 and 20% from 4 January 2011; the
/// hospitality rate went 5% → 12.5% → 20% in 2020–22.
public struct VATRate: Hashable, Sendable, Codable, Comparable {
    /// `YYYY-MM-DD`; the earliest rate of a code may start on `0001-01-01` (always).
    public var effectiveFrom: String
    /// The rate in basis points: 2000 is 20%, 500 is 5%.
    public var rateBasisPoints: Int64

    public init(effectiveFrom: String, rateBasisPoints: Int64) {
        self.effectiveFrom = effectiveFrom
        self.rateBasisPoints = rateBasisPoints
    }

    /// The start of time, for a code's first rate.
    public static let always = "0001-01-01"

    public static func < (lhs: VATRate, rhs: VATRate) -> Bool { lhs.effectiveFrom < rhs.effectiveFrom }

    /// Checks the day is a real `YYYY-MM-DD` date and the rate between 0% and 100%.
    public func check(code: String) throws(IMSError) {
        let parts = effectiveFrom.split(separator: "-", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int($0) }
        guard parts.count == 3, numbers.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            UKLocalTime.DateTime(year: numbers[0], month: numbers[1], day: numbers[2]).isValid
        else {
            throw .validation(.configurationInvalid, "VAT code \(code): effective_from \(effectiveFrom) is not a date like 2021-10-01")
        }
        guard (0...10_000).contains(rateBasisPoints) else {
            throw .validation(.configurationInvalid, "VAT code \(code): a rate must be between 0 and 10000 basis points")
        }
    }

    /// The UK local day of `time`, as rates name their days.
    public static func day(of time: Timestamp) -> String {
        let local = UKLocalTime.dateTime(of: time)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let year = String(local.year)
        return "\(String(repeating: "0", count: max(0, 4 - year.count)))\(year)-\(two(local.month))-\(two(local.day))"
    }
}

/// A VAT code of the council's configuration (`STD` 20%, `RED` 5%, `ZER`, `EXE`, `OUT`), with the history
/// of its rate. A payment, refund or receipt uses the rate in force at its tax point (``inForce(at:)``);
/// adding a rate never rewrites the past, because entries keep the rate they were posted at.
public struct VATCode: Hashable, Sendable, Codable {
    public let code: String
    public let name: String
    public let treatment: VATTreatment
    /// The rate in basis points: 2000 is 20%, 500 is 5%. Whole basis points cover every UK rate there has
    /// been (17.5% is 1750) without a fraction. On a code resolved with ``inForce(at:)`` it is that day's
    /// rate; otherwise the latest rate configured.
    public let rateBasisPoints: Int64
    /// Every rate of the code, oldest first; never empty.
    public let rates: [VATRate]
    public let isRetired: Bool

    public init(code: String, name: String, treatment: VATTreatment, rateBasisPoints: Int64, isRetired: Bool = false) {
        self.init(
            code: code, name: name, treatment: treatment, rates: [VATRate(effectiveFrom: VATRate.always, rateBasisPoints: rateBasisPoints)],
            isRetired: isRetired)
    }

    public init(code: String, name: String, treatment: VATTreatment, rates: [VATRate], isRetired: Bool = false) {
        self.code = code
        self.name = name
        self.treatment = treatment
        let sorted = rates.isEmpty ? [VATRate(effectiveFrom: VATRate.always, rateBasisPoints: 0)] : rates.sorted()
        self.rates = treatment.chargesVAT ? sorted : sorted.map { VATRate(effectiveFrom: $0.effectiveFrom, rateBasisPoints: 0) }
        self.rateBasisPoints = self.rates.last!.rateBasisPoints
        self.isRetired = isRetired
    }

    /// The code as it stood on `time`'s UK day: the latest rate effective on or before it (the earliest rate
    /// when the day is before them all).
    public func inForce(at time: Timestamp) -> VATCode {
        inForce(onDay: VATRate.day(of: time))
    }

    public func inForce(onDay day: String) -> VATCode {
        let rate = rates.last { $0.effectiveFrom <= day } ?? rates[0]
        return VATCode(code: code, name: name, treatment: treatment, rate: rate.rateBasisPoints, rates: rates, isRetired: isRetired)
    }

    private init(code: String, name: String, treatment: VATTreatment, rate: Int64, rates: [VATRate], isRetired: Bool) {
        self.code = code
        self.name = name
        self.treatment = treatment
        self.rateBasisPoints = rate
        self.rates = rates
        self.isRetired = isRetired
    }

    /// `20%`, `17.5%`, `0%`.
    public var rateText: String { Self.rateText(rateBasisPoints) }

    public static func rateText(_ rateBasisPoints: Int64) -> String {
        let whole = rateBasisPoints / 100
        let fraction = rateBasisPoints % 100
        if fraction == 0 { return "\(whole)%" }
        let decimals = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0\(fraction)" : String(fraction))
        return "\(whole).\(decimals)%"
    }

    /// The VAT inside a VAT-inclusive amount: gross × rate / (100 + rate), rounded to the nearest penny
    /// with halves away from zero, computed in integers. Applied per line, never to a basket total.
    public func vat(onGross gross: Money) -> Money {
        guard rateBasisPoints > 0 else { return .zero }
        let numerator = Int128(gross.pence) * Int128(rateBasisPoints)
        let denominator = Int128(10_000 + rateBasisPoints)
        return Money(pence: Int64(Self.divideRoundingHalfAwayFromZero(numerator, denominator)))
    }

    /// The VAT and the net amount of a VAT-inclusive gross amount; `net + vat == gross` always.
    public func split(gross: Money) -> (net: Money, vat: Money) {
        let vat = vat(onGross: gross)
        return (gross - vat, vat)
    }

    static func divideRoundingHalfAwayFromZero(_ numerator: Int128, _ denominator: Int128) -> Int128 {
        let magnitude = (2 * abs(numerator) + denominator) / (2 * denominator)
        return numerator < 0 ? -magnitude : magnitude
    }
}
