import Foundation
import IMSCore
import IMSInterchange

/// `ims bench generate`: writes a realistic legacy income file (for `ims import legacy` and
/// `ims bench import`) and reports how fast it was written and what it holds, bad rows by kind.
public struct GenerateBenchmark: Sendable {
    public var options: LegacyFileGenerator.Options
    /// Where the CSV is written.
    public var path: String

    public init(options: LegacyFileGenerator.Options, path: String) {
        self.options = options
        self.path = path
    }

    /// Writes the file; returns the lines to print.
    public func run() throws -> [String] {
        let started = ContinuousClock.now
        let summary = try LegacyFileGenerator(options).write(toPath: path)
        let seconds = PaymentsBenchmark.seconds(ContinuousClock.now - started)
        let bad = summary.badRecords.map { "\($0.key): \($0.value)" }.sorted().joined(separator: ", ")
        return [
            "wrote \(summary.records) rows (\(summary.physicalLines) lines, \(summary.bytes / 1_048_576) MiB) to \(path) in \(String(format: "%.1f", seconds)) s (\(Int(Double(summary.records) / max(seconds, 0.001))) rows/s)",
            "good rows: \(summary.goodRecords) (refunds \(summary.refunds)), total \(summary.goodAmountTotal.formatted)",
            "bad rows: \(summary.badRecords.values.reduce(0, +)) (\(bad))",
        ]
    }
}
