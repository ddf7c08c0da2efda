import Foundation
import Hummingbird
import IMSCore
import IMSServices
import Logging

/// The public payment pages: server-rendered HTML that works with no JavaScript, in English and Welsh.
///
/// Two ways in: IMS's own "Pay the council" pages (`/pay` → basket → check your answers), and a council
/// service's payment (`next_url`, `/pay/{id}`). Both end at the provider's hosted card page; the payer comes
/// back to `/pay/{id}/return`, where the outcome is asked of the provider server to server, never read from
/// the browser. No page here has a card field (PCI DSS SAQ A): card details beyond brand and last 4 are
/// never shown because IMS never has them.
///
/// Every form carries a double-submit CSRF token (cookie `ims_pay_csrf` and a hidden `csrf_token`), since a
/// payer has no session. The language comes from `?lang=`, then the payment's own language, then the
/// `ims_lang` cookie that `?lang=` sets.
struct PaymentPages: Sendable {
    let payments: PaymentService
    let pages: PageRenderer
    let database: any PaymentStore & LedgerReading
    let limits: PublicPaymentLimits

    static let csrfCookie = "ims_pay_csrf"
    static let languageCookie = "ims_lang"
    static let basketCookie = "ims_pay_basket"
    /// A simplified VAT invoice is allowed up to £250 including VAT; above it the payer's name and address are needed.
    static let simplifiedInvoiceLimit = Receipt.simplifiedInvoiceLimit

    /// Registers the public pages. Call once, from the application's router.
    static func register(
        on routes: RouteTable, payments: PaymentService, pages: PageRenderer, database: any PaymentStore & LedgerReading, clock: any WallClock
    ) {
        let site = PaymentPages(payments: payments, pages: pages, database: database, limits: PublicPaymentLimits(clock: clock))
        site.registerBasketRoutes(on: routes)
        site.registerPaymentRoutes(on: routes)
        site.registerBranding(on: routes)
    }

    var logger: Logger { payments.logger }
    var secureCookies: Bool { payments.publicAddress.url.lowercased().hasPrefix("https:") }
    /// Where the provider's page would send a public payer after the outcome page (IMS's own, not a service's).
    var publicReturnURL: String { payments.publicAddress.url + "/pay/done" }
}

/// One request to a public page: its language, its CSRF token and the cookies the response must set.
struct PayVisit: Sendable {
    let text: PublicText
    let csrfToken: String
    var cookies: [Cookie]
    /// The path and query of the page, for the switch-language link.
    let path: String
    let query: [(String, String)]
}

extension PaymentPages {
    /// Reads the visit's language and CSRF token; a new token or a `?lang=` choice adds a cookie.
    func visit(_ request: Request, payment: Payment? = nil) -> PayVisit {
        var cookies: [Cookie] = []
        let asked = request.uri.queryParameters["lang"].flatMap { PublicText.Language(rawValue: String($0).lowercased()) }
        if let asked {
            cookies.append(cookie(Self.languageCookie, asked.rawValue, maxAgeSeconds: 365 * 24 * 3600))
        }
        let remembered = request.cookies[Self.languageCookie].flatMap { PublicText.Language(rawValue: $0.value) }
        let language = asked ?? payment.flatMap { PublicText.Language(rawValue: $0.language) } ?? remembered ?? .english
        var token = request.cookies[Self.csrfCookie]?.value ?? ""
        if !Self.isToken(token) {
            token = APIKeySecret.generate().value
            cookies.append(cookie(Self.csrfCookie, token))
        }
        let query = request.uri.queryParameters.filter { $0.key != "lang" }.map { (String($0.key), String($0.value)) }.sorted { $0.0 < $1.0 }
        return PayVisit(text: PublicText(language: language), csrfToken: token, cookies: cookies, path: request.uri.path, query: query)
    }

    // MARK: Whose receipt

    static let ownedPaymentsCookie = "ims_pay_mine"
    /// How long after it finished anyone holding its link may see a payment's receipt; after that only the
    /// browser that paid (its `ims_pay_mine` cookie) may.
    static let receiptOpenToLinkSeconds: Int64 = 24 * 3600

    /// Whether this request may see `payment`'s receipt (payer's name, address, card ending): the browser
    /// that paid it, or anyone with the link for a day after it finished. A link forwarded, logged or
    /// bookmarked on a shared computer does not show a payer's details for ever.
    func mayShowReceipt(_ request: Request, of payment: Payment) -> Bool {
        if ownedPayments(request).contains(Self.ownerMark(payment.id)) { return true }
        return payment.updatedAt.adding(seconds: Self.receiptOpenToLinkSeconds) > database.now()
    }

    /// The cookie naming this browser's recent payments with `paymentID` added: set only by the hand-off to
    /// the provider, so the browser that paid is the one that owns the receipt, and a visit with a link does
    /// not make another browser its owner.
    func ownedPaymentsCookie(_ request: Request, adding paymentID: String) -> Cookie? {
        let mark = Self.ownerMark(paymentID)
        var marks = ownedPayments(request)
        guard !marks.contains(mark) else { return nil }
        marks.append(mark)
        return cookie(Self.ownedPaymentsCookie, marks.suffix(10).joined(separator: "."), maxAgeSeconds: 90 * 24 * 3600)
    }

    private func ownedPayments(_ request: Request) -> [String] {
        (request.cookies[Self.ownedPaymentsCookie]?.value ?? "").split(separator: ".").map(String.init).filter { $0.count == 16 }.suffix(10)
    }

