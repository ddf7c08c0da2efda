import Foundation
import IMSCore
import IMSInterchange
import IMSStore
import Testing

@testable import IMSImport

@Suite("Legacy import: the order of the file does not matter")
struct LegacyImportOrderTests {
    struct Outcome: Equatable {
        var imported: Int64
        var rejected: Int64
        var totals: [String: Int64]
        var rejectedByCode: [String: Int]
        var records: Int64
    }

    static let end = Timestamp(microsecondsSince1970: 1_774_972_800_000_000)

    @Test(
        "issue 13: the same rows in time, random or fund order, sorted in one buffer or in many files, import the same records and rejections",
        arguments: ImportTestStores.all)
    func sameResultInEveryOrder(_ dialect: SQLDialectKind) async throws {
        var outcomes: [String: Outcome] = [:]
        let cases: [(LegacyFileGenerator.RowOrder, Int)] = [(.time, 32 << 20), (.random, 32 << 20), (.random, 1), (.fund, 1)]
        for (order, sortBuffer) in cases {
            outcomes["\(order), sort buffer \(sortBuffer)"] = try await withImportDatabase(dialect) { database, directory in
                let file = directory + "/legacy.csv"
                let errors = directory + "/errors.csv"
                let generated = try LegacyFileGenerator(.init(records: 3_000, seed: 5, endingAt: Self.end, badRowRate: 0.03, order: order))
                    .write(toPath: file)
                let summary = try await LegacyImporter(
                    database: database,
                    options: .init(
                        errorsPath: errors, principal: .user("test"), chunkRecords: 400, sortDirectory: directory, sortBufferBytes: sortBuffer)
                ).run(files: [file])
                #expect(summary.imported == Int64(generated.goodRecords), "\(order)")
                #expect(summary.rejected == Int64(generated.badRecords.values.reduce(0, +)), "\(order)")
                #expect(summary.totalsPenceByFund.values.reduce(0, +) == generated.goodAmountTotal.pence, "\(order)")
                let errorRows = try String(contentsOfFile: errors, encoding: .utf8).split(separator: "\r\n").dropFirst()
                let codes = errorRows.compactMap { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(2).first.map(String.init) }
                let rejectedByCode = Dictionary(codes.map { ($0, 1) }, uniquingKeysWith: +)
                #expect(rejectedByCode == Dictionary(generated.expectedRejections.map { ($0.key.rawValue, $0.value) }, uniquingKeysWith: +))
                #expect(try await database.verifyLedger().isIntact, "\(order)")
                // No temporary sort files are left behind.
                #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["errors.csv", "legacy.csv"])
                return Outcome(
                    imported: summary.imported, rejected: summary.rejected, totals: summary.totalsPenceByFund, rejectedByCode: rejectedByCode,
                    records: try await database.count("SELECT COUNT(*) AS n FROM income_records"))
            }
        }
        let reference = try #require(outcomes["time, sort buffer \(32 << 20)"])
        for (name, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
            #expect(outcome == reference, "\(name) differs from the file in time order")
        }
    }
}
