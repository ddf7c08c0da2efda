import Hummingbird
import IMSCore

/// `GET /api/v1/transactions` and friends: search over every income record, live and migrated, for council
/// services (finance systems, service back offices). A key limited to some funds sees only those funds:
/// other records do not exist for it.
enum TransactionsAPI {
    /// Records a page of the API holds (issue 5: 50 a page).
    static let pageSize = 50
    /// Query parameters a request may carry; a filter is a handful, so more is a mistake or abuse.
    static let maximumParameters = 100

    static func register(on routes: RouteTable, store: any TransactionStore) {
        routes.add(.get, "/api/v1/transactions", access: .apiKey(.transactionsRead), "Search income records, newest first") { request, context in
            let (filter, cursor) = try parse(request, scope: context.apiKey)
            return TransactionPageRepresentation(try await store.transactions(matching: filter, after: cursor, limit: pageSize))
        }

        routes.add(.get, "/api/v1/transactions.csv", access: .apiKey(.transactionsExport), "Every matching income record as CSV") {
            request, context in
            let (filter, _) = try parse(request, scope: context.apiKey)
            return TransactionCSV.response(matching: filter, from: store, logger: context.logger)
        }

        routes.add(.get, "/api/v1/transactions/{id}", access: .apiKey(.transactionsRead), "One income record with what is linked to it") {
            _, context in
            let idText = try context.parameters.require("id")
            guard let id = Int64(idText), id > 0 else {
                throw IMSError.validation(.searchFilterInvalid, "A transaction id is a positive whole number", field: "id")
            }
            guard let detail = try await store.transactionDetail(id: id), context.apiKey?.mayUse(detail.record.fund) == true else {
                throw IMSError(.notFound, .transactionNotFound, "There is no transaction \(id)")
            }
            return TransactionDetailRepresentation(detail, visibleTo: context.apiKey)
        }
    }

    /// The parameters whose values are numbers, dates, codes or cursors rather than free text.
    static let typedParameters: Set<String> = [
        "amount", "amount_min", "amount_max", "from", "to", "card_last4", "import_batch", "after", "fund_code", "kind", "source",
    ]

    /// What the document allows for the coded parameters, exactly as written (a staff form is more forgiving:
    /// its filter trims and folds case).
    static func isAsDocumented(_ name: String, _ value: String) -> Bool {
        switch name {
        case "fund_code": (1...5).contains(value.count) && value.allSatisfy { $0.isASCIIDigitCharacter || ("A"..."Z").contains($0) }
        case "kind": EntryKind(rawValue: value) != nil
        case "source": TransactionSource(rawValue: value) != nil
        default: true
        }
    }

    /// The filter and cursor of a request's query string (`+` read as a space, names repeatable), within
    /// the caller's fund scope. Malformed values are 422 naming the parameter.
    static func parse(_ request: Request, scope key: APIKey?) throws -> (TransactionFilter, TransactionCursor?) {
        let parameters = FormData.pairs(urlEncoded: request.uri.query ?? "")
        guard parameters.count <= maximumParameters else {
            throw IMSError.validation(.searchFilterInvalid, "A search takes at most \(maximumParameters) parameters", field: "query")
        }
        // A staff form sends its empty fields and the filter ignores them; to the API an empty number, date or
        // cursor is a mistake, as its document says (issue 10).
        if let empty = parameters.first(where: { typedParameters.contains($0.name) && $0.value.isEmpty }) {
            throw IMSError.validation(.searchFilterInvalid, "\(empty.name) must not be empty", field: empty.name)
        }
        if let odd = parameters.first(where: { !isAsDocumented($0.name, $0.value) }) {
            throw IMSError.validation(.searchFilterInvalid, "\(odd.name) is not one of the values the API document allows", field: odd.name)
        }
        var filter = try TransactionFilter(parameters: parameters)
        if let key { filter.scope = key.scope }
        let cursor = try parameters.last { $0.name == "after" && !$0.value.isEmpty }.map { try TransactionCursor(parsing: $0.value) }
        return (filter, cursor)
    }
}

/// An income record as the API shows it: money in pence as the fund sees it (a refund is negative), named
/// by the API's rule (`amount`, `vat_amount`; see `EntryRepresentation`), times ISO 8601 UTC, `id` the
/// record's number (time-ordered, below 2^53 so safe in JSON numbers).
struct TransactionRepresentation: Codable, Sendable {
    let id: Int64
    let receiptReference: String
    let source: String
    let kind: String
    let occurredAt: String
    let fundCode: String
    let accountReference: String
    let amount: Int64
    let vatCode: String?
    let vatAmount: Int64?
    let methodOfPayment: String?
    let channel: String?
    let office: String?
    let user: String?
    let providerReference: String?
    let cardLast4: String?
    let payerName: String?
    let address: String?
    let postcode: String?
    let narrative: String?
    let importBatch: Int64?
    let fileLine: Int64?
    let entryId: Int64
    let originalReceiptReference: String?
    let reversed: Bool

    init(_ record: TransactionRecord) {
        id = record.id
        receiptReference = record.receiptReference
        source = record.source.rawValue
        kind = record.kind.rawValue
        occurredAt = record.occurredAt.iso8601
        fundCode = record.fund.rawValue
        accountReference = record.accountReference
        amount = record.amount.pence
        vatCode = record.vatCode
        vatAmount = record.vatAmount?.pence
        methodOfPayment = record.origin.methodOfPayment
        channel = record.origin.channel
        office = record.origin.office
        user = record.user
        providerReference = record.providerReference
        cardLast4 = record.card.lastFourDigits
        payerName = record.payer.name
        address = record.payer.address
        postcode = record.payer.postcode
        narrative = record.narrative
        importBatch = record.importBatchID
        fileLine = record.fileLine
        entryId = record.entryID
        originalReceiptReference = record.originalReceiptReference
        reversed = record.isReversed
    }
}

/// `{"results": [...], "next": "<cursor>" or null}`: `next` is always present, null on the last page.
struct TransactionPageRepresentation: ResponseEncodable, Sendable {
    let results: [TransactionRepresentation]
    let next: String?

    init(_ page: TransactionPage) {
        results = page.records.map(TransactionRepresentation.init)
        next = page.next?.description
    }

    enum CodingKeys: String, CodingKey {
        case results, next
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(results, forKey: .results)
        try container.encode(next, forKey: .next)
    }
}

/// A record with its linked records (only those of funds the caller may see), the ledger entries behind it
/// (each as `GET /api/v1/entries/{id}` shows it to the same caller) and, for a payment,
/// what can still be refunded.
struct TransactionDetailRepresentation: ResponseEncodable, Sendable {
    let record: TransactionRepresentation
    let linked: [TransactionRepresentation]
    let entries: [EntryRepresentation]
    let refundableAmount: Int64?

    init(_ detail: TransactionDetail, visibleTo key: APIKey?) {
        let visibility = key?.visibility ?? .everything
        record = TransactionRepresentation(detail.record)
        linked = detail.linked.filter { visibility.mayUse($0.fund) }.map(TransactionRepresentation.init)
        // An entry none of whose fund lines the caller may see does not exist for it (`FundVisibility`), here as
        // at `GET /api/v1/entries/{id}`. What remains refundable is said once, for the record, not per entry.
        entries = detail.entries.filter(visibility.canSee).map { EntryRepresentation($0, refundable: nil, visibility: visibility) }
        refundableAmount = detail.refundableRemainder(visibleTo: visibility)?.pence
    }
}
