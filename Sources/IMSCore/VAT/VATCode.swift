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

/// A VAT code of the council's configuration (`STD` 20%, `RED` 5%, `ZER`, `EXE`, `OUT`).
public struct VATCode: Hashable, Sendable, Codable {
    public let code: String
    public let name: String
    public let treatment: VATTreatment
    /// The rate in basis points: 2000 is 20%, 500 is 5%. Whole basis points cover every UK rate there has
    /// been (17.5% is 1750) without a fraction.
    public let rateBasisPoints: Int64

    public init(code: String, name: String, treatment: VATTreatment, rateBasisPoints: Int64) {
        self.code = code
        self.name = name
        self.treatment = treatment
        self.rateBasisPoints = treatment.chargesVAT ? rateBasisPoints : 0
    }

    /// `20%`, `17.5%`, `0%`.
    public var rateText: String {
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
