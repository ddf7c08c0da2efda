import Foundation
import Hummingbird
import IMSCore

/// Online and telephone payments for staff: the payments flagged for an officer (money in suspense, a success
/// after IMS gave up, a capture that failed), look one up by its id and see its lines, its history and every
/// attempt to tell the council service about it (webhook deliveries).
enum PaymentScreens {
    static func register(on routes: RouteTable, database: any PaymentStore & WebhookStore, pages: PageRenderer) {
        routes.add(.get, "/staff/payments", access: .staff(.paymentsRead), "Find an online payment by its id") { request, context in
            guard let id = request.uri.queryParameters["id"].map({ String($0).trimmingWhitespace().lowercased() }), !id.isEmpty else {
                let user = try context.staffUser
                // Money taken that did not post as asked (suspense, a late success, a failed capture): an
                // officer's to look at, newest first, within their funds.
                let flagged = try await database.paymentsNeedingAttention(limit: 100).filter(user.visibility.canSee)
                return pages.page(
                    "staff-payment-find",
                    [
                        "title": "Online payments", "hasFlagged": !flagged.isEmpty,
                        "flagged": flagged.map {
                            ["id": $0.id, "amount": $0.amount.formatted, "when": PageFormat.dateTime($0.updatedAt), "reason": $0.attention ?? ""]
                        },
                    ], session: context.session)
            }
            guard Payment.isWellFormedID(id) else {
                return pages.page(
                    "staff-payment-find",
                    [
                        "title": "Online payments", "id": id,
                        "errors": [["message": "Enter a payment id like pay_ followed by 26 letters and digits", "field": "id"]],
                    ],
                    status: .unprocessableContent, session: context.session)
            }
            return Response(status: .seeOther, headers: [.location: "/staff/payments/\(id)"])
        }

        routes.add(.get, "/staff/payments/{id}", access: .staff(.paymentsRead), "An online payment: lines, history, webhook deliveries") {
            _, context in
            let id = try context.parameters.require("id")
            guard let payment = try await database.payment(id: id), let user = context.session?.user,
                user.visibility.canSee(payment)
            else {
                throw HTTPError(.notFound, message: "There is no online payment with that id that you can see.")
            }
            let events = try await database.paymentEvents(id: id)
            let deliveries = try await database.webhookDeliveries(paymentID: id)
            return pages.page(
                "staff-payment",
                [
                    "title": "Payment \(payment.id)", "id": payment.id, "state": payment.state.rawValue, "service": payment.service,
                    "amount": payment.amount.formatted, "channel": payment.channel.rawValue, "provider": payment.provider ?? "",
                    "providerReference": payment.providerPaymentID ?? "",
                    "card": payment.card.map { "\($0.brand) ending \($0.lastFourDigits)" } ?? "",
                    "receipt": payment.receiptNumber ?? "", "created": PageFormat.dateTime(payment.createdAt), "attention": payment.attention ?? "",
                    "lines": payment.lines.map { ["fund": $0.fundCode, "reference": $0.reference, "amount": Money(pence: $0.amount).formatted] },
                    "events": events.map { ["when": PageFormat.dateTime($0.occurredAt), "state": $0.state.rawValue, "detail": $0.detail ?? ""] },
                    "deliveries": deliveries.map { delivery, attempts -> [String: Any] in
                        [
                            "event": delivery.event,
                            "status": delivery.deliveredAt.map { "Delivered \(PageFormat.dateTime($0))" }
                                ?? delivery.gaveUpAt.map { "Given up \(PageFormat.dateTime($0))" }
                                ?? delivery.nextAttemptAt.map { "Next try \(PageFormat.dateTime($0))" } ?? "Waiting",
                            "attempts": attempts.map { attempt -> [String: Any] in
                                [
                                    "when": PageFormat.dateTime(attempt.attemptedAt),
                                    "result": attempt.statusCode.map { "HTTP \($0)" } ?? (attempt.error ?? "no answer"),
                                    "error": attempt.error ?? "", "milliseconds": attempt.durationMilliseconds,
                                ]
                            },
                        ]
                    },
                    "hasDeliveries": !deliveries.isEmpty,
                ], session: context.session)
        }
    }
}
