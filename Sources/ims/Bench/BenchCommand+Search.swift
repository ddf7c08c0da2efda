import ArgumentParser
import Foundation
import IMSCore
import IMSStore
import Logging

extension BenchCommand {
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time a fixed, seeded mix of searches for values sampled from the database (receipts, account references, postcodes, amounts, surnames…) through GET /api/v1/transactions of a running IMS, and a CSV export of one fund's year; print p50/p95/p99 per kind and queries/s.")

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
                    service: "bench", permissions: [.transactionsRead, .transactionsExport], funds: [], at: SystemWallClock().now()).1.value
                return (sample, key)
            }
            let mix = SearchQueryMix(sample: sample, perKind: queries)
            let (searches, missing) = mix.queries(random: &random)
            let exportFundYear = try mostCommonFundYear(sample)
            let benchmark = SearchBenchmark(baseURL: url, apiKey: key, concurrency: concurrency)
            let result = try await benchmark.run(searches)
            let export = try await benchmark.export(mix.fundYear(exportFundYear))
            let report = SearchReport(sample: sample, result: result, export: export, exportFundYear: exportFundYear, missing: missing, concurrency: concurrency)
            if json { Output.line(try report.json()) } else { report.lines().forEach(Output.line) }
            if !result.failures.isEmpty { throw ExitCode(1) }
        }

        /// The fund and year with the most sampled records: the export worth timing.
        private func mostCommonFundYear(_ sample: SearchSample) throws -> SearchSample.FundYear {
            let counts = Dictionary(sample.fundYears.map { ($0, 1) }, uniquingKeysWith: +)
            guard let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : ($0.key.fund, $0.key.year) > ($1.key.fund, $1.key.year) }) else {
                throw IMSError(.notFound, .benchNoRecords, "No records were sampled")
            }
            return best.key
        }
    }
}
