import ArgumentParser
import IMSBench
import IMSCore
import IMSInterchange
import IMSStore
import Logging

/// `ims bench …`: parses the options and runs the benchmarks of IMSBench, printing their numbers.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print numbers.",
        subcommands: [Payments.self, Generate.self, Import.self, Search.self])

    struct Payments: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Drive N whole payments (create → IMS page → sandbox card page → return → confirm) against a running IMS; print payments/s and latency percentiles."
        )

        @Option(
            help: """
                The running IMS (ims demo). Each payer comes from an address of their own in X-Forwarded-For: start it with \
                IMS_TRUSTED_PROXIES=127.0.0.1, or the public pages' limit per address refuses most of them.
                """)
        var url: String = "http://127.0.0.1:8080"

        @Option(help: "How many payments.")
        var count: Int = 200

        @Option(help: "How many at once.")
        var concurrency: Int = 8

        @Option(name: .customLong("api-key"), help: "A key with payments:create and payments:read (default: make one in the data directory).")
        var apiKey: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (1...1_000_000).contains(count) else { throw ValidationError("--count must be 1 to 1,000,000") }
            guard (1...1_000).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 1,000") }
        }

        func run() async throws {
            let key: String
            if let apiKey {
                key = apiKey
            } else {
                key = try await withDatabase(database.withDefaultDataDirectory, logger: makeLogger("ims", level: .warning)) { store in
                    try await store.createAPIKey(service: "bench", permissions: [.paymentsCreate, .paymentsRead], funds: []).1.value
                }
            }
            let benchmark = PaymentsBenchmark(baseURL: url, apiKey: key, count: count, concurrency: concurrency)
            let result = try await benchmark.run()
            benchmark.report(result).forEach(Output.line)
            if !result.failed.isEmpty { throw ExitCode(1) }
        }
    }
}

extension BenchCommand {
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write a realistic legacy income CSV (the demo council's funds, valid references, 6½ years, refunds, multi-line narratives, a small share of bad rows of every kind)."
        )

        @Option(help: "How many rows.")
        var records: Int = 100_000

        @Option(help: "Where to write the CSV.")
        var out: String

        @Option(help: "The random seed (the same seed writes the same file).")
        var seed: UInt64 = 2026

        @Option(name: .customLong("bad-row-rate"), help: "The share of rows with a fault.")
        var badRowRate: Double = 0.001

        @Option(help: "The order of the rows: time (by date), random (shuffled, as exports by receipt or account number are) or fund.")
        var order: LegacyFileGenerator.RowOrder = .random

        @Option(
            name: .customLong("end-date"),
            help: "The UK day the history ends at the start of, YYYY-MM-DD (default: now); the rows cover the 6½ years before.")
        var endDate: String?

        func validate() throws {
            guard (1...100_000_000).contains(records) else { throw ValidationError("--records must be 1 to 100,000,000") }
            guard (0...1).contains(badRowRate) else { throw ValidationError("--bad-row-rate must be from 0 to 1") }
            _ = try endingAt()
        }

        /// The end of the history: the start of `--end-date` in UK time, or now.
        private func endingAt() throws -> Timestamp {
            guard let endDate else { return SystemWallClock().now() }
            let parts = endDate.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, endDate.count == 10,
                let start = UKLocalTime.timestamp(UKLocalTime.DateTime(year: parts[0], month: parts[1], day: parts[2]))
            else {
                throw ValidationError("--end-date must be a real date as YYYY-MM-DD, e.g. 2025-03-31")
            }
            return start
        }

        func run() async throws {
            let options = LegacyFileGenerator.Options(records: records, seed: seed, endingAt: try endingAt(), badRowRate: badRowRate, order: order)
            try GenerateBenchmark(options: options, path: out).run().forEach(Output.line)
        }
    }
}

extension LegacyFileGenerator.RowOrder: ExpressibleByArgument {}
