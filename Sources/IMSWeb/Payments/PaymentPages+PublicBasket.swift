import Foundation
import Hummingbird
import IMSAuth
import IMSCore
import IMSServices

/// The "Pay the council" basket before it becomes a payment: up to ten lines (fund, reference, pence) kept
/// in the payer's own cookie. It is not secret and not trusted: every page checks it again against the
/// council's funds (`PaymentBasket.validate`), and it is only recorded as a `Payment` when the payer
/// continues to pay from check your answers.
struct PublicBasket: Sendable, Hashable {
    var lines: [PaymentRequest.Line]

    static let maximumItems = PaymentBasket.maximumItems
    /// Ten lines of a 5-character fund, a reference and an amount fit well inside this.
    static let maximumCookieLength = 3_000

    var isFull: Bool { lines.count >= Self.maximumItems }

    /// The basket in `request`'s cookie; empty when there is none or it cannot be read.
    init(_ request: Request) {
        self.init(cookieValue: request.cookies[PaymentPages.basketCookie]?.value ?? "")
    }

    init(lines: [PaymentRequest.Line] = []) { self.lines = lines }

    init(cookieValue: String) {
        guard !cookieValue.isEmpty, cookieValue.count <= Self.maximumCookieLength,
            let data = Data(base64URLEncoded: cookieValue),
            let stored = try? JSONDecoder().decode([StoredLine].self, from: data), stored.count <= Self.maximumItems,
            stored.allSatisfy({ Money(pence: $0.a).isWithinLimits })
        else {
            lines = []
            return
        }
        lines = stored.map { PaymentRequest.Line(fundCode: $0.f, reference: $0.r, amount: $0.a) }
    }

    /// The cookie's value: base64url of compact JSON, which needs no quoting in a cookie.
    var cookieValue: String {
        let stored = lines.map { StoredLine(f: $0.fundCode, r: $0.reference, a: $0.amount) }
        return (try? JSONEncoder().encode(stored))?.base64URLEncodedString() ?? ""
    }

    /// The line at `index` as the form sent it, if there is one.
    func line(at text: String?) -> (index: Int, line: PaymentRequest.Line)? {
        guard let text, let index = Int(text), lines.indices.contains(index) else { return nil }
        return (index, lines[index])
    }

    private struct StoredLine: Codable {
        let f: String
        let r: String
        let a: Int64
    }
}

extension PaymentPages {
    /// The cookie holding `basket`, or one that removes it when the basket is empty.
    func basketCookie(_ basket: PublicBasket) -> Cookie {
        basket.lines.isEmpty ? cookie(Self.basketCookie, "", maxAgeSeconds: 0) : cookie(Self.basketCookie, basket.cookieValue)
    }

    /// The basket checked as a payment request would be: real basket funds, valid references, amounts within
    /// limits. The request carries the public return page and the page's language.
    func validate(_ basket: PublicBasket, language: PublicText.Language, configuration: CouncilConfiguration) throws(IMSError) -> PaymentBasket {
        let request = PaymentRequest(lines: basket.lines, returnURL: publicReturnURL, language: language.rawValue)
        return try PaymentBasket.validate(request, configuration: configuration, requireHTTPS: payments.requireHTTPS)
    }

    /// Whether a basket needs the payer's name and address: a full VAT invoice is due when some line is
    /// standard- or reduced-rated and the total is over the simplified invoice's £250.
    static func needsPayerDetails(_ lines: [PaymentRequest.Line], configuration: CouncilConfiguration) -> Bool {
        let total = lines.map { Money(pence: $0.amount) }.sum()
        guard total > simplifiedInvoiceLimit else { return false }
        let vatCodes = configuration.vatCodesByCode
        return lines.contains { line in
            guard let code = try? FundCode(parsing: line.fundCode), let fund = configuration.fund(code) else { return false }
            return vatCodes[fund.vatCode]?.treatment.chargesVAT ?? false
        }
    }

    /// The lines as the pages list them: the fund's name, the reference, the amount.
    static func lineValues(_ lines: [PaymentRequest.Line], configuration: CouncilConfiguration) -> [[String: Any]] {
        lines.enumerated().map { index, line in
            let name = (try? FundCode(parsing: line.fundCode)).flatMap(configuration.fund)?.name ?? line.fundCode
            return [
                "index": String(index), "number": String(index + 1), "fund": name, "reference": line.reference,
                "amount": Money(pence: line.amount).formatted,
            ]
        }
    }
}
