/// An account of the ledger. Fund accounts are a fund plus an account reference (where income belongs);
/// clearing accounts are where money sits on its way in or out, one per method of payment and channel
/// (`CARD-SANDBOX`, `CASH-TOWNHALL`, `CHQ`, `MIGRATION`).
public struct LedgerAccount: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case fund
        case clearing
    }

    public let kind: Kind
    /// The fund code or clearing account code.
    public let code: String
    /// The account reference within a fund; `nil` for clearing accounts.
    public let reference: AccountReference?

    public static func fund(_ code: FundCode, _ reference: AccountReference) -> LedgerAccount {
        LedgerAccount(kind: .fund, code: code.rawValue, reference: reference)
    }

    public static func clearing(_ code: String) -> LedgerAccount {
        LedgerAccount(kind: .clearing, code: code.uppercased(), reference: nil)
    }

    /// Where legacy records are balanced on migration: history, not new income.
    public static let migrationClearing = LedgerAccount.clearing("MIGRATION")

    private init(kind: Kind, code: String, reference: AccountReference?) {
        self.kind = kind
        self.code = code
        self.reference = reference
    }

    public var fundCode: FundCode? { kind == .fund ? FundCode(stringLiteral: code) : nil }

    /// The stored form: `fund:CTAX:771234564` or `clearing:CARD-SANDBOX`.
    public var key: String {
        switch kind {
        case .fund: "fund:\(code):\(reference?.value ?? "")"
        case .clearing: "clearing:\(code)"
        }
    }

    /// Reads the stored form back.
    public init?(key: String) {
        let parts = key.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        switch (parts.first, parts.count) {
        case ("fund", 3):
            guard let code = try? FundCode(parsing: String(parts[1])) else { return nil }
            self.init(kind: .fund, code: code.rawValue, reference: AccountReference(normalising: String(parts[2])))
        case ("clearing", 2) where !parts[1].isEmpty:
            self.init(kind: .clearing, code: String(parts[1]).uppercased(), reference: nil)
        default:
            return nil
        }
    }

    public var description: String { key }
    public static func < (lhs: LedgerAccount, rhs: LedgerAccount) -> Bool { lhs.key < rhs.key }

    public init(from decoder: any Decoder) throws {
        let key = try decoder.singleValueContainer().decode(String.self)
        guard let account = LedgerAccount(key: key) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a ledger account: \(key)"))
        }
        self = account
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(key)
    }
}
