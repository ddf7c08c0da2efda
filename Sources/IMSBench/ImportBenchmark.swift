import Foundation
import IMSCore
import IMSImport
import IMSInterchange
import IMSStore

/// `ims bench import`: imports a legacy file (generated, in random order by default, when none is given)
/// into SQLite or PostgreSQL and reports rows per second, the time of each pass and of building the search
/// indexes, the loading pass's own rate (records written per second), peak memory and what was imported. A speed target lives
/// here as a printed number, never in a timed test.
public struct ImportBenchmark: Sendable {
    /// A legacy CSV to import; nil generates one of `records` rows in the temporary directory.
    public var file: String?
    /// Rows to generate when no file is given.
    public var records: Int
    /// Records per transaction.
    public var chunkRecords: Int
    /// The order of a generated file's rows.
    public var order: LegacyFileGenerator.RowOrder
    /// The import's pace (`auto` chooses by whether IMS took money lately).
    public var pace: ImportPace
    /// Payments and searches to run against a running IMS on the same database while importing.
    public var alongside: LiveTraffic?

    public init(
        file: String?, records: Int, chunkRecords: Int, order: LegacyFileGenerator.RowOrder = .random, pace: ImportPace = .auto,
        alongside: LiveTraffic? = nil
    ) {
        self.file = file
        self.records = records
        self.chunkRecords = chunkRecords
        self.order = order
        self.pace = pace
        self.alongside = alongside
    }

    /// Runs the import, writing each result line to `output`. `withDatabase` opens the database, runs its
    /// body and closes it: the caller owns where the database is, and the time measured includes opening it.
    public func run(
        output: @escaping (String) -> Void,
        withDatabase: (_ body: (IMSDatabase) async throws -> LegacyImportSummary) async throws -> LegacyImportSummary
    ) async throws {
        let path: String
        var generatorMemory: Int?
        if let file {
            path = file
        } else {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("ims-bench-\(records)-\(order).csv").path
            let summary = try LegacyFileGenerator(.init(records: records, seed: 2026, endingAt: SystemWallClock().now(), order: order))
                .write(toPath: path)
            output(
                "generated \(summary.records) rows in \(order) order (\(summary.bytes / 1_048_576) MiB), \(summary.expectedRejections.values.reduce(0, +)) expected rejections"
            )
            // The generator holds every row's place to reorder the file (477 MiB at 6.5 million rows): that is
            // not the import's memory, so the peak starts again here.
            if PeakMemory.reset() { generatorMemory = PeakMemory.megabytes }
        }
        let errors = path + ".errors.csv"
        let started = ContinuousClock.now
        func importing() async throws -> LegacyImportSummary {
            try await withDatabase { store in
                if try await store.configuration().funds.isEmpty {
                    output("the database has no council yet: using the demo council's funds")
                    try await store.save(DemoCouncil.configuration)
                }
                return try await LegacyImporter(
                    database: store, options: .init(errorsPath: errors, principal: .user("bench"), chunkRecords: chunkRecords, pace: pace)
                ).run(files: [path])
            }
        }
        let summary: LegacyImportSummary
        var traffic: LiveTraffic.Result?
        if let alongside {
            (summary, traffic) = try await alongside.run(while: importing)
        } else {
            summary = try await importing()
        }
        let seconds = PaymentsBenchmark.seconds(ContinuousClock.now - started)
        output("read \(summary.read) rows: imported \(summary.imported), rejected \(summary.rejected) (\(errors)), skipped \(summary.skipped)")
        output(
            String(
                format: "import: %.1f s in all (%.1f s reading and sorting, %.1f s loading, %.1f s building search indexes), %.0f rows/s",
                seconds, summary.sortSeconds, seconds - summary.sortSeconds - summary.indexSeconds, summary.indexSeconds,
                Double(summary.read) / max(seconds, 0.001)))
        let loading = seconds - summary.sortSeconds - summary.indexSeconds
        output(String(format: "loading alone: %.0f rows/s", Double(summary.imported) / max(loading, 0.001)))
        output("pace: \(summary.pace.rawValue)")
        output("peak memory: \(PeakMemory.megabytes) MiB" + (generatorMemory.map { " (the import's own; \($0) MiB in use when it began)" } ?? ""))
        if let alongside, let traffic { alongside.report(traffic).forEach(output) }
        if file == nil { try? FileManager.default.removeItem(atPath: path) }
    }
}
