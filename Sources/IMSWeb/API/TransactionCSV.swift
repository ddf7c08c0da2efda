import Foundation
import Hummingbird
import IMSCore
import Logging
import NIOCore

/// Income records as CSV (RFC 4180: a header row, CRLF line ends, a field quoted when it holds a comma, a
/// quote or a line break, quotes doubled), streamed page by page so that an export of millions of records
/// holds one page in memory and has no row cap.
///
/// Columns are the JSON fields of `GET /api/v1/transactions` in the same order and meaning (`amount` and
/// `vat_amount` in pence, as in the JSON), each money column followed by the same money in pounds for
/// spreadsheets (`amount_pounds`, `vat_amount_pounds`: `-12.50`), and the time twice: ISO 8601 UTC
/// (`occurred_at`) and UK local (`uk_time`, `dd/MM/yyyy HH:mm:ss`). A text cell that a
/// spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, tab or carriage return) is prefixed
/// with `'`; number columns are written as numbers.
enum TransactionCSV {
    /// Records read per database round trip.
    static let pageSize = 1_000

    static let header = [
        "id", "receipt_reference", "source", "kind", "occurred_at", "uk_time", "fund_code", "account_reference", "amount", "amount_pounds",
        "vat_code", "vat_amount", "vat_amount_pounds", "method_of_payment", "channel", "office", "user", "provider_reference", "card_last4",
        "payer_name", "address", "postcode", "narrative", "import_batch", "file_line", "entry_id", "original_receipt_reference", "reversed",
    ]

    /// A cell: text to guard and quote, or a number written as it is.
    enum Cell {
        case text(String?)
        case number(String?)
    }

    static func cells(of record: TransactionRecord) -> [Cell] {
        [
            .number(String(record.id)), .text(record.receiptReference), .text(record.source.rawValue), .text(record.kind.rawValue),
            .text(record.occurredAt.iso8601), .text(UKLocalTime.dateTime(of: record.occurredAt).description), .text(record.fund.rawValue),
            .text(record.accountReference), .number(String(record.amount.pence)), .number(record.amount.decimalString), .text(record.vatCode),
            .number(record.vatAmount.map { String($0.pence) }), .number(record.vatAmount?.decimalString), .text(record.origin.methodOfPayment),
            .text(record.origin.channel), .text(record.origin.office), .text(record.user), .text(record.providerReference),
            .text(record.card.lastFourDigits),
            .text(record.payer.name), .text(record.payer.address), .text(record.payer.postcode), .text(record.narrative),
            .number(record.importBatchID.map(String.init)), .number(record.fileLine.map(String.init)), .number(String(record.entryID)),
            .text(record.originalReceiptReference), .text(record.isReversed ? "true" : "false"),
        ]
    }

    /// One line, CRLF-terminated.
    static func line(_ cells: [Cell]) -> String {
        cells.map { cell in
            switch cell {
            case .number(let value): value ?? ""
            case .text(let value): quoted(guarded(value ?? ""))
            }
        }.joined(separator: ",") + "\r\n"
    }

    /// Text a spreadsheet would take for a formula, made inert with a leading `'`.
    static func guarded(_ text: String) -> String { SpreadsheetText.inert(text) }

    static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The whole result set as a `transactions.csv` attachment, written as it is read. A failure after the
    /// first bytes cannot change the status any more: the response is cut short (the client sees an
    /// incomplete chunked body) and the log says why.
    static func response(matching filter: TransactionFilter, from store: any TransactionStore, logger: Logger, fileName: String = "transactions.csv")
        -> Response
    {
        let headers: HTTPFields = [
            .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(fileName)\"", .cacheControl: "no-store",
        ]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                do {
                    try await writer.write(ByteBuffer(string: line(header.map { .text($0) })))
                    var cursor: TransactionCursor?
                    repeat {
                        let page = try await store.transactions(matching: filter, after: cursor, limit: pageSize)
                        var buffer = ByteBuffer()
                        for record in page.records { buffer.writeString(line(cells(of: record))) }
                        try await writer.write(buffer)
                        cursor = page.next
                    } while cursor != nil
                    try await writer.finish(nil)
                } catch {
                    logger.error("transactions CSV export stopped", metadata: ["error": "\(error)"])
                    throw error
                }
            })
    }
}
