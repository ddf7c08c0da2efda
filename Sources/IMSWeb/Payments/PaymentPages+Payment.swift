import Foundation
import Hummingbird
import IMSCore
import IMSServices
import Logging

/// One payment's pages, reached by its unguessable id (so they need no cookie): a council service's payment
/// before the hand-off, the payer's return from the provider, the outcome, the printable receipt.
extension PaymentPages {
    func registerPaymentRoutes(on routes: RouteTable) {
        routes.add(.get, "/pay/{id}", access: .open, "A payment's page: its items and Continue to payment, or its outcome") { request, context in
            try await paymentPage(request, context)
        }
        routes.add(.post, "/pay/{id}/start", access: .open, "Send the payer to the provider's page for a payment") { request, context in
            guard await limits.creations.allow(context.clientAddress) else { return tooMany(visit(request)) }
            return try await start(request, context)
        }
        routes.add(.get, "/pay/{id}/return", access: .open, "Where the provider sends the payer back: the outcome, confirmed with the provider") {
            request, context in
            guard await limits.returns.allow(context.clientAddress) else { return tooMany(visit(request)) }
            return try await returned(request, context)
        }
        routes.add(.get, "/pay/{id}/receipt", access: .open, "A successful payment's printable receipt") { request, context in
            guard let payment = try await routePayment(context) else { return notFound(visit(request)) }
            let visit = visit(request, payment: payment)
            guard payment.state == .success else { return redirect("/pay/\(payment.id)", visit) }
            guard mayShowReceipt(request, of: payment) else { return receiptClosed(payment, visit) }
            return try await receiptPage(payment, visit)
        }
        routes.add(.post, "/pay/{id}/retry", access: .open, "Pay the council: try an unsuccessful payment's basket again") { request, context in
            let form = try await FormData.read(request)
            guard let payment = try await routePayment(context) else { return notFound(visit(request)) }
            let visit = visit(request, payment: payment)
            guard hasValidToken(request, form) else { return formExpired(visit, back: "/pay/\(payment.id)") }
            guard payment.service == Payment.publicService, payment.state.isFinished, payment.state != .success else {
                return redirect("/pay/\(payment.id)", visit)
            }
            return redirect("/pay/check", visit, cookies: [basketCookie(PublicBasket(lines: payment.lines))])
        }
    }

    /// The route's payment; nil for an id that is garbled or unknown.
    private func routePayment(_ context: IMSRequestContext) async throws -> Payment? {
        guard let id = context.parameters.get("id"), Payment.isWellFormedID(id) else { return nil }
        return try await database.payment(id: id)
    }

    /// An unfinished payment whose time is up is shown as expired before the expiry job has run, unless it
    /// reached the provider: the payer may still be paying there (the provider's own time limit starts at the
    /// hand-off), and only the provider's answer ends it.
    private func hasTimedOut(_ payment: Payment) -> Bool {
        !payment.state.isFinished && payment.providerPaymentID == nil && payment.expiresAt <= database.now()
    }

    private func paymentPage(_ request: Request, _ context: IMSRequestContext) async throws -> Response {
        guard var payment = try await routePayment(context) else { return notFound(visit(request)) }
        if payment.state == .started {
            // The payer may have paid and come back with the browser's Back button: ask the provider first.
            payment = (try? await payments.confirm(payment.id)) ?? payment
        }
        let visit = visit(request, payment: payment)
        if payment.state.isFinished || hasTimedOut(payment) { return try await outcomePage(payment, visit, request) }
        return paymentSummary(payment, visit, configuration: try await database.configuration(), payer: PayerForm())
    }

    private func paymentSummary(
        _ payment: Payment, _ visit: PayVisit, configuration: CouncilConfiguration, payer: PayerForm, errors: [PayFieldError] = [],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let text = visit.text
        var values: [String: Any] = [
            "title": text(.yourPayment), "lead": payment.description ?? text(.paymentFor, ["council": pages.instance.council.name]),
            "lines": Self.lineValues(payment.lines, configuration: configuration), "total": payment.amount.formatted,
            "askPayer": needsPayer(payment, configuration: configuration), "action": "/pay/\(payment.id)/start",
            "errors": PayFieldError.values(errors),
        ]
        values.merge(payer.values(errors: errors)) { $1 }
        return render("pay-check", values, visit, status: status)
    }

    private func needsPayer(_ payment: Payment, configuration: CouncilConfiguration) -> Bool {
        payment.payer.name == nil && Self.needsPayerDetails(payment.lines, configuration: configuration)
    }

