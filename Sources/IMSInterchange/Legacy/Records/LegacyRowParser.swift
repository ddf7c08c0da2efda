import IMSCore

/// Turns the records of a legacy income file into `LegacyRecord`s, or says exactly why a row cannot be
/// imported. Built once from the header row, the mapping and the council's funds; then `parse` checks each
/// row in this order, reporting the first fault:
///
/// 1. the row has as many fields as the header;
/// 2. no imported field holds a card number (the reason shows it masked);
/// 3. every imported field is UTF-8;
/// 4. the receipt reference is present;
/// 5. the transaction date follows the date format and is a real UK local time;
/// 6. the amount follows the pounds grammar (see `LegacyAmount`) with no fraction of a penny;
/// 7. the fund, after the mapping, is one of the council's funds;
/// 8. a VAT amount, when given, follows the pounds grammar.
///
/// Repeated receipt references are the caller's to find (they may have been imported by an earlier run):
/// build a `DuplicateKey` for each good row and report a repeat with `duplicateError(for:firstLine:)`.
public struct LegacyRowParser: Sendable {
    public let mapping: LegacyMapping
    public let dateFormat: LegacyDateFormat
    public let knownFunds: Set<FundCode>
    /// The header row as written in the file, one name per field.
    public let header: [String]
    /// Where each IMS column is in a record, by `LegacyColumn.ordinal`; `nil` for columns the file lacks.
    private let indexes: [Int?]
    /// Where the columns every row needs are.
    private let receiptIndex: Int
    private let dateIndex: Int
    private let amountIndex: Int
    /// The imported columns, in file order, for the card-number check.
    private let importedIndexes: [Int]
    /// Fund text exactly as legacy files usually write it → the IMS fund, so most rows need no trimming,
    /// upper-casing or mapping per row.
    private let fundLookup: [String: FundCode]
    private let upperCasedFundMap: [String: String]

