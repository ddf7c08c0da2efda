import Foundation
import Hummingbird
import IMSCore

/// Transaction search for staff, over live and migrated income alike: a GET form (no script), 50 results a
/// page newest first, the detail of one record, and the CSV of everything the filters match. A member of
/// staff limited to some funds sees only those funds' records; others do not exist for them.
enum TransactionScreens {
    static let pageSize = 50

    static func register(on routes: RouteTable, database: any TransactionStore & CouncilStore, pages: PageRenderer, gate: StaffGate) {
        routes.add(.get, "/staff/transactions", access: .staff(.transactionsRead), "Search transactions, live and migrated") { request, context in
            try await searchPage(TransactionSearchForm(query: request.uri.query), database: database, pages: pages, context: context)
        }

        routes.add(.get, "/staff/transactions.csv", access: .staff(.transactionsExport), "Every transaction the search filters match, as CSV") {
            request, context in
            let form = TransactionSearchForm(query: request.uri.query)
            let filter = try form.filter(scope: try context.staffUser.fundScope)
            // A bulk copy of payers' details leaves IMS: the audit trail says who took which.
            try await gate.audit(
                context, action: "transactions.export", target: "/staff/transactions.csv?" + form.queryString(), outcome: AuditEvent.success)
            return TransactionCSV.response(matching: filter, from: database, logger: context.logger)
        }

        routes.add(
            .get, "/staff/transactions/{id}", access: .staff(.transactionsRead), "A transaction: its entries, linked records and refundable remainder"
        ) { _, context in
            try await detailPage(context, database: database, pages: pages)
        }
    }

    /// The form, and the results when the filters are valid; the form with its errors (422) when not.
    static func searchPage(
        _ form: TransactionSearchForm, database: any TransactionStore & CouncilStore, pages: PageRenderer, context: IMSRequestContext
    ) async throws -> Response {
        let user = try context.staffUser
        var values = try await formValues(form, user: user, error: nil, database: database)
        let filter: TransactionFilter
        let cursor: TransactionCursor?
        do {
            filter = try form.filter(scope: user.fundScope)
            cursor = try form.cursor()
        } catch {
            values = try await formValues(form, user: user, error: error, database: database)
            // The summary links to the field at fault; a fault of the page link itself (`after`) to the text box.
            let field = error.field.flatMap { formFieldNames.contains($0) ? $0 : nil } ?? "text"
            values["errors"] = [["message": error.reason, "field": field]]
            return pages.page("staff-transactions", values, status: .unprocessableContent, session: context.session)
        }
        let page = try await database.transactions(matching: filter, after: cursor, limit: pageSize)
        values["results"] = page.records.map(resultRow)
        values["hasResults"] = !page.records.isEmpty
        values["searched"] = true
        if let next = page.next {
            values["nextPage"] = "/staff/transactions?" + form.queryString(adding: [("after", next.description)])
        }
        if user.allows(.transactionsExport), !page.records.isEmpty {
            values["exportLink"] = "/staff/transactions.csv?" + form.queryString()
        }
        return pages.page("staff-transactions", values, session: context.session)
    }

    /// The names of the form's boxes and drop-downs (the `id` of each).
    static let formFieldNames = Set((SearchField.main + SearchField.more).map(\.name) + ["fund_code", "kind", "method_of_payment", "source"])

    /// The form's fields and choices, echoing what was sent.
    static func formValues(_ form: TransactionSearchForm, user: StaffUser, error: IMSError?, database: any CouncilStore) async throws -> [String: Any]
    {
        let configuration = try await database.configuration()
        let funds = configuration.funds.filter { user.mayUse($0.code) }
        return [
            "title": "Search transactions",
            "mainFields": SearchField.main.enumerated().map { $1.values(in: form, error: error, autofocus: $0 == 0) },
            "moreFields": SearchField.more.map { $0.values(in: form, error: error) },
            "moreOpen": form.hasAny(of: SearchField.moreNames) || SearchField.moreNames.contains(error?.field ?? ""),
            "fundSelect": select("fund_code", "Fund", any: "Any fund", funds.map { ($0.code.rawValue, "\($0.code.rawValue): \($0.name)") }, form),
            "kindSelect": select("kind", "Kind", any: "Any kind", EntryKind.allCases.map { ($0.rawValue, label($0)) }, form),
            "methodSelect": select(
                "method_of_payment", "Method of payment", any: "Any method", configuration.methodsOfPayment.map { ($0.code, $0.name) }, form),
            "sourceSelect": select("source", "Source", any: "IMS and legacy", [("ims", "IMS (live)"), ("legacy", "Legacy (migrated)")], form),
            "fundScope": user.fundScope.isLimited ? user.fundScope.description : "",
        ].droppingEmptyText()
    }

    /// A drop-down of the form with its choices, the one sent selected (compared without regard to case).
    static func select(_ name: String, _ label: String, any: String, _ choices: [(value: String, label: String)], _ form: TransactionSearchForm)
        -> [String: Any]
    {
        let sent = form.value(name).lowercased()
        return [
            "name": name, "label": label, "any": any,
            "options": choices.map { ["value": $0.value, "label": $0.label, "selected": $0.value.lowercased() == sent] },
        ]
    }

    /// One row of the results table.
    static func resultRow(_ record: TransactionRecord) -> [String: Any] {
        [
            "id": record.id, "date": PageFormat.dateTime(record.occurredAt), "receipt": record.receiptReference,
            "isLegacy": record.source == .legacy, "isReversed": record.isReversed, "fund": record.fund.rawValue,
            "account": record.accountReference, "payer": record.payer.name ?? "", "amount": record.amount.formatted, "kind": label(record.kind),
        ].droppingEmptyText()
    }

    /// `cash_return` as people say it: "Cash return".
    static func label(_ kind: EntryKind) -> String {
        let words = kind.rawValue.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
