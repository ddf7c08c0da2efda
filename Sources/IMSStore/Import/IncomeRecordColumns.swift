import IMSCore

/// The columns of `income_records` in insert order, and how a record fills them.
enum IncomeRecordColumns {
    static let names = [
        "id", "occurred_at", "kind", "source", "entry_id", "line_number", "import_batch_id", "file_line", "receipt_reference",
        "original_receipt_reference", "fund_code", "account_reference", "amount_pence", "vat_code", "vat_pence", "method_of_payment",
        "channel", "office", "user_name", "psp_reference", "card_last4", "payer_name", "address", "postcode", "narrative", "is_reversed",
    ]

    static func insertSQL(placeholders: [String]) -> String {
        "INSERT INTO income_records (\(names.joined(separator: ", "))) VALUES (\(placeholders.joined(separator: ", ")))"
    }

    /// Gives `sink` the record's values in column order, under `id` and `entryID` (which an import's record
    /// gets as it is written, so it is not copied to change them). The one place the columns are filled.
    static func write<Sink: IncomeRecordColumnSink>(
        _ record: TransactionRecord, id: Int64, entryID: Int64, lineNumber: Int64? = nil, to sink: inout Sink
    ) {
        sink.integer(id)
        sink.integer(record.occurredAt.microsecondsSince1970)
        sink.text(record.kind.rawValue)
        sink.text(record.source.rawValue)
        sink.integer(entryID)
        sink.integer(lineNumber)
        sink.integer(record.importBatchID)
        sink.integer(record.fileLine)
        sink.text(record.receiptReference)
        sink.text(record.originalReceiptReference)
        sink.text(record.fund.rawValue)
        sink.text(record.accountReference)
        sink.integer(record.amount.pence)
        sink.text(record.vatCode)
        sink.integer(record.vatAmount?.pence)
        sink.text(record.origin.methodOfPayment)
        sink.text(record.origin.channel)
        sink.text(record.origin.office)
        sink.text(record.user)
        sink.text(record.providerReference)
        sink.text(record.card.lastFourDigits)
        sink.text(record.payer.name)
        sink.text(record.payer.address)
        sink.text(record.payer.postcode)
        sink.text(record.narrative)
        sink.integer(record.isReversed ? 1 : 0)
    }

    /// The record's values in column order: integers as `Int64`, text as `String`, nulls as `nil`.
    static func values(_ record: TransactionRecord, lineNumber: Int64? = nil) -> [Value] {
        var values = ValueList()
        values.values.reserveCapacity(names.count)
        write(record, id: record.id, entryID: record.entryID, lineNumber: lineNumber, to: &values)
        return values.values
    }

    enum Value {
        case integer(Int64?)
        case text(String?)
    }

    private struct ValueList: IncomeRecordColumnSink {
        var values: [Value] = []

        mutating func integer(_ value: Int64?) { values.append(.integer(value)) }
        mutating func text(_ value: String?) { values.append(.text(value)) }
    }
}

/// Where a record's column values go, one at a time in column order (`IncomeRecordColumns.write`).
protocol IncomeRecordColumnSink {
    mutating func integer(_ value: Int64?)
    mutating func text(_ value: String?)
}
