import Foundation
import IMSCore
import IMSStore
import Testing

@testable import IMSImport

@Suite("Legacy import: the first occurrence of a receipt reference wins")
struct LegacyImportDuplicateTests {
    /// Lines 2–8. Every repeat is dated earlier than the row it repeats, so its record id sorts before the
    /// first occurrence's: an engine that claims keys in id order keeps the later row.
    static let file =
        ImportFixtures.header + """
            D0001,20/06/2019 10:00:00,CTAX,771234564,100.00,OUT,,CASH,,First Payer,,,TOWNHALL,jsmith,,,
            D0002,01/05/2019 10:00:00,BINS,GW-104233,20.00,OUT,,CARD,,First Payer,,,TOWNHALL,jsmith,,,
            D0001,01/04/2019 10:00:00,CTAX,771234564,1.00,OUT,,CASH,,Later Payer,,,TOWNHALL,jsmith,,,
            D0003,15/06/2019 10:00:00,BINS,GW-104233,7.00,OUT,,CARD,,First Payer,,,TOWNHALL,jsmith,,,
            D0002,02/04/2019 10:00:00,BINS,GW-104233,3.00,OUT,,CARD,,Later Payer,,,TOWNHALL,jsmith,,,
            D0003,03/04/2019 10:00:00,CTAX,771234564,5.00,OUT,,CASH,,Later Payer,,,TOWNHALL,jsmith,,,
            D0001,02/04/2019 11:00:00,BINS,GW-104233,9.00,OUT,,CARD,,Later Payer,,,TOWNHALL,jsmith,,,

            """

    struct Outcome: Equatable {
        var imported: Int64
        var rejected: Int64
        var totals: [String: Int64]
        var errors: String
        var keptPayers: Int64
    }

    @Test("issue 9 item 5: the same file with repeats within and across chunks gives the same errors file and totals on every engine and chunking")
    func firstOccurrenceWins() async throws {
        var outcomes: [String: Outcome] = [:]
        for dialect in ImportTestStores.all {
            for chunk in [1, 2, 3, 50_000] {
                outcomes["\(dialect) chunk \(chunk)"] = try await withImportDatabase(dialect) { database, directory in
                    let file = directory + "/legacy.csv"
                    let errors = directory + "/errors.csv"
                    try Self.file.write(toFile: file, atomically: true, encoding: .utf8)
                    let summary = try await LegacyImporter(
                        database: database, options: .init(errorsPath: errors, principal: .user("test"), chunkRecords: chunk)
                    ).run(files: [file])
                    #expect(try await database.verifyLedger().isIntact)
                    return Outcome(
                        imported: summary.imported, rejected: summary.rejected, totals: summary.totalsPenceByFund,
                        errors: try String(contentsOfFile: errors, encoding: .utf8),
                        keptPayers: try await database.count("SELECT COUNT(*) AS n FROM income_records WHERE payer_name = 'First Payer'"))
                }
            }
        }
        let reference = try #require(outcomes["\(SQLDialectKind.sqlite) chunk 1"])
        #expect(reference.imported == 3)
        #expect(reference.rejected == 4)
        #expect(reference.totals == ["CTAX": 100_00, "BINS": 27_00])
        #expect(reference.keptPayers == 3)
        let errorLines = reference.errors.split(separator: "\r\n").dropFirst()
        #expect(errorLines.map { $0.prefix(2) } == ["4,", "6,", "7,", "8,"])
        for (line, first) in zip(errorLines, [2, 3, 5, 2]) {
            #expect(line.contains("legacy.receipt_reference_duplicate") && line.contains("line \(first)"), "\(line)")
        }
        for (name, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
            #expect(outcome == reference, "\(name) differs from SQLite imported a row at a time")
        }
    }
}
