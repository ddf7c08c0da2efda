import IMSCore

/// A GOV.UK Pay API key: a secret. It prints as `<redacted>` wherever it is interpolated, dumped or logged,
/// and only the HTTP client reads it, to build the `Authorization` header.
public struct GOVUKPayAPIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let secret: String

    /// Refuses an empty key, or one with spaces or control characters (which could split the header).
    public init(_ secret: String) throws(IMSError) {
        guard (1...512).contains(secret.utf8.count), secret.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw IMSError(.internal, .providerNotConfigured, "A GOV.UK Pay API key is 1 to 512 printable characters without spaces")
        }
        self.secret = secret
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "GOVUKPayAPIKey(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// Which GOV.UK Pay account (API key) takes a payment. A council often has one GOV.UK Pay service per fund
/// or per council service, each paying into its own bank account, and each with its own key.
///
/// An account has a short name (`parking`, `default`) that IMS records with each payment; the key itself
/// is looked up by that name on every call, so a key can be rotated without touching payments in flight.
///
/// Choosing the account for a new payment: the payment's fund if it is mapped, otherwise the council
/// service that asked if it is mapped, otherwise the default account, otherwise `provider.not_configured`.
public struct GOVUKPayKeys: Sendable, CustomStringConvertible {
    private let keysByAccount: [String: GOVUKPayAPIKey]
    private let accountByFund: [FundCode: String]
    private let accountByService: [String: String]
    private let defaultAccount: String?

    /// - Parameters:
    ///   - accounts: account name → API key. Names are 1–40 letters, digits, `-` or `_`.
    ///   - fundAccounts: fund code → account name.
    ///   - serviceAccounts: council service name (as on its IMS API key) → account name.
    ///   - defaultAccount: the account for payments no mapping chooses; nil to refuse them.
    public init(
        accounts: [String: GOVUKPayAPIKey], fundAccounts: [FundCode: String] = [:], serviceAccounts: [String: String] = [:],
        defaultAccount: String? = nil
    ) throws(IMSError) {
        guard !accounts.isEmpty else {
            throw IMSError(.internal, .providerNotConfigured, "GOV.UK Pay needs at least one account with an API key")
        }
        for name in accounts.keys where !Self.isAccountName(name) {
            throw IMSError(.internal, .providerNotConfigured, "GOV.UK Pay account name \"\(name)\" must be 1 to 40 letters, digits, - or _")
        }
        let referenced = Array(fundAccounts.values) + Array(serviceAccounts.values) + (defaultAccount.map { [$0] } ?? [])
        for name in referenced where accounts[name] == nil {
            throw IMSError(.internal, .providerNotConfigured, "GOV.UK Pay account \"\(name)\" is mapped but has no API key")
        }
        keysByAccount = accounts
        accountByFund = fundAccounts
        accountByService = serviceAccounts
        self.defaultAccount = defaultAccount
    }

    /// One key for everything, in an account named `default`.
    public init(singleKey: GOVUKPayAPIKey) {
        keysByAccount = ["default": singleKey]
        accountByFund = [:]
        accountByService = [:]
        defaultAccount = "default"
    }

    /// The account that takes a new payment for `fund` asked for by `service`.
    public func account(fund: FundCode?, service: String?) throws(IMSError) -> String {
        if let fund, let account = accountByFund[fund] { return account }
        if let service, let account = accountByService[service] { return account }
        if let defaultAccount { return defaultAccount }
        throw IMSError(
            .internal, .providerNotConfigured,
            "No GOV.UK Pay account is configured for fund \(fund?.rawValue ?? "(none)") or service \(service ?? "(none)")")
    }

    /// The key of a named account.
    func key(forAccount account: String) throws(IMSError) -> GOVUKPayAPIKey {
        guard let key = keysByAccount[account] else {
            throw IMSError(.internal, .providerNotConfigured, "GOV.UK Pay account \"\(account)\" has no API key configured")
        }
        return key
    }

    /// The account names, never the keys.
    public var description: String { "GOVUKPayKeys(accounts: \(keysByAccount.keys.sorted()))" }

    static func isAccountName(_ name: String) -> Bool {
        (1...40).contains(name.count)
            && name.allSatisfy { $0.isASCIIDigitCharacter || $0.isASCIILetterCharacter || $0 == "-" || $0 == "_" }
    }
}
