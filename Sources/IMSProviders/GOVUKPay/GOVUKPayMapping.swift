import Foundation
import IMSCore

/// GOV.UK Pay's answers in IMS's terms: states, card details, refund summaries, and its errors as
/// `IMSError`s. Anything outside the documented values is `provider.malformed_response`, never a guess.
enum GOVUKPayMapping {
    /// GOV.UK Pay's failure codes that change what a `failed` payment means
    /// (api_reference, "Errors caused by payment statuses").
    static let expiredCode = "P0020"
    static let cancelledByPayerCode = "P0030"

    /// The payment status lifecycle (api_reference, "Payment status meanings").
    static func state(_ wire: GOVUKPayWire.State) throws(IMSError) -> ProviderPaymentState {
        let failure = wire.code.map { ProviderFailure(code: $0, message: wire.message ?? "") }
        switch wire.status {
        case "created": return .created
        case "started": return .started
        case "submitted": return .submitted
        // Delayed capture only: authorised, waiting for the service to capture. IMS never asks for
        // delayed capture, so this is "authorised, not yet complete", as `submitted` is.
        case "capturable": return .submitted
        case "success": return .success
        case "failed":
            switch wire.code {
            case expiredCode: return .expired
            case cancelledByPayerCode: return .cancelled(by: .payer)
            default: return .failed(failure ?? ProviderFailure(code: "", message: wire.message ?? ""))
            }
        case "cancelled": return .cancelled(by: .service)
        case "error": return .error(failure)
        default:
            throw malformed("an unknown payment status \"\(String(wire.status.prefix(40)))\"")
        }
    }

    static func status(_ wire: GOVUKPayWire.Payment) throws(IMSError) -> ProviderPaymentStatus {
        guard wire.amount > 0, Money(pence: wire.amount).isWithinLimits else {
            throw malformed("a payment amount that is not positive or is too large")
        }
        let state = try state(wire.state)
        let next = wire.links?.nextURL?.href
        return ProviderPaymentStatus(
            providerPaymentID: wire.paymentID, state: state, amount: Money(pence: wire.amount),
            card: try card(wire.cardDetails), refundSummary: try refundSummary(wire.refundSummary),
            nextURL: state.isFinished ? nil : next.flatMap { isWebURL($0) ? $0 : nil }, capturedAt: try capturedAt(wire.settlementSummary))
    }

    /// `capture_submit_time` (ISO 8601, e.g. `2016-01-21T17:15:00.000Z`), else the `captured_date` at
    /// midnight UTC; nil while neither is there. A value that is not a time is malformed, never guessed.
    static func capturedAt(_ wire: GOVUKPayWire.SettlementSummary?) throws(IMSError) -> Timestamp? {
        if let text = wire?.captureSubmitTime, !text.isEmpty {
            guard let time = Timestamp(iso8601: text) else { throw malformed("a capture_submit_time that is not a time") }
            return time
        }
        if let text = wire?.capturedDate, !text.isEmpty {
            guard let time = Timestamp(iso8601: text + "T00:00:00Z") else { throw malformed("a captured_date that is not a date") }
            return time
        }
        return nil
    }

    static func isWebURL(_ text: String) -> Bool {
        text.count <= 2_000 && WebAddress(text) != nil
    }

    /// Brand, last 4 and expiry; nothing until the payer has entered a card (no last digits yet).
    static func card(_ wire: GOVUKPayWire.CardDetails?) throws(IMSError) -> CardSummary? {
        guard let wire, let lastDigits = wire.lastDigitsCardNumber, !lastDigits.isEmpty else { return nil }
        return try CardSummary(
            brand: wire.cardBrand ?? "", lastFourDigits: lastDigits, expiry: wire.expiryDate.flatMap { $0.isEmpty ? nil : $0 })
    }

    static func refundSummary(_ wire: GOVUKPayWire.RefundSummary?) throws(IMSError) -> ProviderRefundSummary? {
        guard let wire else { return nil }
        guard let status = ProviderRefundSummary.Status(rawValue: wire.status) else {
            throw malformed("an unknown refund summary status \"\(String(wire.status.prefix(40)))\"")
        }
        guard wire.amountAvailable >= 0, (wire.amountSubmitted ?? 0) >= 0, Money(pence: wire.amountAvailable).isWithinLimits,
            Money(pence: wire.amountSubmitted ?? 0).isWithinLimits
        else { throw malformed("a negative or too large refund amount") }
        return ProviderRefundSummary(
            status: status, amountAvailable: Money(pence: wire.amountAvailable), amountSubmitted: Money(pence: wire.amountSubmitted ?? 0))
    }

