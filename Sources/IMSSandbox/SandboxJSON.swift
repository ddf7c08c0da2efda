import Foundation
import IMSCore

/// Any JSON value, so the sandbox can tell a missing attribute (GOV.UK Pay `P0101`, HTTP 400) from an
/// invalid one (`P0102`, HTTP 422) as GOV.UK Pay does, rather than failing a whole `Decodable`.
enum SandboxJSONValue: Decodable, Sendable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
    case null
    case array([SandboxJSONValue])
    case object([String: SandboxJSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .boolean(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([SandboxJSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: SandboxJSONValue].self))
        }
    }

    /// Reads a request body as a JSON object; nil when it is not one.
    static func object(from data: Data) -> [String: SandboxJSONValue]? {
        guard case .object(let fields)? = try? JSONDecoder().decode(SandboxJSONValue.self, from: data) else { return nil }
        return fields
    }
}

/// A GOV.UK Pay error answer: `{"code": "P0102", "description": "…", "field": "amount"}` with its HTTP status.
struct SandboxAPIError: Error, Sendable {
    let status: Int
    let code: String
    let description: String
    let field: String?

    init(_ status: Int, _ code: String, _ description: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.description = description
        self.field = field
    }

    static func missing(_ field: String, code: String = "P0101") -> SandboxAPIError {
        SandboxAPIError(400, code, "Missing mandatory attribute: \(field)", field: field)
    }

    static func invalid(_ field: String, _ rule: String, code: String = "P0102") -> SandboxAPIError {
        SandboxAPIError(422, code, "Invalid attribute value: \(field). \(rule)", field: field)
    }
}

/// The JSON the sandbox answers with, in GOV.UK Pay's shapes (api_reference: create a payment, get a
/// payment, refund a payment). Only the brand, last 4 digits and expiry of a card are ever in it.
enum SandboxJSONOut {
    struct Payment: Encodable {
        let amount: Int64
        let description: String
        let reference: String
        let language: String
        let metadata: [String: MetadataValue]?
        let email: String?
        let state: State
        let paymentID: String
        let paymentProvider = "sandbox"
        let createdDate: String
        let refundSummary: RefundSummary
        let delayedCapture = false
        let moto: Bool
        let returnURL: String
        let cardDetails: CardDetails?
        let settlementSummary: SettlementSummary
        let links: Links

        enum CodingKeys: String, CodingKey {
            case amount, description, reference, language, metadata, email, state, moto
            case settlementSummary = "settlement_summary"
            case paymentID = "payment_id", paymentProvider = "payment_provider", createdDate = "created_date"
            case refundSummary = "refund_summary", delayedCapture = "delayed_capture", returnURL = "return_url"
            case cardDetails = "card_details", links = "_links"
        }
    }

    struct MetadataValue: Encodable {
        let value: SandboxPayment.MetadataValue

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case .string(let text): try container.encode(text)
            case .integer(let number): try container.encode(number)
            case .number(let number): try container.encode(number)
            case .boolean(let flag): try container.encode(flag)
            }
        }
    }

    struct State: Encodable {
        let status: String
        let finished: Bool
        let code: String?
        let message: String?
    }

    struct RefundSummary: Encodable {
        let status: String
        let amountAvailable: Int64
        let amountSubmitted: Int64

        enum CodingKeys: String, CodingKey {
            case status
            case amountAvailable = "amount_available", amountSubmitted = "amount_submitted"
        }
    }

    struct CardDetails: Encodable {
        let cardBrand: String
        let lastDigitsCardNumber: String
        let expiryDate: String?

        enum CodingKeys: String, CodingKey {
            case cardBrand = "card_brand", lastDigitsCardNumber = "last_digits_card_number", expiryDate = "expiry_date"
        }
    }

    /// Empty until the money is submitted for capture, as GOV.UK Pay's is.
    struct SettlementSummary: Encodable {
        let captureSubmitTime: String?
        let capturedDate: String?

        enum CodingKeys: String, CodingKey {
            case captureSubmitTime = "capture_submit_time", capturedDate = "captured_date"
        }
    }

    struct Links: Encodable {
        let selfLink: Link
        let nextURL: Link?
        let cancel: Link?

        enum CodingKeys: String, CodingKey {
            case selfLink = "self", nextURL = "next_url", cancel
        }
    }

    struct Link: Encodable {
        let href: String
        let method: String
    }

    struct Refund: Encodable {
        let refundID: String
        let createdDate: String
        let amount: Int64
        let status: String

        enum CodingKeys: String, CodingKey {
            case amount, status
            case refundID = "refund_id", createdDate = "created_date"
        }
    }

    struct Error: Encodable {
        let code: String
        let description: String
        let field: String?
    }

    static func payment(_ payment: SandboxPayment, baseURL: String) -> Payment {
        let finished = payment.status.isFinished
        return Payment(
            amount: payment.amount, description: payment.description, reference: payment.reference, language: payment.language,
            metadata: payment.metadata.isEmpty ? nil : payment.metadata.mapValues { MetadataValue(value: $0) }, email: payment.email,
            state: State(status: payment.status.rawValue, finished: finished, code: payment.failure?.code, message: payment.failure?.message),
            paymentID: payment.id, createdDate: payment.createdAt.iso8601,
            refundSummary: RefundSummary(
                status: payment.refundStatus, amountAvailable: payment.refundAvailable, amountSubmitted: payment.amountRefunded),
            moto: payment.moto, returnURL: payment.returnURL,
            cardDetails: payment.card.map {
                CardDetails(cardBrand: $0.brand ?? "", lastDigitsCardNumber: $0.lastFourDigits ?? "", expiryDate: $0.expiry)
            },
            settlementSummary: SettlementSummary(
                captureSubmitTime: payment.capturedAt?.iso8601, capturedDate: payment.capturedAt.map { String($0.iso8601.prefix(10)) }),
            links: Links(
                selfLink: Link(href: "\(baseURL)/v1/payments/\(payment.id)", method: "GET"),
                nextURL: finished ? nil : Link(href: "\(baseURL)/pay/\(payment.pageToken)", method: "GET"),
                cancel: finished ? nil : Link(href: "\(baseURL)/v1/payments/\(payment.id)/cancel", method: "POST")))
    }

    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}
