/// An amount of sterling in whole pence. Money is never a floating-point number anywhere in IMS.
///
/// Positive and negative amounts are both valid values (a refund is income of minus its amount); whether an
/// amount is acceptable in a given place (a payment must be positive, a fund has a maximum) is decided there.
///
/// **Arithmetic never stops the process.** Amounts from outside (cookies, forms, JSON, query strings, files,
/// provider answers) are range-checked where they are decoded (``init(checkedPence:field:)``, `Decodable`),
/// but a value that slipped past must still not trap: `+`, `-` and negation saturate at `Int64`'s limits
/// instead of overflowing. A saturated result is far beyond ``maximumMagnitude``, so every place that checks
/// an amount or a total against it (``isWithinLimits``) still refuses it.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let pence: Int64

    /// The largest amount IMS accepts anywhere: £9,999,999,999.99. Keeping amounts far below `Int64.max`
    /// means sums of millions of lines cannot overflow.
    public static let maximumMagnitude = Money(pence: 999_999_999_999)
    public static let zero = Money(pence: 0)

    public init(pence: Int64) { self.pence = pence }

    /// An amount read from outside IMS: refused, naming `field`, when it is beyond ``maximumMagnitude``.
    public init(checkedPence pence: Int64, field: String? = nil) throws(IMSError) {
        guard pence >= -Self.maximumMagnitude.pence, pence <= Self.maximumMagnitude.pence else {
            throw .validation(.moneyOutOfRange, "The amount is too large", field: field)
        }
        self.pence = pence
    }

    public static func pounds(_ pounds: Int64, pence: Int64 = 0) -> Money {
        Money(pence: Self.saturating(pounds.multipliedReportingOverflow(by: 100))) + Money(pence: pounds < 0 ? -pence : pence)
    }

    /// Whether the amount is one IMS accepts anywhere: at most ``maximumMagnitude`` either way.
    public var isWithinLimits: Bool { pence >= -Self.maximumMagnitude.pence && pence <= Self.maximumMagnitude.pence }

    public var isPositive: Bool { pence > 0 }
    public var isNegative: Bool { pence < 0 }
    public var isZero: Bool { pence == 0 }
    public var magnitude: Money { Money(pence: pence.magnitude > Int64.max ? Int64.max : Int64(pence.magnitude)) }

    public static func + (lhs: Money, rhs: Money) -> Money { Money(pence: saturating(lhs.pence.addingReportingOverflow(rhs.pence))) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(pence: saturating(lhs.pence.subtractingReportingOverflow(rhs.pence))) }
    public static prefix func - (value: Money) -> Money { Money.zero - value }
    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }
    public static func -= (lhs: inout Money, rhs: Money) { lhs = lhs - rhs }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.pence < rhs.pence }

    /// `£1,234.56`, `-£12.50`, `£0.07`: how a person reads an amount.
    public var formatted: String {
        let sign = pence < 0 ? "-" : ""
        let absolute = pence.magnitude
        let pounds = String(absolute / 100)
        var grouped = ""
        for (index, digit) in pounds.enumerated() {
            if index > 0 && (pounds.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return "\(sign)£\(grouped).\(Self.twoDigits(absolute % 100))"
    }

    /// `1234.56`, `-12.50`: for files (CSV, GL export) where a plain decimal is wanted.
    public var decimalString: String {
        let sign = pence < 0 ? "-" : ""
        return "\(sign)\(pence.magnitude / 100).\(Self.twoDigits(pence.magnitude % 100))"
    }

    public var description: String { formatted }

    /// The result of an overflowing operation pinned to the limit it passed (the sign of the true result is
    /// the opposite of the wrapped one's).
    private static func saturating(_ result: (partialValue: Int64, overflow: Bool)) -> Int64 {
        guard result.overflow else { return result.partialValue }
        return result.partialValue < 0 ? .max : .min
    }

    private static func twoDigits(_ value: UInt64) -> String {
        value < 10 ? "0\(value)" : String(value)
    }

    /// Any `Int64`: ledger totals (a migration chunk's line, a balance) may pass ``maximumMagnitude``. An
    /// amount from outside is read as `Int64` and checked with ``init(checkedPence:field:)`` where it arrives.
    public init(from decoder: any Decoder) throws {
        pence = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(pence)
    }
}

extension Sequence where Element == Money {
    /// The total of the amounts (saturating, like `+`: never traps).
    public func sum() -> Money { reduce(.zero, +) }

    /// The total, refused naming `field` when it is beyond ``Money/maximumMagnitude``.
    public func checkedSum(field: String? = nil) throws(IMSError) -> Money {
        let total = sum()
        guard total.isWithinLimits else { throw .validation(.moneyOutOfRange, "The total is too large", field: field) }
        return total
    }
}
