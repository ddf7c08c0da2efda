import Foundation

/// What a council service (or the public pages) asks to be paid: up to ten items, where to send the payer
/// afterwards, and a little about the payment. Amounts are pence, as everywhere in IMS.
public struct PaymentRequest: Sendable, Hashable, Codable {
    public struct Line: Sendable, Hashable, Codable {
        public var fundCode: String
        public var reference: String
        public var amount: Int64
        public var narrative: String?

        public init(fundCode: String, reference: String, amount: Int64, narrative: String? = nil) {
            self.fundCode = fundCode
            self.reference = reference
            self.amount = amount
            self.narrative = narrative
        }
    }

    public var lines: [Line]
    public var returnURL: String
    public var description: String?
    public var email: String?
    public var metadata: [String: String]?
    public var language: String?

    public init(
        lines: [Line], returnURL: String, description: String? = nil, email: String? = nil, metadata: [String: String]? = nil, language: String? = nil
    ) {
        self.lines = lines
        self.returnURL = returnURL
        self.description = description
        self.email = email
        self.metadata = metadata
        self.language = language
    }
}

/// A request that has passed every check: its items are real funds with valid, normalised references.
public struct PaymentBasket: Sendable, Hashable {
    public let items: [PaymentItem]
    public let returnURL: URL
    public let description: String?
    public let email: String?
    public let metadata: [String: String]
    /// `en` or `cy`.
    public let language: String

    public var total: Money { items.map(\.amount).sum() }

    public static let maximumItems = 10
    public static let maximumMetadataPairs = 10

    /// Checks `request` against the council's funds. Every failure names its field (`lines[1].reference`,
    /// `return_url`…) with a reason the service's developer — or, on IMS's own pages, the payer — can act on.
    /// - Parameters:
    ///   - scope: the funds the caller may take money for (an API key's).
    ///   - requireHTTPS: production requires an https `return_url`.
    ///   - channel: the way in (a fund may refuse some).
    ///   - accounts: the council's accounts for the request's lines (``accountKeys(of:configuration:)``), by
    ///     which an unknown reference (where the fund needs an account) or an account on stop is refused; nil
    ///     where the caller checks accounts itself (the public pages check each line as it is added).
    public static func validate(
        _ request: PaymentRequest, configuration: CouncilConfiguration, scope: FundScope = .all, requireHTTPS: Bool, channel: Channel = .online,
        accounts: [AccountKey: AccountHolder]? = nil
    ) throws(IMSError) -> PaymentBasket {
        guard (1...maximumItems).contains(request.lines.count) else {
            throw .validation(
                .paymentBasketSize, "A payment has between 1 and \(maximumItems) lines; this one has \(request.lines.count)", field: "lines")
        }
        var items: [PaymentItem] = []
        for (index, line) in request.lines.enumerated() {
            items.append(try item(line, at: index, configuration: configuration, scope: scope, channel: channel, accounts: accounts))
        }
        let total = try items.map(\.amount).checkedSum(field: "lines")
        if let card = configuration.methodOfPayment(MethodOfPayment.cardCode) {
            try card.checkAccepts(total, field: "lines")
        }
        return PaymentBasket(
            items: items, returnURL: try returnURL(request.returnURL, requireHTTPS: requireHTTPS),
            description: try text(request.description, field: "description", maximum: 255),
            email: try email(request.email), metadata: try metadata(request.metadata), language: try language(request.language))
    }

    /// The accounts a request's lines name, for the caller to look up before ``validate``: every line whose
    /// fund code is a fund (the references normalised, not yet checked).
    public static func accountKeys(of request: PaymentRequest, configuration: CouncilConfiguration) -> Set<AccountKey> {
        Set(
            request.lines.compactMap { line in
                guard let code = try? FundCode(parsing: line.fundCode), configuration.fund(code) != nil else { return nil }
                return AccountKey(fundCode: code, reference: AccountReference(normalising: line.reference))
            })
    }

