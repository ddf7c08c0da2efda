import ArgumentParser
import Foundation
import IMSCore
import IMSImport
import IMSInterchange
import IMSStore
import Logging

extension BenchCommand {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a legacy file (generated when --file is not given) and print rows/s, the time to build the search indexes, peak memory and what was imported.")

        @Option(help: "A legacy CSV to import (default: generate one of --records rows next to the database).")
        var file: String?

        @Option(help: "Rows to generate when no --file is given.")
        var records: Int = 100_000

        @Option(help: "Records per transaction.")
        var chunk = 50_000

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (1...100_000_000).contains(records) else { throw ValidationError("--records must be 1 to 100,000,000") }
            guard (1...1_000_000).contains(chunk) else { throw ValidationError("--chunk must be 1 to 1,000,000 records") }
        }

        func run() async throws {
            let options = database.withDefaultDataDirectory
            let path: String
            if let file {
                path = file
            } else {
                path = FileManager.default.temporaryDirectory.appendingPathComponent("ims-bench-\(records).csv").path
                let summary = try LegacyFileGenerator(.init(records: records, seed: 2026, endingAt: SystemWallClock().now())).write(toPath: path)
                Output.line("generated \(summary.records) rows (\(summary.bytes / 1_048_576) MiB), \(summary.expectedRejections.values.reduce(0, +)) expected rejections")
            }
            let errors = path + ".errors.csv"
            let started = ContinuousClock.now
            let summary = try await withDatabase(options, logger: makeLogger("ims", level: .warning)) { store in
                if try await store.configuration().funds.isEmpty {
                    Output.line("the database has no council yet: using the demo council's funds")
                    try await store.save(DemoCouncil.configuration)
                }
                return try await LegacyImporter(database: store, options: .init(errorsPath: errors, principal: .user("bench"), chunkRecords: chunk)).run(files: [path])
            }
            let seconds = PaymentsBenchmark.seconds(ContinuousClock.now - started)
            Output.line("read \(summary.read) rows: imported \(summary.imported), rejected \(summary.rejected) (\(errors)), skipped \(summary.skipped)")
            Output.line(String(format: "import: %.1f s in all (%.1f s loading, %.1f s building search indexes), %.0f rows/s",
                               seconds, seconds - summary.indexSeconds, summary.indexSeconds, Double(summary.read) / max(seconds, 0.001)))
            Output.line("peak memory: \(PeakMemory.megabytes) MiB")
            if file == nil { try? FileManager.default.removeItem(atPath: path) }
        }
    }
}

/// The process's peak resident memory.
enum PeakMemory {
    static var megabytes: Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }
}
