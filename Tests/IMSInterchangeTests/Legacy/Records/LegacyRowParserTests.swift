import Foundation
import IMSCore
import IMSInterchange
import Testing

/// Rows of a legacy file for tests, written in the IMS column order unless a test renames or reorders.
struct LegacyFileFixture {
    static let header = LegacyColumn.allCases.map(\.rawValue)
    static let funds: Set<FundCode> = Set(DemoCouncil.funds.map(\.code))

    static func row(_ overrides: [LegacyColumn: String] = [:]) -> [String] {
        let good: [LegacyColumn: String] = [
            .receiptReference: "TH00000001", .transactionDate: "05/07/2021 14:03:09", .fundCode: "CTAX",
            .accountReference: "77 1234 564", .amount: "123.45", .vatCode: "OUT", .vatAmount: "0.00",
            .methodOfPayment: "CASH", .narrative: "Council tax instalment", .payerName: "Siân O'Brien",
            .address: "12 Mill Lane, Demotown", .postcode: "DM1 1AA", .office: "TOWNHALL", .user: "ALICE.W",
            .pspReference: "", .cardLast4: "", .originalReceiptReference: "",
        ]
        return LegacyColumn.allCases.map { overrides[$0] ?? good[$0]! }
    }

    static func csv(header: [String] = header, rows: [[String]]) -> String {
        func quote(_ field: String) -> String {
            field.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        return ([header] + rows).map { $0.map(quote).joined(separator: ",") + "\r\n" }.joined()
    }

    /// Reads the file as an importer would: good rows whose duplicate key was seen become duplicate rejections.
    static func read(_ text: String, mapping: LegacyMapping = LegacyMapping()) throws -> (records: [LegacyRecord], rejections: [LegacyRowError]) {
        let reader = try LegacyReader(csv: CSVReader(string: text), mapping: mapping, knownFunds: funds)
        var records: [LegacyRecord] = []
        var rejections: [LegacyRowError] = []
        var seen: [DuplicateKey: Int] = [:]
        while let row = try reader.next() {
            switch row {
            case .record(let record):
                let key = reader.parser.duplicateKey(of: record)
                if let firstLine = seen[key] {
                    rejections.append(reader.parser.duplicateError(for: record, firstLine: firstLine))
                } else {
                    seen[key] = record.line
                    records.append(record)
                }
            case .rejected(let error):
                rejections.append(error)
            }
        }
        return (records, rejections)
    }
}

@Suite("Legacy rows")
struct LegacyRowParserTests {
    typealias Fixture = LegacyFileFixture

    @Test("a good row becomes a record with every field, the account reference normalised but not validated")
    func goodRow() throws {
        let (records, rejections) = try Fixture.read(Fixture.csv(rows: [Fixture.row([.accountReference: "77 1234 560 x"])]))
        #expect(rejections.isEmpty)
        let record = try #require(records.first)
        #expect(
            record
                == LegacyRecord(
                    line: 2, receiptReference: "TH00000001", occurredAt: UKLocalTimeTests.utc("2021-07-05T13:03:09Z"), fund: "CTAX",
                    accountReference: AccountReference(normalising: "771234560X"), amount: Money(pence: 12_345), vatCode: "OUT",
                    vatAmount: .zero, methodOfPayment: "CASH", narrative: "Council tax instalment", payerName: "Siân O'Brien",
                    address: "12 Mill Lane, Demotown", postcode: "DM1 1AA", office: "TOWNHALL", user: "ALICE.W"))
    }

    @Test("a refund is a negative amount linked to the payment it refunds")
    func refund() throws {
        let text = Fixture.csv(rows: [
            Fixture.row(),
            Fixture.row([.receiptReference: "TH00000002", .amount: "-12.5", .originalReceiptReference: " TH00000001 ", .narrative: "Refund"]),
        ])
        let record = try #require(try Fixture.read(text).records.last)
        #expect(record.amount == Money(pence: -1_250))
        #expect(record.isRefund)
        #expect(record.originalReceiptReference == "TH00000001")
    }