    /// Reads the header: every required column present (after renaming), none repeated, and every other
    /// column either an IMS column or listed in the mapping's `ignore_columns`.
    public init(header record: CSVRecord, mapping: LegacyMapping = LegacyMapping(), knownFunds: Set<FundCode>) throws(InterchangeError) {
        try mapping.validate()
        func invalid(_ why: String) -> InterchangeError {
            InterchangeError(.legacyHeaderInvalid, why, line: record.line)
        }
        let header = record.fields.map { $0.trimmingWhitespace() }
        let renames = Dictionary(
            mapping.columns.map { ($0.key.trimmingWhitespace().lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        let ignored = Set(mapping.ignoredColumns.map { $0.trimmingWhitespace().lowercased() })
        var indexes = [Int?](repeating: nil, count: LegacyColumn.allCases.count)
        var unknown: [String] = []
        for (index, name) in header.enumerated() {
            let key = name.lowercased()
            guard !ignored.contains(key) else { continue }
            guard let column = LegacyColumn(rawValue: renames[key] ?? key) else {
                unknown.append(name.isEmpty ? "(unnamed column \(index + 1))" : name)
                continue
            }
            if let earlier = indexes[column.ordinal] {
                throw invalid("Two columns are read as \(column.rawValue): \(header[earlier]) and \(name)")
            }
            indexes[column.ordinal] = index
        }
        guard unknown.isEmpty else {
            throw invalid(
                "The header has columns IMS does not know: \(unknown.joined(separator: ", ")). Rename them to IMS columns in the mapping's [columns], or list them in ignore_columns"
            )
        }
        let missing = LegacyColumn.required.filter { indexes[$0.ordinal] == nil }
        guard missing.isEmpty, let receiptIndex = indexes[LegacyColumn.receiptReference.ordinal],
            let dateIndex = indexes[LegacyColumn.transactionDate.ordinal], let amountIndex = indexes[LegacyColumn.amount.ordinal]
        else {
            throw invalid("The header lacks the required columns \(missing.map(\.rawValue).joined(separator: ", "))")
        }
        self.receiptIndex = receiptIndex
        self.dateIndex = dateIndex
        self.amountIndex = amountIndex
        self.mapping = mapping
        self.dateFormat = try LegacyDateFormat(mapping.dateFormat)
        self.knownFunds = knownFunds
        self.header = header
        self.indexes = indexes
        importedIndexes = indexes.compactMap { $0 }.sorted()
        upperCasedFundMap = Dictionary(mapping.funds.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        var lookup: [String: FundCode] = [:]
        for fund in knownFunds where mapping.funds[fund.rawValue] == nil { lookup[fund.rawValue] = fund }
        for (legacy, target) in mapping.funds {
            if let code = try? FundCode(parsing: target), knownFunds.contains(code) { lookup[legacy] = code }
        }
        fundLookup = lookup
    }

    /// Whether the file has the column (after renaming).
    public func hasColumn(_ column: LegacyColumn) -> Bool { indexes[column.ordinal] != nil }

    /// The header of a column as written in the file.
    public func headerName(of column: LegacyColumn) -> String {
        indexes[column.ordinal].map { header[$0] } ?? column.rawValue
    }

    /// The row as a record ready to import, or the first reason it cannot be imported.
    public func parse(_ record: CSVRecord) throws(LegacyRowError) -> LegacyRecord {
        let line = record.line
        guard record.count == header.count else {
            throw LegacyRowError(
                line: line, column: nil, code: .legacyFieldCount,
                reason: "The row has \(record.count) fields but the header has \(header.count)")
        }
        let receiptText = record.isEmpty(at: receiptIndex) ? nil : Self.trimmed(record[receiptIndex])
        let receiptReference = receiptText?.isEmpty == false ? receiptText : nil
        func reject(_ column: LegacyColumn?, _ code: InterchangeError.Code, _ reason: String) -> LegacyRowError {
            LegacyRowError(line: line, column: column.map(headerName(of:)), code: code, reason: reason, receiptReference: receiptReference)
        }

        try screen(record, receiptReference: receiptReference)
        guard let receiptReference else {
            throw reject(.receiptReference, .legacyReceiptReferenceMissing, "The receipt reference is missing")
        }

        guard let occurredAt = record.withFieldBytes(at: dateIndex, { dateFormat.timestamp($0) }) else {
            throw reject(
                .transactionDate, .legacyDateInvalid,
                "\(Self.quoted(record[dateIndex])) is not a date and time in the format \(dateFormat.pattern)")
        }
        let amount: Money
        switch record.withFieldBytes(at: amountIndex, LegacyAmount.read) {
        case .amount(let value): amount = value
        case .fractionOfPenny:
            throw reject(.amount, .legacyAmountFractionOfPenny, "\(Self.quoted(record[amountIndex])) has a fraction of a penny")
        case let reading:
            throw reject(.amount, .legacyAmountInvalid, "\(Self.quoted(record[amountIndex])) \(Self.explain(reading))")
        }
        let fundText = text(record, .fundCode) ?? ""
        guard let fund = fund(fundText) else {
            let mapped = mapping.funds[Self.trimmed(fundText)].map { " (mapped to \($0))" } ?? ""
            throw reject(.fundCode, .legacyFundUnknown, "\(Self.quoted(fundText))\(mapped) is not one of the council's funds")
        }
        var vatAmount: Money?
        if let vatIndex = indexes[LegacyColumn.vatAmount.ordinal], !record.isEmpty(at: vatIndex) {
            guard case .amount(let value) = record.withFieldBytes(at: vatIndex, LegacyAmount.read) else {
                throw reject(.vatAmount, .legacyVATAmountInvalid, "\(Self.quoted(record[vatIndex])) is not an amount like 12.50")
            }
            vatAmount = value
        }

        return LegacyRecord(
            line: line, receiptReference: receiptReference, occurredAt: occurredAt, fund: fund,
            accountReference: AccountReference(normalising: text(record, .accountReference) ?? ""),
            amount: amount, vatCode: code(record, .vatCode, map: mapping.vatCodes), vatAmount: vatAmount,
            methodOfPayment: code(record, .methodOfPayment, map: mapping.methodsOfPayment),
            narrative: text(record, .narrative), payerName: text(record, .payerName), address: text(record, .address),
            postcode: text(record, .postcode), office: text(record, .office), user: text(record, .user),
            pspReference: text(record, .pspReference), cardLast4: text(record, .cardLast4),
            originalReceiptReference: text(record, .originalReceiptReference).map(Self.trimmed))
    }

    /// Refuses a row with a card number or non-UTF-8 bytes in any imported field. One pass over the whole
    /// record settles almost every row; only a row with a long run of digits or a non-ASCII byte is looked
    /// at field by field.
    private func screen(_ record: CSVRecord, receiptReference: String?) throws(LegacyRowError) {
        let (mayHoldCardNumber, isASCII) = record.withRecordBytes(CardNumberScreen.screen)
        if mayHoldCardNumber {
            for index in importedIndexes where record.withFieldBytes(at: index, { CardNumberScreen.screen($0).mayHoldCardNumber }) {
                let text = record[index]
                if CardNumberDetector.containsCardNumber(text) {
                    throw LegacyRowError(
                        line: record.line, column: header[index], code: .legacyCardNumber,
                        reason:
                            "The \(header[index]) holds what looks like a card number, which IMS must never store: \(Self.excerpt(CardNumberDetector.masking(text)))",
                        receiptReference: receiptReference)
                }
            }
        }
        if record.withRecordBytes(Self.holdsControlCharacter) {
            for index in importedIndexes where record.withFieldBytes(at: index, Self.holdsControlCharacter) {
                throw LegacyRowError(
                    line: record.line, column: header[index], code: .legacyControlCharacter,
                    reason: "The \(header[index]) holds a control character (such as NUL), which is not text", receiptReference: receiptReference)
            }
        }
        guard !isASCII else { return }
        for index in importedIndexes where !record.withFieldBytes(at: index, UTF8Check.isValid) {
            throw LegacyRowError(
                line: record.line, column: header[index], code: .legacyNotUTF8,
                reason: "The \(header[index]) is not UTF-8 text; convert the file to UTF-8", receiptReference: receiptReference)
        }
    }

    /// Whether the bytes hold a control character other than tab, line feed and carriage return (which
    /// multi-line narratives have), or DEL.
    static func holdsControlCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte < 0x20 || byte == 0x7F {
            if byte != 0x09 && byte != 0x0A && byte != 0x0D { return true }
        }
        return false
    }

    /// The rejection of a good row whose duplicate key was seen before (the first occurrence wins).
    /// `earlierBatch` names the import batch that holds the key when it is not this file's.
    public func duplicateError(for record: LegacyRecord, firstLine: Int? = nil, earlierBatch: Int64? = nil) -> LegacyRowError {
        let line = firstLine.map { "line \($0)" }
        let earlier =
            switch (earlierBatch, line) {
            case (let batch?, let line?): "by a different record in import batch \(batch) (\(line) of its file)"
            case (let batch?, nil): "by a different record in import batch \(batch)"
            case (nil, let line?): "on \(line)"
            case (nil, nil): "earlier in this file or in an earlier import"
            }
        let key =
            mapping.duplicateKey == .receiptReferenceAndYear
            ? "receipt reference \(record.receiptReference) in \(DuplicateKey(record, rule: .receiptReferenceAndYear).year!)"
            : "receipt reference \(record.receiptReference)"
        return LegacyRowError(
            line: record.line, column: headerName(of: .receiptReference), code: .legacyReceiptReferenceDuplicate,
            reason: "The \(key) was already used \(earlier); the first occurrence is kept", receiptReference: record.receiptReference)
    }

    /// The duplicate key of a good row under the mapping's rule.
    public func duplicateKey(of record: LegacyRecord) -> DuplicateKey {
        DuplicateKey(record, rule: mapping.duplicateKey)
    }

    // MARK: Fields

    /// The field's text, `nil` when the file lacks the column or the field is empty. Call after the UTF-8 check.
    private func text(_ record: CSVRecord, _ column: LegacyColumn) -> String? {
        guard let index = indexes[column.ordinal], !record.isEmpty(at: index) else { return nil }
        return record[index]
    }

    /// A code field (VAT, method of payment), trimmed and mapped; codes the map does not list are kept.
    private func code(_ record: CSVRecord, _ column: LegacyColumn, map: [String: String]) -> String? {
        guard let text = text(record, column) else { return nil }
        let code = Self.trimmed(text)
        guard !code.isEmpty, !map.isEmpty else { return code.isEmpty ? nil : code }
        return map[code] ?? code
    }

    private func fund(_ text: String) -> FundCode? {
        if let fund = fundLookup[text] { return fund }
        let trimmed = Self.trimmed(text)
        let mapped = mapping.funds[trimmed] ?? upperCasedFundMap[trimmed.uppercased()] ?? trimmed
        guard let code = try? FundCode(parsing: mapped), knownFunds.contains(code) else { return nil }
        return code
    }

    /// The text without surrounding whitespace, skipping the work when there is none.
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        func mayBeSpace(_ byte: UInt8) -> Bool { byte <= 0x20 || byte >= 0x80 }
        return mayBeSpace(first) || mayBeSpace(last) ? text.trimmingWhitespace() : text
    }

    /// A field's text for a reason: quoted, on one line, at most 80 characters.
    static func excerpt(_ text: String) -> String {
        let flat = text.map { $0.isNewline ? " " : String($0) }.joined()
        return flat.count > 80 ? String(flat.prefix(80)) + "…" : flat
    }

    static func quoted(_ text: String) -> String {
        text.isEmpty ? "An empty value" : "“\(excerpt(text))”"
    }

    private static func explain(_ reading: LegacyAmount.Reading) -> String {
        switch reading {
        case .tooManyDecimalPlaces: "has more than two decimal places; write pounds and pence like 12.50"
        case .tooLarge: "is too large"
        default: "is not an amount of pounds like 12.50 or -12.50 (digits, an optional minus and up to two decimal places; no £ or commas)"
        }
    }
}

extension LegacyColumn {
    /// The column's position in `allCases`, for array lookups on the per-row path.
    var ordinal: Int {
        switch self {
        case .receiptReference: 0
        case .transactionDate: 1
        case .fundCode: 2
        case .accountReference: 3
        case .amount: 4
        case .vatCode: 5
        case .vatAmount: 6
        case .methodOfPayment: 7
        case .narrative: 8
        case .payerName: 9
        case .address: 10
        case .postcode: 11
        case .office: 12
        case .user: 13
        case .pspReference: 14
        case .cardLast4: 15
        case .originalReceiptReference: 16
        }
    }
}