    static func refund(_ wire: GOVUKPayWire.Refund) throws(IMSError) -> ProviderRefund {
        guard let status = ProviderRefund.Status(rawValue: wire.status) else {
            throw malformed("an unknown refund status \"\(String(wire.status.prefix(40)))\"")
        }
        guard wire.amount > 0, Money(pence: wire.amount).isWithinLimits else {
            throw malformed("a refund amount that is not positive or is too large")
        }
        return ProviderRefund(refundID: wire.refundID, amount: Money(pence: wire.amount), status: status)
    }

    static func malformed(_ what: String) -> IMSError {
        IMSError(.unavailable, .providerMalformedResponse, "GOV.UK Pay answered with \(what)")
    }
}

/// Which call an error answered: the same HTTP status means different things on different endpoints.
enum GOVUKPayOperation: String, Sendable {
    case createPayment = "create a payment"
    case getPayment = "get a payment"
    case cancelPayment = "cancel a payment"
    case refundPayment = "refund a payment"
}

extension GOVUKPayMapping {
    /// An error answer (api_reference, "HTTP status codes" and "GOV.UK Pay API error codes") as an
    /// `IMSError`. The provider's code and description go into the reason for staff and logs.
    static func error(status: Int, body: GOVUKPayWire.ErrorBody?, operation: GOVUKPayOperation, account: String) -> IMSError {
        let code = body?.code ?? ""
        let said = describe(body)
        switch status {
        case 401, 403:
            return IMSError(.internal, .providerCredentialsRefused, "GOV.UK Pay refused the API key of account \"\(account)\" (HTTP \(status))")
        case 404:
            return IMSError(.notFound, .providerPaymentNotFound, "GOV.UK Pay has no such payment in account \"\(account)\"\(said)")
        case 412:
            return IMSError(
                .preconditionFailed, .providerRefundStale, "The refundable amount has changed since it was read; read it again\(said)",
                field: "refund_amount_available")
        case 429:
            return IMSError(.unavailable, .providerUnavailable, "GOV.UK Pay's rate limit was reached; try again shortly\(said)")
        case 500...599:
            return IMSError(.unavailable, .providerUnavailable, "GOV.UK Pay could not \(operation.rawValue) (HTTP \(status))\(said)")
        case 400, 409, 422:
            return refusal(status: status, code: code, body: body, said: said, operation: operation)
        default:
            return IMSError(.unavailable, .providerUnavailable, "GOV.UK Pay answered HTTP \(status) when asked to \(operation.rawValue)\(said)")
        }
    }

    private static func refusal(status: Int, code: String, body: GOVUKPayWire.ErrorBody?, said: String, operation: GOVUKPayOperation) -> IMSError {
        if code == "P0604" {
            return IMSError(
                .preconditionFailed, .providerRefundStale, "The refundable amount has changed since it was read; read it again\(said)",
                field: "refund_amount_available")
        }
        if code == "P0603" {
            // "The payment is not available for refund. Payment refund status: amount_not_available" when the
            // amount is too much; other refund statuses (pending, unavailable, full) when none can be refunded.
            if body?.description?.contains("amount_not_available") == true {
                return IMSError(.validation, .providerRefundExceeds, "The refund is more than what remains refundable\(said)", field: "amount")
            }
            return IMSError(.conflict, .providerNotRefundable, "GOV.UK Pay cannot refund this payment now\(said)")
        }
        if operation == .cancelPayment {
            return IMSError(.conflict, .providerNotCancellable, "The payment is finished and can no longer be cancelled\(said)")
        }
        let kind: IMSError.Kind = status == 409 ? .conflict : .validation
        return IMSError(
            kind, .providerRejected, "GOV.UK Pay refused to \(operation.rawValue)\(said)", field: body?.field.map { String($0.prefix(60)) })
    }

    /// `: P0102 Invalid attribute value: amount…`, bounded, and masked in case a card number ever appeared.
    private static func describe(_ body: GOVUKPayWire.ErrorBody?) -> String {
        guard let body else { return "" }
        let text = [body.code, body.description].compactMap { $0 }.joined(separator: " ")
        guard !text.isEmpty else { return "" }
        return ": " + CardNumberDetector.masking(String(text.prefix(300)))
    }
}
