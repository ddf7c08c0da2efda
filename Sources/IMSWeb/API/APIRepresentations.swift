import Hummingbird
import IMSCore

/// A fund as the public API shows it.
struct FundRepresentation: Codable, Sendable {
    let code: String
    let name: String
    let vatCode: String
    let maximumAmount: Int64?
    let isBasketFund: Bool
    let referenceHint: String?
    let referenceExample: String?
    let description: String?
    let minimumAmount: Int64?
    let routes: [String]
    let accountMustExist: Bool
    let onStopMessage: String?

    init(_ fund: Fund) {
        code = fund.code.rawValue
        name = fund.name
        vatCode = fund.vatCode
        maximumAmount = fund.maximumAmount?.pence
        isBasketFund = fund.isBasketFund
        referenceHint = fund.referenceValidator.hint
        referenceExample = fund.referenceValidator.formats.compactMap(\.example).first
        description = fund.description
        minimumAmount = fund.minimumAmount?.pence
        routes = fund.routes.sorted().map(\.rawValue)
        accountMustExist = fund.accountMustExist
        onStopMessage = fund.onStopMessage
    }
}

struct FundList: Codable, Sendable {
    let funds: [FundRepresentation]
}

/// An entry of the ledger as the API shows it, the one JSON shape of an entry: `GET /api/v1/entries/{id}`
/// and the `entries` of a transaction's detail both use it, so a client reads an entry one way. Times are
/// ISO 8601 UTC. Money follows the API's one rule (the OpenAPI document's "Money"): whole pence, in a field
/// named `amount` or ending `_amount` (`income_amount`, `vat_amount`), never with its unit in the name.
struct EntryRepresentation: Codable, Sendable {
    struct Line: Codable, Sendable {
        let account: String
        let fundCode: String?
        let reference: String?
        let amount: Int64
        let vatCode: String?
        let vatRateBasisPoints: Int64
        let vatAmount: Int64
        let narrative: String?
    }

    let id: Int64
    let receiptNumber: String
    let kind: String
    let occurredAt: String
    let recordedAt: String
    let recordedBy: String
    let channel: String?
    let office: String?
    let methodOfPayment: String?
    let correctsEntryId: Int64?
    let payerName: String?
    let postcode: String?
    let pspReference: String?
    let cardBrand: String?
    let cardLast4: String?
    let narrative: String?
    /// Income on fund accounts: positive for a payment, negative for a refund.
    let incomeAmount: Int64
    /// What may still be refunded (payments, read one at a time; a transaction's detail says it once, for its record).
    let refundableAmount: Int64?
    let lines: [Line]

    init(_ entry: Entry, refundable: RefundableRemainder?, visibility: FundVisibility) {
        id = entry.id
        receiptNumber = entry.receiptNumber
        kind = entry.kind.rawValue
        occurredAt = entry.occurredAt.iso8601
        recordedAt = entry.recordedAt.iso8601
        recordedBy = entry.recordedBy.key
        channel = entry.origin.channel
        office = entry.origin.office
        methodOfPayment = entry.origin.methodOfPayment
        correctsEntryId = entry.correctsEntryID
        payerName = entry.payer.name
        postcode = entry.payer.postcode
        pspReference = entry.pspReference
        cardBrand = entry.card.brand
        cardLast4 = entry.card.lastFourDigits
        narrative = entry.narrative
        incomeAmount = visibility.income(of: entry).pence
        refundableAmount = refundable.map { visibility.remaining(of: $0).pence }
        lines = visibility.lines(of: entry).map {
            Line(
                account: $0.account.key, fundCode: $0.account.kind == .fund ? $0.account.code : nil, reference: $0.account.reference?.value,
                amount: $0.amount.pence, vatCode: $0.vatCode, vatRateBasisPoints: $0.vatRateBasisPoints, vatAmount: $0.vatAmount.pence,
                narrative: $0.narrative)
        }
    }
}

struct HealthReport: Codable, Sendable {
    struct DatabaseHealth: Codable, Sendable {
        let kind: String
        let reachable: Bool
        let schemaVersion: Int64?
    }

    let status: String
    let database: DatabaseHealth
}

extension FundList: ResponseEncodable {}
extension EntryRepresentation: ResponseEncodable {}
extension HealthReport: ResponseEncodable {}
