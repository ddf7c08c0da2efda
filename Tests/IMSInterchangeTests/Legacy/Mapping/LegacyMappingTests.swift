import Foundation
import IMSInterchange
import Testing

@Suite("Legacy mapping files")
struct LegacyMappingTests {
    static let expected = LegacyMapping(
        columns: ["RECEIPT_NO": "receipt_reference", "Trans Date": "transaction_date", "FUND": "fund_code"],
        dateFormat: "yyyy-MM-dd HH:mm:ss",
        funds: ["CT": "CTAX", "NDR": "NNDR"],
        methodsOfPayment: ["CSH": "CASH", "CC": "CARD"],
        vatCodes: ["S": "STD", "O": "OUT"],
        duplicateKey: .receiptReferenceAndYear,
        ignoredColumns: ["batch_id", "Terminal # "])

    @Test("a JSON mapping reads every key")
    func json() throws {
        let json = """
            {
              "columns": {"RECEIPT_NO": "receipt_reference", "Trans Date": "transaction_date", "FUND": "fund_code"},
              "date_format": "yyyy-MM-dd HH:mm:ss",
              "funds": {"CT": "CTAX", "NDR": "NNDR"},
              "methods_of_payment": {"CSH": "CASH", "CC": "CARD"},
              "vat_codes": {"S": "STD", "O": "OUT"},
              "duplicate_key": "receipt_reference+year",
              "ignore_columns": ["batch_id", "Terminal # "]
            }
            """
        #expect(try LegacyMapping(json: Data(json.utf8)) == Self.expected)
    }

    @Test("a TOML mapping with tables, comments, quoted keys, escapes and a multi-line array reads the same")
    func toml() throws {
        let toml = """
            # Mapping for the old cash receipting system
            date_format = "yyyy-MM-dd HH:mm:ss"   # ISO-ish dates
            duplicate_key = 'receipt_reference+year'
            ignore_columns = [
                "batch_id",   # not migrated
                "Terminal \\u0023 ",
            ]

            [columns]
            RECEIPT_NO = "receipt_reference"
            "Trans Date" = "transaction_date"
            FUND = "fund_code"

            [funds]
            CT = "CTAX"
            NDR = "NNDR"

            [methods_of_payment]
            CSH = "CASH"
            CC = "CARD"

            [vat_codes]
            S = "STD"
            O = "OUT"
            """
        #expect(try LegacyMapping(toml: toml) == Self.expected)
    }

    @Test("an empty mapping reads IMS columns, the default date format and the receipt reference as key")
    func defaults() throws {
        let mapping = try LegacyMapping(toml: "# nothing to rename\n")
        #expect(mapping == LegacyMapping())
        #expect(mapping.dateFormat == "dd/MM/yyyy HH:mm:ss")
        #expect(mapping.duplicateKey == .receiptReference)
        #expect(try LegacyMapping(json: Data("{}".utf8)) == LegacyMapping())
    }

    @Test(
        "mappings IMS cannot follow are refused with the reason",
        arguments: [
            (#"{"colums": {}}"#, "colums"),
            (#"{"columns": {"X": "receipt_ref"}}"#, "receipt_ref"),
            (#"{"date_format": "dd/MM/yy"}"#, "dd/MM/yy"),
            (#"{"date_format": "HH:mm"}"#, "year"),
            (#"{"funds": {"CT": "COUNCILTAX"}}"#, "COUNCILTAX"),
            (#"{"duplicate_key": "receipt_reference+month"}"#, "duplicate_key"),
            (#"{"columns": {"old": "narrative"}, "ignore_columns": ["OLD"]}"#, "OLD"),
            (#"{"columns": []}"#, "columns"),
            (#"not json"#, "JSON"),
        ])
    func invalidJSON(json: String, mentioned: String) {
        #expect {
            try LegacyMapping(json: Data(json.utf8))
        } throws: { error in
            guard let error = error as? InterchangeError else { return false }
            return error.code == .mappingInvalid && error.reason.contains(mentioned)
        }
    }

    @Test(
        "TOML beyond the supported subset is refused at its line",
        arguments: [
            ("date_format = \"dd/MM/yyyy\"\nlimit = 5\n", 2),
            ("[columns]\nold.name = \"narrative\"\n", 2),
            ("\n\nx = \"never closed\n", 3),
            ("x = \"a\"\nx = \"b\"\n", 2),
            ("[[tables]]\n", 1),
            ("[funds]\nCT = \"CTAX\"\n[funds]\n", 3),
            ("x = \"a\" trailing\n", 1),
            ("ignore_columns = [\"a\", 1]\n", 1),
        ])
    func invalidTOML(toml: String, line: Int) {
        #expect {
            try LegacyMapping(toml: toml)
        } throws: { error in
            guard let error = error as? InterchangeError else { return false }
            return error.code == .mappingInvalid && error.line == line
        }
    }

    @Test("mapping files are read as TOML or JSON by their name or, failing that, their first character")
    func load() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ims-mapping-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = [
            ("mapping.toml", "[funds]\nCT = \"CTAX\"\n"),
            ("mapping.json", #"{"funds": {"CT": "CTAX"}}"#),
            ("mapping.conf", "  {\"funds\": {\"CT\": \"CTAX\"}}"),
            ("mapping", "[funds]\nCT = \"CTAX\"\n"),
        ]
        for (name, text) in files {
            let path = directory.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect(try LegacyMapping.load(path: path) == LegacyMapping(funds: ["CT": "CTAX"]), "\(name)")
        }
        #expect(throws: InterchangeError.self) { try LegacyMapping.load(path: directory.appendingPathComponent("missing.toml").path) }
    }
}
