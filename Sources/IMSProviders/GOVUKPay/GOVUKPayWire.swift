import IMSCore

/// The JSON of GOV.UK Pay's public API (docs.payments.service.gov.uk/api_reference), only the parts IMS
/// uses. Names follow the API exactly. Decoding ignores every field not listed here; in particular the
/// first 6 digits of the card, the cardholder's name and billing address are never read into a value.
enum GOVUKPayWire {
    /// `POST /v1/payments`.
    struct CreatePayment: Encodable {
        let amount: Int64
        let reference: String
        let description: String
        let returnURL: String
        /// Omitted when empty: GOV.UK Pay wants 1 to 10 keys or no `metadata` at all.
        let metadata: [String: String]?
        let language: String
        let email: String?
        /// Omitted unless true: `moto` is refused on accounts without MOTO enabled.
        let moto: Bool?

        enum CodingKeys: String, CodingKey {
            case amount, reference, description, metadata, language, email, moto
            case returnURL = "return_url"
        }

        init(_ request: ProviderPaymentRequest) {
            amount = request.amount.pence
            reference = request.reference
            description = request.description
            returnURL = request.returnURL
            metadata = request.metadata.isEmpty ? nil : request.metadata
            language = request.language.rawValue
            email = request.email
            moto = request.moto ? true : nil
        }
    }

    /// `POST /v1/payments/{PAYMENT_ID}/refunds`.
    struct CreateRefund: Encodable {
        let amount: Int64
        let refundAmountAvailable: Int64?

        enum CodingKeys: String, CodingKey {
            case amount
            case refundAmountAvailable = "refund_amount_available"
        }
    }

    /// A payment as `POST /v1/payments` and `GET /v1/payments/{PAYMENT_ID}` return it.
    struct Payment: Decodable {
        let paymentID: String
        let amount: Int64
        let state: State
        let cardDetails: CardDetails?
        let refundSummary: RefundSummary?
        let settlementSummary: SettlementSummary?
        let links: Links?

        enum CodingKeys: String, CodingKey {
            case amount, state
            case paymentID = "payment_id"
            case cardDetails = "card_details"
            case refundSummary = "refund_summary"
            case settlementSummary = "settlement_summary"
            case links = "_links"
        }
    }

    /// When the money was submitted for capture and captured: empty until then.
    struct SettlementSummary: Decodable {
        let captureSubmitTime: String?
        let capturedDate: String?

        enum CodingKeys: String, CodingKey {
            case captureSubmitTime = "capture_submit_time"
            case capturedDate = "captured_date"
        }
    }

    struct State: Decodable {
        let status: String
        let finished: Bool?
        let code: String?
        let message: String?
    }

    struct CardDetails: Decodable {
        let cardBrand: String?
        let lastDigitsCardNumber: String?
        let expiryDate: String?

        enum CodingKeys: String, CodingKey {
            case cardBrand = "card_brand"
            case lastDigitsCardNumber = "last_digits_card_number"
            case expiryDate = "expiry_date"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            cardBrand = try container.decodeIfPresent(String.self, forKey: .cardBrand)
            expiryDate = try container.decodeIfPresent(String.self, forKey: .expiryDate)
            // The reference calls it a number, the examples show a string: accept both, keeping leading zeros.
            if let text = try? container.decodeIfPresent(String.self, forKey: .lastDigitsCardNumber) {
                lastDigitsCardNumber = text
            } else if let number = try container.decodeIfPresent(Int.self, forKey: .lastDigitsCardNumber) {
                let digits = String(number)
                lastDigitsCardNumber = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
            } else {
                lastDigitsCardNumber = nil
            }
        }
    }

    struct RefundSummary: Decodable {
        let status: String
        let amountAvailable: Int64
        let amountSubmitted: Int64?

        enum CodingKeys: String, CodingKey {
            case status
            case amountAvailable = "amount_available"
            case amountSubmitted = "amount_submitted"
        }
    }

    struct Links: Decodable {
        let nextURL: Link?

        enum CodingKeys: String, CodingKey {
            case nextURL = "next_url"
        }
    }

    struct Link: Decodable {
        let href: String
    }

    /// A refund as `POST /v1/payments/{PAYMENT_ID}/refunds` returns it.
    struct Refund: Decodable {
        let refundID: String
        let amount: Int64
        let status: String

        enum CodingKeys: String, CodingKey {
            case amount, status
            case refundID = "refund_id"
        }
    }

    /// The body of every 4xx and 5xx answer that has one.
    struct ErrorBody: Decodable {
        let code: String?
        let description: String?
        let field: String?
    }
}
