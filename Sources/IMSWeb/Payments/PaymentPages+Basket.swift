import Foundation
import Hummingbird
import IMSCore
import IMSServices

/// "Pay the council": choose what to pay, build a basket of up to ten items, check the answers, then go to
/// the provider's page. Nothing is recorded until the payer continues from check your answers.
extension PaymentPages {
    func registerBasketRoutes(on routes: RouteTable) {
        routes.add(.get, "/pay", access: .open, "Pay the council: choose what to pay, the reference and the amount") { request, _ in
            try await startPage(request)
        }
        routes.add(.post, "/pay", access: .open, "Pay the council: add an item to the basket, or change one") { request, _ in
            try await addItem(request)
        }
        routes.add(.get, "/pay/basket", access: .open, "Pay the council: the basket") { request, _ in
            try await basketPage(request)
        }
        routes.add(.post, "/pay/basket", access: .open, "Pay the council: remove an item from the basket") { request, _ in
            try await removeItem(request)
        }
        routes.add(.get, "/pay/check", access: .open, "Pay the council: check your answers") { request, _ in
            let visit = visit(request)
            let basket = PublicBasket(request)
            guard !basket.lines.isEmpty else { return redirect("/pay", visit) }
            return checkPage(visit, basket, configuration: try await database.configuration(), payer: PayerForm())
        }
        routes.add(.post, "/pay/check", access: .open, "Pay the council: record the payment and go to the provider's page") { request, context in
            guard await limits.creations.allow(context.clientAddress) else { return tooMany(visit(request)) }
            return try await payBasket(request)
        }
        routes.add(.get, "/pay/done", access: .open, "Pay the council: where a finished public payment leads") { request, _ in
            redirect("/pay", visit(request))
        }
    }

    private func startPage(_ request: Request) async throws -> Response {
        let visit = visit(request)
        let basket = PublicBasket(request)
        let configuration = try await database.configuration()
        var form = PayItemForm()
        if let change = basket.line(at: request.uri.queryParameters["change"].map(String.init)) {
            form = PayItemForm(changing: change.index, of: basket)
        } else if let fund = request.uri.queryParameters["fund"] {
            form.fundCode = String(fund)
        }
        return render("pay-start", itemFormValues(form, basket: basket, configuration: configuration, text: visit.text), visit)
    }

    private func addItem(_ request: Request) async throws -> Response {
        let form = try await FormData.read(request)
        let visit = visit(request)
        guard hasValidToken(request, form) else { return formExpired(visit, back: "/pay") }
        let basket = PublicBasket(request)
        let configuration = try await database.configuration()
        let item = PayItemForm(form, basket: basket)
        let accounts = try await payments.store.accountHolders(Self.accountKey(of: item, configuration: configuration))
        switch check(item, into: basket, configuration: configuration, accounts: accounts, text: visit.text) {
        case .accepted(let updated):
            return redirect("/pay/basket", visit, cookies: [basketCookie(updated)])
        case .refused(let errors):
            let values = itemFormValues(item, basket: basket, configuration: configuration, text: visit.text, errors: errors)
            return render("pay-start", values, visit, status: .unprocessableContent)
        }
    }

    private func basketPage(_ request: Request) async throws -> Response {
        let visit = visit(request)
        let text = visit.text
        let basket = PublicBasket(request)
        let configuration = try await database.configuration()
        let count = basket.lines.count
        return render(
            "pay-basket",
            [
                "title": text(.basketTitle), "lines": Self.lineValues(basket.lines, configuration: configuration),
                "isEmpty": basket.lines.isEmpty, "isFull": basket.isFull, "showChange": true, "showRemove": true,
                "total": basket.lines.map { Money(pence: $0.amount) }.sum().formatted,
                "countText": count == 1 ? text(.basketCountOne) : text(.basketCount, ["count": String(count)]),
            ], visit)
    }

    private func removeItem(_ request: Request) async throws -> Response {
        let form = try await FormData.read(request)
        let visit = visit(request)
        guard hasValidToken(request, form) else { return formExpired(visit, back: "/pay/basket") }
        var basket = PublicBasket(request)
        if let index = basket.line(at: form.value("remove"))?.index { basket.lines.remove(at: index) }
        return redirect("/pay/basket", visit, cookies: [basketCookie(basket)])
    }

