import ArgumentParser
import IMSBench
import IMSCore
import IMSStore
import Logging

extension BenchCommand {
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Time a fixed, seeded mix of searches for values sampled from the database (receipts, account references, postcodes, amounts, surnames…) through GET /api/v1/transactions of a running IMS, and a CSV export of one fund's year; print p50/p95/p99 per kind and queries/s."
        )

        @Option(help: "The running IMS (ims demo or ims serve) over the same database.")
        var url: String = "http://127.0.0.1:8080"

        @Option(help: "How many queries of each kind.")
        var queries: Int = 200

        @Option(help: "How many queries at once.")
        var concurrency: Int = 4

        @Option(help: "The random seed (the same seed over the same database makes the same queries).")
        var seed: UInt64 = 2026

        @Option(name: .customLong("api-key"), help: "A key with transactions:read and transactions:export (default: make one in the database).")
        var apiKey: String?

        @Flag(help: "Print only the results, as one JSON object.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (1...100_000).contains(queries) else { throw ValidationError("--queries must be 1 to 100,000") }
            guard (1...1_000).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 1,000") }
        }

        func run() async throws {
            var random = SeededRandom(seed: seed)
            let (sample, key) = try await withDatabase(database.withDefaultDataDirectory, logger: makeLogger("ims", level: .warning)) { store in
                let sample = try await SearchSample.read(from: store, points: 500, perPoint: 20, random: &random)
                if let apiKey { return (sample, apiKey) }
                let key = try await store.createAPIKey(
                    service: "bench", permissions: [.transactionsRead, .transactionsExport], funds: []
                ).1.value
                return (sample, key)
            }
            let report = try await SearchBenchmark.measure(
                sample: sample, baseURL: url, apiKey: key, queriesPerKind: queries, concurrency: concurrency, random: &random)
            if json { Output.line(try report.json()) } else { report.lines().forEach(Output.line) }
            if !report.failures.isEmpty { throw ExitCode(1) }
        }
    }
}