    @Test(
        "each fault rejects its row with the line where the record starts, the column and the reason",
        arguments: [
            (
                [LegacyColumn.transactionDate: "31/02/2021 10:00:00"], LegacyColumn.transactionDate, InterchangeError.Code.legacyDateInvalid,
                "31/02/2021 10:00:00"
            ),
            ([.transactionDate: ""], .transactionDate, .legacyDateInvalid, "empty"),
            ([.amount: "1,234.00"], .amount, .legacyAmountInvalid, "1,234.00"),
            ([.amount: "£12"], .amount, .legacyAmountInvalid, "no £"),
            ([.amount: "12.345"], .amount, .legacyAmountFractionOfPenny, "fraction of a penny"),
            ([.amount: "12.500"], .amount, .legacyAmountInvalid, "two decimal places"),
            ([.fundCode: "ZZZ"], .fundCode, .legacyFundUnknown, "ZZZ"),
            ([.fundCode: "SUSPENSE"], .fundCode, .legacyFundUnknown, "SUSPENSE"),
            ([.receiptReference: "  "], .receiptReference, .legacyReceiptReferenceMissing, "missing"),
            ([.vatAmount: "0,00"], .vatAmount, .legacyVATAmountInvalid, "0,00"),
        ] as [([LegacyColumn: String], LegacyColumn, InterchangeError.Code, String)])
    func faults(overrides: [LegacyColumn: String], column: LegacyColumn, code: InterchangeError.Code, mentioned: String) throws {
        let text = Fixture.csv(rows: [
            Fixture.row([.narrative: "multi-line\nnarrative"]),
            Fixture.row(overrides.merging([.receiptReference: overrides[.receiptReference] ?? "TH00000002"]) { first, _ in first }),
            Fixture.row([.receiptReference: "TH00000003"]),
        ])
        let (records, rejections) = try Fixture.read(text)
        #expect(records.map(\.line) == [2, 5])
        let rejection = try #require(rejections.first)
        #expect(rejections.count == 1)
        #expect(rejection.line == 4)
        #expect(rejection.column == column.rawValue)
        #expect(rejection.code == code)
        #expect(rejection.reason.contains(mentioned), "\(rejection.reason)")
    }

    @Test(
        "issue 10: a NUL or other control character in a text field rejects the row; a multi-line narrative does not",
        arguments: [
            (LegacyColumn.narrative, "Paid\u{0}at the desk"), (.payerName, "Ann\u{1B}[31m Payer"), (.address, "1 High St\u{7F}"),
        ])
    func controlCharacters(column: LegacyColumn, text: String) throws {
        let (records, rejections) = try Fixture.read(
            Fixture.csv(rows: [Fixture.row([column: text]), Fixture.row([.receiptReference: "R2", .narrative: "Line one\nLine two\tend"])]))
        #expect(records.map(\.receiptReference) == ["R2"], "\(rejections)")
        let rejection = try #require(rejections.first)
        #expect(rejection.line == 2)
        #expect(rejection.column == column.rawValue)
        #expect(rejection.code == .legacyControlCharacter)
    }

    @Test(
        "a card number in any text field rejects the row, and the error shows it masked",
        arguments: [
            (LegacyColumn.narrative, "Caller read out 4929 1234 5678 9015 twice"),
            (.narrative, "card\n4929-1234-5678-9015"),
            (.payerName, "4929123456789015"),
            (.pspReference, "4929123456789015"),
            (.receiptReference, "4929123456789015"),
        ])
    func cardNumber(column: LegacyColumn, text: String) throws {
        let (records, rejections) = try Fixture.read(Fixture.csv(rows: [Fixture.row([column: text])]))
        #expect(records.isEmpty)
        let rejection = try #require(rejections.first)
        #expect(rejection.line == 2)
        #expect(rejection.column == column.rawValue)
        #expect(rejection.code == .legacyCardNumber)
        #expect(rejection.reason.contains("492912******9015"), "\(rejection.reason)")
        #expect(!rejection.description.contains("4929123456789015"))
        #expect(!rejection.description.contains("1234 5678"))
        #expect(!(rejection.receiptReference ?? "").contains("4929123456789015"))
    }