    private func start(_ request: Request, _ context: IMSRequestContext) async throws -> Response {
        let form = try await FormData.read(request)
        guard let payment = try await routePayment(context) else { return notFound(visit(request)) }
        let visit = visit(request, payment: payment)
        guard hasValidToken(request, form) else { return formExpired(visit, back: "/pay/\(payment.id)") }
        guard !payment.state.isFinished, !hasTimedOut(payment) else { return redirect("/pay/\(payment.id)", visit) }
        let configuration = try await database.configuration()
        if needsPayer(payment, configuration: configuration) {
            let payer = PayerForm(form)
            let errors = payer.check(visit.text)
            guard errors.isEmpty else {
                return paymentSummary(payment, visit, configuration: configuration, payer: payer, errors: errors, status: .unprocessableContent)
            }
            try await payments.setPayer(of: payment.id, name: payer.name, address: payer.address, postcode: payer.normalisedPostcode)
        }
        return await handOff(payment.id, visit, retry: "/pay/\(payment.id)", request: request)
    }

    /// The payer is back from the provider. The browser's arrival proves nothing: the provider is asked.
    private func returned(_ request: Request, _ context: IMSRequestContext) async throws -> Response {
        guard let payment = try await routePayment(context) else { return notFound(visit(request)) }
        let confirmed: Payment
        do {
            // A reload storm asks the provider at most once every few seconds per payment.
            confirmed = try await payments.confirm(payment.id, unlessAskedWithinSeconds: 3)
        } catch {
            let visit = visit(request, payment: payment)
            logger.error(
                "could not confirm a returning payer's payment", metadata: ["payment": "\(PaymentService.redacted(payment.id))", "error": "\(error)"])
            return message(
                visit, title: visit.text(.pendingTitle), paragraphs: [visit.text(.pendingBody)],
                link: ("/pay/\(payment.id)/return", visit.text(.checkAgain)), status: .serviceUnavailable)
        }
        let visit = visit(request, payment: confirmed)
        switch confirmed.state {
        case .created:
            return redirect("/pay/\(confirmed.id)", visit)
        case .started where !hasTimedOut(confirmed):
            return message(
                visit, title: visit.text(.pendingTitle), paragraphs: [visit.text(.pendingBody)],
                link: ("/pay/\(confirmed.id)/return", visit.text(.checkAgain)), status: .ok)
        default:
            return try await outcomePage(confirmed, visit, request)
        }
    }

    /// What happened, in plain words: the confirmation with the receipt, or why no money was taken and how
    /// to try again.
    private func outcomePage(_ payment: Payment, _ visit: PayVisit, _ request: Request) async throws -> Response {
        let text = visit.text
        let isPublic = payment.service == Payment.publicService
        guard payment.state == .success else {
            let state = hasTimedOut(payment) ? .expired : payment.state
            let (title, body): (PublicText.Phrase, String) =
                switch state {
                case .failed: (.failedTitle, text(.failedBody))
                case .cancelled: (.cancelledTitle, text(.cancelledBody))
                case .expired: (.expiredTitle, text(.expiredBody))
                default: (.errorTitle, text(.errorBody, ["id": payment.id]))
                }
            var values: [String: Any] = [
                "title": text(title), "body": body, "noMoneyTaken": state != .error, "id": payment.id, "retryForm": isPublic,
            ]
            if !isPublic { values["returnURL"] = payment.returnURL }
            return render("pay-failed", values, visit)
        }
        guard mayShowReceipt(request, of: payment) else { return receiptClosed(payment, visit) }
        var values = try await receiptValues(payment, text: text)
        values["title"] = text(.paymentComplete)
        values["isPublic"] = isPublic
        if !isPublic { values["continueURL"] = payment.returnURL }
        var response = render("pay-complete", values, visit)
        if isPublic { response.setCookie(basketCookie(PublicBasket())) }
        return response
    }

    /// The receipt of a payment this browser did not pay, after its link's day: no payer details, the
    /// reference to quote.
    private func receiptClosed(_ payment: Payment, _ visit: PayVisit) -> Response {
        message(
            visit, title: visit.text(.receiptClosedTitle), paragraphs: [visit.text(.receiptClosedBody, ["id": payment.receiptNumber ?? payment.id])],
            status: .forbidden)
    }

    private func receiptPage(_ payment: Payment, _ visit: PayVisit) async throws -> Response {
        var values = try await receiptValues(payment, text: visit.text)
        values["title"] = values["receiptHeading"]
        return render("pay-receipt", values, visit)
    }

    private func receiptValues(_ payment: Payment, text: PublicText) async throws -> [String: Any] {
        let configuration = try await database.configuration()
        // A success posts its entry in the same transaction, so a receipt always has one to be drawn from.
        guard let entryID = payment.entryID, let entry = try await database.entry(id: entryID) else {
            throw IMSError(.internal, .entryNotFound, "Successful payment \(payment.id) has no ledger entry to draw its receipt from")
        }
        return try PaymentReceipt(entry: entry, configuration: configuration).values(paymentID: payment.id, text: text)
    }
}