    private static func item(
        _ line: PaymentRequest.Line, at index: Int, configuration: CouncilConfiguration, scope: FundScope, channel: Channel,
        accounts: [AccountKey: AccountHolder]?
    ) throws(IMSError) -> PaymentItem {
        let prefix = "lines[\(index)]"
        let code = try FundCode(parsing: line.fundCode, field: "\(prefix).fund_code")
        guard let fund = configuration.fund(code), !fund.isSuspense, scope.mayUse(code) else {
            throw .validation(.fundUnknown, "There is no fund \(code) that can be paid here", field: "\(prefix).fund_code")
        }
        try fund.checkAccepts(channel, field: "\(prefix).fund_code")
        let reference = try fund.validateReference(line.reference, field: "\(prefix).reference")
        if let accounts {
            try ReferenceCheck.checkAccount(
                accounts[AccountKey(fundCode: code, reference: reference)], for: fund, reference: reference, field: "\(prefix).reference")
        }
        let amount = try Money(checkedPence: line.amount, field: "\(prefix).amount")
        try fund.checkAcceptsPayment(of: amount, field: "\(prefix).amount")
        let narrative = try text(line.narrative, field: "\(prefix).narrative", maximum: 255)
        return PaymentItem(fund: fund, reference: reference, amount: amount, narrative: narrative)
    }

    private static func returnURL(_ text: String, requireHTTPS: Bool) throws(IMSError) -> URL {
        guard text.count <= 2_000, let address = WebAddress(text) else {
            throw .validation(.paymentReturnURL, "return_url must be an absolute http(s) URL", field: "return_url")
        }
        if requireHTTPS && !address.isHTTPS {
            throw .validation(.paymentReturnURL, "return_url must use https", field: "return_url")
        }
        return address.url
    }

    /// Free text sent on to the provider: lengths counted as GOV.UK Pay counts them (UTF-16 units), and
    /// `<`, `>` and `|`, which it refuses, refused here with the field named.
    private static func text(_ value: String?, field: String, maximum: Int) throws(IMSError) -> String? {
        guard let value = value?.trimmingWhitespace(), !value.isEmpty else { return nil }
        guard value.utf16.count <= maximum else {
            throw .validation(.paymentTextTooLong, "\(field) is longer than \(maximum) characters", field: field)
        }
        if let refused = value.first(where: ProviderPaymentRequest.refusedCharacters.contains) {
            throw .validation(.paymentTextRefusedCharacter, "\(field) must not contain \(refused) (nor <, > or |)", field: field)
        }
        if CardNumberDetector.containsCardNumber(value) {
            throw .validation(.entryInvalid, "This text looks like it holds a card number, which IMS must never receive", field: field)
        }
        return value
    }

    private static func email(_ value: String?) throws(IMSError) -> String? {
        guard let value = try text(value, field: "email", maximum: 254) else { return nil }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !value.contains(" ") else {
            throw .validation(.paymentEmail, "email is not an email address", field: "email")
        }
        return value
    }

    private static func metadata(_ value: [String: String]?) throws(IMSError) -> [String: String] {
        let value = value ?? [:]
        guard value.count <= maximumMetadataPairs else {
            throw .validation(.paymentMetadata, "metadata holds at most \(maximumMetadataPairs) pairs", field: "metadata")
        }
        for (key, text) in value {
            guard (1...30).contains(key.count), text.count <= 100 else {
                throw .validation(.paymentMetadata, "metadata keys are 1 to 30 characters and values at most 100", field: "metadata.\(key)")
            }
            if CardNumberDetector.containsCardNumber(text) {
                throw .validation(
                    .entryInvalid, "This text looks like it holds a card number, which IMS must never receive", field: "metadata.\(key)")
            }
        }
        return value
    }

    private static func language(_ value: String?) throws(IMSError) -> String {
        let language = value?.lowercased() ?? "en"
        guard ["en", "cy"].contains(language) else {
            throw .validation(.paymentLanguage, "language must be en (English) or cy (Welsh)", field: "language")
        }
        return language
    }
}