    /// Check your answers: the basket checked again as a whole, the VAT invoice's name and address when
    /// needed, and a one-use `attempt` so that a double click records one payment, not two.
    func checkPage(
        _ visit: PayVisit, _ basket: PublicBasket, configuration: CouncilConfiguration, payer: PayerForm, errors given: [PayFieldError] = [],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let text = visit.text
        var errors: [PayFieldError] = []
        do {
            _ = try validate(basket, language: text.language, configuration: configuration)
        } catch {
            errors.append(Self.basketError(error, basket: basket, configuration: configuration, text: text))
        }
        var values: [String: Any] = [
            "title": text(.checkTitle), "lines": Self.lineValues(basket.lines, configuration: configuration), "showChange": true,
            "total": basket.lines.map { Money(pence: $0.amount) }.sum().formatted, "invalid": !errors.isEmpty,
            "askPayer": Self.needsPayerDetails(basket.lines, configuration: configuration), "attempt": APIKeySecret.generate().value,
            "action": "/pay/check", "errors": PayFieldError.values(errors + given),
        ]
        values.merge(payer.values(errors: given)) { $1 }
        return render("pay-check", values, visit, status: errors.isEmpty ? status : .unprocessableContent)
    }

    /// A failure of the basket as a whole, said of the item it concerns (`item-2`) or of the total.
    static func basketError(_ error: IMSError, basket: PublicBasket, configuration: CouncilConfiguration, text: PublicText) -> PayFieldError {
        guard let field = error.field, field.hasPrefix("lines["), let index = Int(field.dropFirst(6).prefix { $0.isASCIIDigitCharacter }),
            basket.lines.indices.contains(index)
        else {
            return PayFieldError(field: "basket-total", message: text.message(for: error))
        }
        let fund = (try? FundCode(parsing: basket.lines[index].fundCode)).flatMap(configuration.fund)
        let reason = text.message(for: error, fund: fund)
        return PayFieldError(field: "item-\(index)", message: text(.itemNoLongerValid, ["number": String(index + 1), "reason": reason]))
    }

    private func payBasket(_ request: Request) async throws -> Response {
        let form = try await FormData.read(request)
        let visit = visit(request)
        guard hasValidToken(request, form), let attempt = form.value("attempt"), Self.isToken(attempt) else {
            return formExpired(visit, back: "/pay/check")
        }
        let basket = PublicBasket(request)
        guard !basket.lines.isEmpty else { return redirect("/pay", visit) }
        let configuration = try await database.configuration()
        let payer = PayerForm(form)
        let askPayer = Self.needsPayerDetails(basket.lines, configuration: configuration)
        let payerErrors = askPayer ? payer.check(visit.text) : []
        let basketIsValid = (try? validate(basket, language: visit.text.language, configuration: configuration)) != nil
        guard payerErrors.isEmpty, basketIsValid else {
            return checkPage(visit, basket, configuration: configuration, payer: payer, errors: payerErrors, status: .unprocessableContent)
        }
        let paymentRequest = PaymentRequest(lines: basket.lines, returnURL: publicReturnURL, language: visit.text.language.rawValue)
        let fingerprint = LedgerHash.sha256Hex(
            String(
                decoding: try IMSJSON.encoder.encode(
                    PublicPaymentFingerprint(
                        lines: basket.lines, name: askPayer ? payer.name : nil, address: askPayer ? payer.address : nil,
                        postcode: askPayer ? payer.postcode : nil)), as: UTF8.self))
        let payment: Payment
        do {
            let key = try IdempotencyKey(scope: Payment.publicService, key: "pay-" + attempt, requestHash: fingerprint)
            payment = try await payments.create(paymentRequest, service: Payment.publicService, scope: .all, idempotencyKey: key).payment
        } catch let error as IMSError where error.code == .idempotencyKeyReused {
            return formExpired(visit, back: "/pay/check")
        }
        if askPayer {
            try await payments.setPayer(of: payment.id, name: payer.name, address: payer.address, postcode: payer.normalisedPostcode)
        }
        return await handOff(payment.id, visit, retry: "/pay/check", request: request)
    }

    /// Sends the payer to the provider's page for `paymentID`; a payment finished meanwhile shows its outcome.
    /// The browser becomes the payment's owner (it may see the receipt after the link's day).
    func handOff(_ paymentID: String, _ visit: PayVisit, retry: String, request: Request) async -> Response {
        var visit = visit
        if let owner = ownedPaymentsCookie(request, adding: paymentID) { visit.cookies.append(owner) }
        do {
            return redirect(try await payments.handOff(paymentID), visit)
        } catch let error as IMSError where error.code == PaymentState.alreadyFinished {
            return redirect("/pay/\(paymentID)", visit)
        } catch {
            return unavailable(visit, error, retry: retry)
        }
    }
}

/// What makes two submissions of check your answers the same request.
private struct PublicPaymentFingerprint: Encodable {
    let lines: [PaymentRequest.Line]
    let name: String?
    let address: String?
    let postcode: String?
}
