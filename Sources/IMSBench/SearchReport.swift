import Foundation

/// What `ims bench search` prints: per kind of query its count and p50/p95/p99, the worst p95 of indexed
/// lookups and of text searches against the targets, overall queries per second and the export's rows per
/// second; as labelled lines or as one JSON object.
public struct SearchReport: Encodable {
    struct Kind: Encodable {
        let kind: String
        let n: Int
        let found: Int
        let p50Ms: Double
        let p95Ms: Double
        let p99Ms: Double
    }

    struct CSVExport: Encodable {
        let fundCode: String
        let year: Int
        let rows: Int
        let bytes: Int
        let seconds: Double
        let rowsPerSecond: Double
    }

    let sampledRecords: Int
    let concurrency: Int
    let kinds: [Kind]
    let missingKinds: [String]
    let indexedP95Ms: Double
    let textP95Ms: Double
    let requests: Int
    let seconds: Double
    let queriesPerSecond: Double
    let csvExport: CSVExport
    /// The first 20 requests that failed; any makes the command exit 1.
    public let failures: [String]

    init(
        sample: SearchSample, result: SearchBenchmark.Result, export: SearchBenchmark.Export, exportFundYear: SearchSample.FundYear,
        missing: [SearchQueryKind], concurrency: Int
    ) {
        sampledRecords = sample.records
        self.concurrency = concurrency
        kinds = SearchQueryKind.allCases.compactMap { kind in
            guard let timings = result.timings[kind], !timings.milliseconds.isEmpty else { return nil }
            return Kind(
                kind: kind.rawValue, n: timings.milliseconds.count, found: timings.withResults,
                p50Ms: Self.percentile(timings, 0.50), p95Ms: Self.percentile(timings, 0.95), p99Ms: Self.percentile(timings, 0.99))
        }
        missingKinds = missing.map(\.rawValue)
        func worstP95(indexed: Bool) -> Double {
            SearchQueryKind.allCases.filter { $0.isIndexedLookup == indexed }.compactMap { result.timings[$0] }.map { Self.percentile($0, 0.95) }
                .max() ?? 0
        }
        indexedP95Ms = worstP95(indexed: true)
        textP95Ms = worstP95(indexed: false)
        requests = result.requests
        seconds = result.elapsedSeconds
        queriesPerSecond = Double(result.requests) / max(result.elapsedSeconds, 0.001)
        csvExport = CSVExport(
            fundCode: exportFundYear.fund, year: exportFundYear.year, rows: export.rows, bytes: export.bytes,
            seconds: export.seconds, rowsPerSecond: Double(export.rows) / max(export.seconds, 0.001))
        failures = Array(result.failures.prefix(20))
    }

    private static func percentile(_ timings: SearchBenchmark.Timings, _ fraction: Double) -> Double {
        PaymentsBenchmark.percentile(timings.milliseconds, fraction)
    }

    public func lines() -> [String] {
        func ms(_ value: Double) -> String { String(format: "%.1f ms", value) }
        var lines = ["sampled \(sampledRecords) records; \(kinds.count) kinds of query, concurrency \(concurrency)"]
        lines += kinds.map { "\($0.kind): n=\($0.n) p50 \(ms($0.p50Ms)) p95 \(ms($0.p95Ms)) p99 \(ms($0.p99Ms)) (found records \($0.found)/\($0.n))" }
        lines += missingKinds.map { "\($0): no values in the sample, not run" }
        lines.append("indexed lookups: worst p95 \(ms(indexedP95Ms)) (target under 20 ms)")
        lines.append("text searches: worst p95 \(ms(textP95Ms)) (target under 100 ms)")
        lines.append("overall: \(requests) queries in \(String(format: "%.2f", seconds)) s: \(String(format: "%.1f", queriesPerSecond)) queries/s")
        lines.append(
            "csv export (\(csvExport.fundCode) \(csvExport.year)): \(csvExport.rows) rows, \(csvExport.bytes / 1024) KiB in \(String(format: "%.2f", csvExport.seconds)) s: \(Int(csvExport.rowsPerSecond)) rows/s"
        )
        lines += failures.map { "failed: \($0)" }
        return lines
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