    @Test("card numbers hidden among digits, spaces, hyphens and accents are found exactly as the detector finds them", arguments: [11, 12, 13])
    func cardNumbersAmongNoise(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let pieces = [
            "4", "9", "0", "1", " ", "-", "  ", "a", "é", ",", "\"", "4929 1234 5678 9015", "4929-1234-5678-9015", "5555555555554444",
            "12345678901234",
        ]
        var rows: [[String]] = []
        var narratives: [String] = []
        for number in 0..<400 {
            let narrative = (0..<(1 + Int(random.next(upTo: 12)))).map { _ in pieces[Int(random.next(upTo: UInt64(pieces.count)))] }.joined()
            narratives.append(narrative)
            rows.append(Fixture.row([.receiptReference: "R\(number)", .narrative: narrative]))
        }
        let (records, rejections) = try Fixture.read(Fixture.csv(rows: rows))
        let rejectedLines = Set(rejections.filter { $0.code == .legacyCardNumber }.map(\.line))
        #expect(rejections.count == rejectedLines.count)
        for (index, narrative) in narratives.enumerated() {
            #expect(rejectedLines.contains(index + 2) == CardNumberDetector.containsCardNumber(narrative), "\(narrative)")
        }
        #expect(records.count + rejections.count == narratives.count)
        #expect(!rejectedLines.isEmpty && !records.isEmpty)
    }

    @Test("long digit runs that fail Luhn, or are too long for a card, are not card numbers")
    func notCardNumbers() throws {
        let (records, rejections) = try Fixture.read(
            Fixture.csv(rows: [
                Fixture.row([.narrative: "Ref 4929 1234 5678 9018", .pspReference: "12345678901234567890123"])
            ]))
        #expect(rejections.isEmpty)
        #expect(records.count == 1)
    }

    @Test("a repeated receipt reference is rejected and the first occurrence kept")
    func duplicates() throws {
        let text = Fixture.csv(rows: [
            Fixture.row(),
            Fixture.row([.receiptReference: "TH00000002"]),
            Fixture.row([.receiptReference: " TH00000001", .amount: "99.00"]),
        ])
        let (records, rejections) = try Fixture.read(text)
        #expect(records.map(\.line) == [2, 3])
        #expect(records[0].amount == Money(pence: 12_345))
        #expect(rejections.map(\.line) == [4])
        #expect(rejections.first?.code == .legacyReceiptReferenceDuplicate)
        #expect(rejections.first?.column == "receipt_reference")
        #expect(rejections.first?.reason.contains("line 2") == true)
    }

    @Test("with receipt_reference+year, a number reused in another year is not a duplicate")
    func duplicateKeyWithYear() throws {
        let text = Fixture.csv(rows: [
            Fixture.row([.transactionDate: "31/12/2019 23:30:00"]),
            Fixture.row([.transactionDate: "01/01/2020 00:30:00"]),
            Fixture.row([.transactionDate: "02/01/2020 10:00:00"]),
        ])
        let byYear = try Fixture.read(text, mapping: LegacyMapping(duplicateKey: .receiptReferenceAndYear))
        #expect(byYear.records.map(\.line) == [2, 3])
        #expect(byYear.rejections.map(\.line) == [4])
        #expect(byYear.rejections.first?.reason.contains("2020") == true)
        #expect(try Fixture.read(text).records.count == 1)
    }

    @Test("a row with too few or too many fields, or broken quoting, is rejected as a whole")
    func wholeRowFaults() throws {
        let good = Fixture.csv(rows: [Fixture.row()])
        let text = good + "TH9,05/07/2021 14:03:09,CTAX\r\n" + "TH8,\"unclosed,x\r\n"
        let (records, rejections) = try Fixture.read(text)
        #expect(records.count == 1)
        #expect(rejections.map(\.line) == [3, 4])
        #expect(rejections.map(\.code) == [.legacyFieldCount, .csvMalformedQuote])
        #expect(rejections.allSatisfy { $0.column == nil })
    }

