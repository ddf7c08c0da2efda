import ArgumentParser
import IMSBench
import IMSCore
import IMSImport
import IMSInterchange
import IMSStore
import Logging

extension BenchCommand {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract:
                "Import a legacy file (generated when --file is not given) and print rows/s, the time to build the search indexes, peak memory and what was imported."
        )

        @Option(help: "A legacy CSV to import (default: generate one of --records rows next to the database).")
        var file: String?

        @Option(help: "Rows to generate when no --file is given.")
        var records: Int = 100_000

        @Option(help: "Records per transaction.")
        var chunk = LegacyImporter.Options.defaultChunkRecords

        @Option(help: "The order of the generated file's rows: time, random or fund.")
        var order: LegacyFileGenerator.RowOrder = .random

        @Option(help: "live, bulk or auto (see ims import legacy --help).")
        var pace = ImportPace.auto

        @Option(
            help: """
                The URL of an IMS serving the same database: payments (concurrency 4) and searches run against it while \
                importing, and their times are printed.
                """)
        var alongside: String?

        @Option(
            name: .customLong("api-key"),
            help: "A key with payments:create, payments:read and transactions:read for --alongside (default: make one in the database).")
        var apiKey: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (1...100_000_000).contains(records) else { throw ValidationError("--records must be 1 to 100,000,000") }
            guard (1...1_000_000).contains(chunk) else { throw ValidationError("--chunk must be 1 to 1,000,000 records") }
            if let alongside, !(alongside.hasPrefix("http://") || alongside.hasPrefix("https://")) {
                throw ValidationError("--alongside must be the URL of a running IMS, such as http://127.0.0.1:8080")
            }
        }

        func run() async throws {
            ProcessMemory.limitAllocatorArenas()
            let options = database.withDefaultDataDirectory
            var traffic: LiveTraffic?
            if let alongside {
                var key = apiKey ?? ""
                if apiKey == nil {
                    key = try await withDatabase(options, logger: makeLogger("ims", level: .warning)) { store in
                        try await store.createAPIKey(service: "bench", permissions: [.paymentsCreate, .paymentsRead, .transactionsRead], funds: [])
                            .1.value
                    }
                }
                traffic = LiveTraffic(baseURL: alongside, apiKey: key)
            }
            let benchmark = ImportBenchmark(file: file, records: records, chunkRecords: chunk, order: order, pace: pace, alongside: traffic)
            try await benchmark.run(output: Output.line) { body in
                try await withDatabase(options, logger: makeLogger("ims", level: .warning), body)
            }
        }
    }
}