    /// A payment's mark in the cookie: not its id (which opens its page), a hash of it.
    static func ownerMark(_ paymentID: String) -> String { String(LedgerHash.sha256Hex("owner:" + paymentID).prefix(16)) }

    /// Whether the form's token matches the cookie's (a cross-site form cannot read or set the cookie).
    func hasValidToken(_ request: Request, _ form: FormData) -> Bool {
        guard let cookie = request.cookies[Self.csrfCookie]?.value, Self.isToken(cookie), let sent = form["csrf_token"] else { return false }
        return constantTimeEqual(cookie, sent)
    }

    static func isToken(_ text: String) -> Bool {
        (20...100).contains(text.count) && text.allSatisfy { $0.isASCIILetterCharacter || $0.isASCIIDigitCharacter || $0 == "_" }
    }

    /// A cookie for the public pages: only sent to `/pay`, never to scripts; `Lax` so that the payer's return
    /// from the provider's site still carries it.
    func cookie(_ name: String, _ value: String, maxAgeSeconds: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAgeSeconds, path: "/pay", secure: secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// Renders a public page with the visit's language, layout words, branding and token. Public pages hold
    /// personal details and one-use tokens: nothing may cache them.
    func render(_ template: String, _ values: [String: Any], _ visit: PayVisit, status: HTTPResponse.Status = .ok) -> Response {
        let text = visit.text
        var merged: [String: Any] = [
            "lang": text.language.rawValue, "t": text.templateValues, "layout": text.layoutValues,
            "brandStylesheet": "/assets/brand.css", "csrf": visit.csrfToken,
            "languageToggle": languageToggle(visit),
        ]
        if let logo = pages.instance.council.logoURL, !logo.isEmpty { merged["logoURL"] = logo }
        merged.merge(values) { _, page in page }
        var response = pages.page(template, merged, status: status)
        finish(&response, visit)
        return response
    }

    /// A 303 to `location`, carrying the visit's cookies.
    func redirect(_ location: String, _ visit: PayVisit, cookies extra: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        finish(&response, visit)
        for cookie in extra { response.setCookie(cookie) }
        return response
    }

    private func finish(_ response: inout Response, _ visit: PayVisit) {
        for cookie in visit.cookies { response.setCookie(cookie) }
        response.headers[.cacheControl] = "no-store"
    }

    private func languageToggle(_ visit: PayVisit) -> [String: String] {
        let other = visit.text.language.other
        let query = (visit.query + [("lang", other.rawValue)])
            .map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return [
            "href": visit.path + "?" + query, "lang": other.rawValue,
            "text": PublicText(language: other)(.languageName), "label": visit.text(.languageNavigation),
        ]
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }

    // MARK: Pages every route may need

    /// A page of a heading, paragraphs and an optional link or button.
    func message(
        _ visit: PayVisit, title: String, paragraphs: [String], link: (href: String, text: String)? = nil, status: HTTPResponse.Status
    ) -> Response {
        var values: [String: Any] = ["title": title, "paragraphs": paragraphs]
        if let link { values["link"] = ["href": link.href, "text": link.text] }
        return render("pay-message", values, visit, status: status)
    }

    func notFound(_ visit: PayVisit) -> Response {
        message(
            visit, title: visit.text(.notFoundTitle), paragraphs: [visit.text(.notFoundBody)],
            link: ("/pay", visit.text(.payTheCouncil)), status: .notFound)
    }

    func formExpired(_ visit: PayVisit, back: String) -> Response {
        message(
            visit, title: visit.text(.formExpiredTitle), paragraphs: [visit.text(.formExpiredBody)], link: (back, visit.text(.startAgain)),
            status: .forbidden)
    }

    /// 429: this client has made too many payments or returns this minute.
    func tooMany(_ visit: PayVisit) -> Response {
        var response = message(
            visit, title: visit.text(.tooManyTitle), paragraphs: [visit.text(.tooManyBody)], link: ("/pay", visit.text(.startAgain)),
            status: .tooManyRequests)
        response.headers[.retryAfter] = "60"
        return response
    }

    func unavailable(_ visit: PayVisit, _ error: any Error, retry: String) -> Response {
        logger.error("payment provider unavailable to the public pages", metadata: ["error": "\(error)"])
        return message(
            visit, title: visit.text(.unavailableTitle), paragraphs: [visit.text(.unavailableBody)],
            link: (retry, visit.text(.tryAgain)), status: .serviceUnavailable)
    }
}

/// A field's error for the error summary and the field itself; `field` is the input's `id`.
struct PayFieldError: Sendable, Hashable {
    let field: String
    let message: String

    static func values(_ errors: [PayFieldError]) -> [[String: String]] {
        errors.map { ["field": $0.field, "message": $0.message] }
    }

    /// The first message for each field, as `nameError` values for the templates.
    static func fieldValues(_ errors: [PayFieldError], names: [String: String]) -> [String: Any] {
        var values: [String: Any] = [:]
        for error in errors.reversed() {
            if let name = names[error.field] { values[name] = error.message }
        }
        return values
    }
}

/// Per-client limits on what the public pages let anyone do without signing in: make payments (each one a
/// row and a provider call) and come back from the provider (each one a provider call).
struct PublicPaymentLimits: Sendable {
    let creations: ClientRateLimiter
    let returns: ClientRateLimiter

    init(clock: any WallClock, creationsPerMinute: Int = 20, returnsPerMinute: Int = 60) {
        creations = ClientRateLimiter(attemptsPerMinute: creationsPerMinute, clock: clock)
        returns = ClientRateLimiter(attemptsPerMinute: returnsPerMinute, clock: clock)
    }
}
