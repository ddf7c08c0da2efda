import Foundation
import IMSCore
import IMSImport
import IMSInterchange
import IMSStore
import Testing

@Suite("Legacy import")
struct LegacyImporterTests {
    @Test("a small file: good rows in, bad rows in the errors file, a second run skips everything", arguments: ImportTestStores.all)
    func importsOnce(_ dialect: SQLDialectKind) async throws {
        try await withImportDatabase(dialect) { database, directory in
            let file = directory + "/legacy.csv"
            let errors = directory + "/errors.csv"
            try ImportFixtures.small.write(toFile: file, atomically: true, encoding: .utf8)
            let importer = LegacyImporter(database: database, options: .init(errorsPath: errors, principal: .user("test"), chunkRecords: 2))
            let first = try await importer.run(files: [file])
            #expect(first.read == 6)
            #expect(first.imported == 4)
            #expect(first.rejected == 2)
            #expect(first.skipped == 0)
            #expect(first.totalsPenceByFund == ["BINS": 4500 - 1250, "CTAX": 12000 + 3000])
            let errorLines = try String(contentsOfFile: errors, encoding: .utf8).split(separator: "\r\n")
            #expect(errorLines.count == 3)
            #expect(errorLines[1].hasPrefix("4,amount,legacy.amount_fraction_of_penny"))
            #expect(errorLines[2].hasPrefix("7,receipt_reference,legacy.receipt_reference_duplicate"))
            #expect(errorLines[2].contains("line 2"))

            let second = try await importer.run(files: [file])
            #expect(second.imported == 0)
            #expect(second.skipped == 4)
            #expect(second.rejected == 2)
            let again = try String(contentsOfFile: errors, encoding: .utf8).split(separator: "\r\n")
            #expect(again.count == 3)
            #expect(again[2].contains("import batch 1 (line 2"), "the repeat of L0001 now meets the first import's record")
            #expect(try await database.count("SELECT COUNT(*) AS n FROM income_records") == 4)
            let report = try await database.verifyLedger()
            #expect(report.isIntact, "\(report)")
        }
    }
}

enum ImportFixtures {
    static let header = "receipt_reference,transaction_date,fund_code,account_reference,amount,vat_code,vat_amount,method_of_payment,narrative,payer_name,address,postcode,office,user,psp_reference,card_last4,original_receipt_reference\n"
    /// Lines 2–7: four good rows (one a refund), a fraction of a penny (line 4), a repeat of line 2 (line 7).
    static let small = header + """
        L0001,03/04/2019 10:15:00,BINS,GW-104233,45.00,OUT,0.00,CARD,Garden waste,Siobhán O'Brien,"1 High St, Town",sw1a1aa,TOWNHALL,jsmith,PSP1,4242,
        L0002,04/04/2019 11:00:00,CTAX,771234564,120.00,OUT,,CASH,,Wright-Lee,,,TOWNHALL,jsmith,,,
        L0003,05/04/2019 12:00:00,CTAX,771234564,30.001,OUT,,CASH,,Bad Row,,,TOWNHALL,jsmith,,,
        L0004,06/04/2019 09:00:00,CTAX,771234564,30.00,OUT,,CASH,,Ní Bhriain,,,TOWNHALL,jsmith,,,
        L0005,07/04/2019 09:00:00,BINS,GW-104233,-12.50,OUT,,CARD,Refund,Siobhán O'Brien,,,TOWNHALL,jsmith,,,L0001
        L0001,08/04/2019 09:00:00,BINS,GW-104233,10.00,OUT,,CARD,Repeat,Someone,,,TOWNHALL,jsmith,,,

        """
}