    @Test("a field that is not UTF-8 rejects the row")
    func notUTF8() throws {
        var bytes = Array(Fixture.csv(rows: [Fixture.row([.payerName: "Zoe"])]).utf8)
        let index = try #require(bytes.firstIndex(of: UInt8(ascii: "Z")))
        bytes[index + 2] = 0xEB  // "Zo" then a lone Latin-1 "ë"
        let reader = try LegacyReader(csv: CSVReader(bytes: bytes), knownFunds: Fixture.funds)
        guard case .rejected(let rejection) = try reader.next() else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejection.code == .legacyNotUTF8)
        #expect(rejection.column == "payer_name")
    }

    @Test("a mapping renames columns, reads its date format, maps codes and ignores what it lists")
    func mapping() throws {
        let mapping = LegacyMapping(
            columns: [
                "Receipt No": "receipt_reference", "Date": "transaction_date", "Fund": "fund_code", "Account": "account_reference", "Value": "amount",
                "MOP": "method_of_payment", "VAT": "vat_code",
            ],
            dateFormat: "yyyy-MM-dd HH:mm", funds: ["CT": "CTAX", "PARK": "BINS"], methodsOfPayment: ["C": "CASH"], vatCodes: ["O": "OUT"],
            ignoredColumns: ["Batch"])
        let text = LegacyFileFixture.csv(
            header: ["Value", "Batch", "receipt no", "Date", "Fund", "Account", "MOP", "VAT"],
            rows: [
                ["10.00", "B1", "R1", "2021-07-05 14:03", "CT", "771234564", "C", "O"],
                ["10.00", "B1", "R2", "2021-07-05 14:04", "PARK", "GW-1", "BACS", "STD"],
                ["10.00", "B1", "R3", "2021-07-05 14:05", "ctax", "771234564", "C", "O"],
                ["10.00", "B1", "R4", "2021-07-05 14:06", "XX", "771234564", "C", "O"],
            ])
        let (records, rejections) = try Fixture.read(text, mapping: mapping)
        #expect(records.map(\.fund) == ["CTAX", "BINS", "CTAX"])
        #expect(records.map(\.methodOfPayment) == ["CASH", "BACS", "CASH"])
        #expect(records.map(\.vatCode) == ["OUT", "STD", "OUT"])
        #expect(records.first?.occurredAt == UKLocalTimeTests.utc("2021-07-05T13:03:00Z"))
        #expect(records.first?.narrative == nil)
        #expect(rejections.map(\.column) == ["Fund"])
        #expect(rejections.first?.code == .legacyFundUnknown)
    }

    @Test(
        "a header missing a required column, repeating one or naming an unknown one is refused",
        arguments: [
            (["receipt_reference", "transaction_date", "fund_code", "amount"], "account_reference"),
            (["receipt_reference", "transaction_date", "fund_code", "account_reference", "amount", "Amount"], "amount"),
            (["receipt_reference", "transaction_date", "fund_code", "account_reference", "amount", "cashier_id"], "cashier_id"),
        ])
    func invalidHeader(header: [String], mentioned: String) {
        #expect {
            try LegacyReader(csv: CSVReader(string: header.joined(separator: ",") + "\n"), knownFunds: LegacyFileFixture.funds)
        } throws: { error in
            guard let error = error as? InterchangeError else { return false }
            return error.code == .legacyHeaderInvalid && error.line == 1 && error.reason.contains(mentioned)
        }
        #expect(throws: InterchangeError.self) { try LegacyReader(csv: CSVReader(string: ""), knownFunds: LegacyFileFixture.funds) }
    }

    @Test("a duplicate key's fingerprint is stable across runs and tells keys apart")
    func fingerprint() {
        let record = LegacyRecord(
            line: 2, receiptReference: "R1", occurredAt: UKLocalTimeTests.utc("2021-07-05T13:03:00Z"), fund: "CTAX",
            accountReference: AccountReference(normalising: "1"), amount: .zero)
        #expect(DuplicateKey(record, rule: .receiptReference).description == "R1")
        #expect(DuplicateKey(record, rule: .receiptReferenceAndYear).description == "R1|2021")
        #expect(DuplicateKey(record, rule: .receiptReference).fingerprint == 0x0949_0307_B5D7_DFCC)
        #expect(DuplicateKey(record, rule: .receiptReference).fingerprint != DuplicateKey(record, rule: .receiptReferenceAndYear).fingerprint)
    }
}
