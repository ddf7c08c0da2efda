import Foundation
import Hummingbird
import IMSCore
import IMSServices

/// Refunds for income officers: find a payment by its receipt number, see what remains refundable, refund
/// part or all of it. The refund is written with the remainder the officer saw, so two officers on the same
/// payment cannot both refund the same money (the second gets "the refundable amount has changed").
/// Card payments are refunded through their payment provider, which arrives with the payments work; until
/// then this screen refunds cash, cheque and other non-card income by instruction.
enum RefundScreens {
    static func register(on routes: RouteTable, refunds: RefundService, ledger: any LedgerReading, clock: any WallClock, pages: PageRenderer) {
        routes.add(.get, "/staff/refunds", access: .staff(.refundsCreate), "Find a payment to refund") { request, context in
            guard let receipt = request.uri.queryParameters["receipt"].map({ String($0).trimmingWhitespace().uppercased() }), !receipt.isEmpty else {
                return pages.page("refund-find", ["title": "Refund a payment"], session: context.session)
            }
            guard receipt.hasPrefix("R"), let id = Int64(receipt.dropFirst()), id > 0 else {
                return pages.page(
                    "refund-find",
                    [
                        "title": "Refund a payment", "receipt": receipt,
                        "errors": [["message": "Enter a receipt number like R00001234", "field": "receipt"]],
                    ],
                    status: .unprocessableContent, session: context.session)
            }
            return Response(status: .seeOther, headers: [.location: "/staff/entries/\(id)/refund"])
        }

        routes.add(.get, "/staff/entries/{id}/refund", access: .staff(.refundsCreate), "A payment and its refund form") { _, context in
            let payment = try await visiblePayment(context, ledger: ledger)
            return try await refundPage(payment, ledger: ledger, pages: pages, context: context)
        }

        routes.add(.post, "/staff/entries/{id}/refund", access: .staff(.refundsCreate), "Refund a payment") { _, context in
            let payment = try await visiblePayment(context, ledger: ledger)
            let form = context.form
            do {
                guard payment.origin.methodOfPayment != MethodOfPayment.cardCode else {
                    throw IMSError.validation(
                        .refundNotRefundable, "Card payments are refunded through the payment provider, which this screen cannot do yet",
                        field: "amount")
                }
                let amount = try Money.parse(form["amount"] ?? "", field: "amount")
                guard let reason = form.value("reason"), reason.count <= 500 else {
                    throw IMSError.validation(.entryInvalid, "Enter the reason for the refund (up to 500 characters)", field: "reason")
                }
                let expected = try form.value("expected_remaining").map { text -> Money in
                    guard let pence = Int64(text) else {
                        throw IMSError.validation(.entryInvalid, "The form was altered", field: "expected_remaining")
                    }
                    return Money(pence: pence)
                }
                let parts = try await refundedLine(form.value("line"), of: payment, amount: amount, ledger: ledger)
                let refund = try await refunds.refund(
                    RefundRequest(
                        paymentEntryID: payment.id, amount: amount, expectedRemaining: expected, occurredAt: clock.now(),
                        recordedBy: try context.requester.principal, reason: reason, parts: parts), from: context.clientAddress)
                return pages.page(
                    "message",
                    [
                        "title": "Refund recorded",
                        "message": "\(amount.formatted) refunded from \(payment.receiptNumber). The refund's number is \(refund.receiptNumber).",
                        "link": "/staff/entries/\(payment.id)/refund", "linkText": "Back to the payment",
                    ], session: context.session)
            } catch let error as IMSError where error.kind == .validation || error.kind == .preconditionFailed {
                return try await refundPage(
                    payment, ledger: ledger, pages: pages, context: context, error: error,
                    amount: form["amount"], reason: form["reason"], line: form["line"])
            }
        }
    }

    /// The line (account) the officer chose to refund from, as the request's only part; nil for "in the
    /// order of the payment's lines".
    private static func refundedLine(_ choice: String?, of payment: Entry, amount: Money, ledger: any LedgerReading) async throws -> [RefundRequest
        .Part]?
    {
        guard let choice, !choice.isEmpty else { return nil }
        let slots = try await ledger.refundableRemainder(ofPayment: payment.id).remainingByAccount
        guard let index = Int(choice), slots.indices.contains(index) else {
            throw IMSError.validation(.refundNotRefundable, "Choose one of the payment's lines", field: "line")
        }
        return [RefundRequest.Part(account: slots[index].account, amount: amount)]
    }

    /// The payment of the route's id, if this user's fund scope lets them see it (otherwise it does not exist for them).
    private static func visiblePayment(_ context: IMSRequestContext, ledger: any LedgerReading) async throws -> Entry {
        guard let id = context.parameters.get("id", as: Int64.self), let entry = try await ledger.entry(id: id), entry.kind == .payment,
            let user = context.session?.user,
            user.visibility.seesAll(of: entry)
        else {
            throw HTTPError(.notFound, message: "There is no payment with that number that you can see.")
        }
        return entry
    }

    private static func refundPage(
        _ payment: Entry, ledger: any LedgerReading, pages: PageRenderer, context: IMSRequestContext, error: IMSError? = nil,
        amount: String? = nil, reason: String? = nil, line: String? = nil
    ) async throws -> Response {
        let remainder = try await ledger.refundableRemainder(ofPayment: payment.id)
        let refunds = try await ledger.entries(correcting: payment.id).filter { $0.kind == .refund }
        let values: [String: Any] = [
            "title": "Refund \(payment.receiptNumber)", "receipt": payment.receiptNumber, "id": payment.id,
            "when": PageFormat.dateTime(payment.occurredAt), "payer": payment.payer.name ?? "", "method": payment.origin.methodOfPayment ?? "",
            "paid": remainder.paid.formatted, "refunded": remainder.refunded.formatted, "remaining": remainder.remaining.formatted,
            "remainingPence": remainder.remaining.pence,
            "canRefund": remainder.remaining.isPositive && payment.origin.methodOfPayment != MethodOfPayment.cardCode,
            "isCard": payment.origin.methodOfPayment == MethodOfPayment.cardCode,
            "lines": remainder.remainingByAccount.map {
                [
                    "fund": $0.account.code, "reference": $0.account.reference?.value ?? "", "amount": $0.grossPaid.formatted,
                    "left": $0.remaining.formatted,
                ]
            },
            "chooseLine": remainder.remainingByAccount.filter(\.remaining.isPositive).count > 1,
            "lineOptions": remainder.remainingByAccount.enumerated().filter { $0.element.remaining.isPositive }.map { index, slot in
                [
                    "value": String(index), "label": "\(slot.account.code) \(slot.account.reference?.value ?? "") (\(slot.remaining.formatted) left)",
                    "selected": line == String(index),
                ] as [String: Any]
            },
            "refunds": refunds.map {
                [
                    "receipt": $0.receiptNumber, "amount": (-$0.incomeTotal).formatted, "when": PageFormat.dateTime($0.occurredAt),
                    "reason": $0.narrative ?? "",
                ]
            },
            "amount": amount ?? "", "reason": reason ?? "",
            "errors": error.map { [["message": $0.reason, "field": $0.field ?? "amount"]] } ?? [],
        ]
        let status: HTTPResponse.Status = error == nil ? .ok : (error?.kind == .preconditionFailed ? .preconditionFailed : .unprocessableContent)
        return pages.page("refund", values, status: status, session: context.session)
    }
}
