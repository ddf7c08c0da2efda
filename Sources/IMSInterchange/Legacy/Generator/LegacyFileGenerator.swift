import Foundation
import IMSCore

/// Writes a realistic legacy income file for `ims bench generate` and for tests: the demo council's funds
/// with valid check-character references, UK names with accents and apostrophes, postcodes, amounts typical
/// of each fund, dates over 6½ years in (mostly) time order, refunds of earlier payments, multi-line quoted
/// narratives with commas and quotes, and a small share of rows that an import must reject, one fault each.
///
/// The same options give the same bytes. The summary says exactly how many rows of each kind were written,
/// so a test or a benchmark can check that an import accepted and rejected precisely those.
public struct LegacyFileGenerator: Sendable {
    /// What to generate.
    public struct Options: Sendable {
        /// Data rows to write (the header is extra).
        public var records: Int
        public var seed: UInt64
        /// The last day of the period (UK local date of this instant).
        public var endingAt: Timestamp
        /// How many days the rows cover, ending on the day of `endingAt`; 6½ years by default.
        public var days: Int
        /// The share of rows with a fault, spread evenly over `LegacyBadRowKind`s.
        public var badRowRate: Double
        /// The share of good rows that refund an earlier payment.
        public var refundRate: Double
        /// The share of rows whose narrative runs over several lines.
        public var multiLineNarrativeRate: Double
        /// The funds rows are paid to; the demo council's, without suspense, by default.
        public var funds: [FundCode]
        /// The order of the rows in the file; the same rows whatever the order.
        public var order: RowOrder

        public init(
            records: Int, seed: UInt64 = 2026, endingAt: Timestamp, days: Int = 2_374, badRowRate: Double = 0.001,
            refundRate: Double = 0.02, multiLineNarrativeRate: Double = 0.01,
            funds: [FundCode] = DemoCouncil.funds.filter { !$0.isSuspense }.map(\.code), order: RowOrder = .time
        ) {
            self.order = order
            self.records = records
            self.seed = seed
            self.endingAt = endingAt
            self.days = days
            self.badRowRate = badRowRate
            self.refundRate = refundRate
            self.multiLineNarrativeRate = multiLineNarrativeRate
            self.funds = funds
        }
    }

    public let options: Options

    public init(_ options: Options) {
        self.options = options
    }

    /// The columns in the order the generator writes them.
    public static let header: [LegacyColumn] = LegacyColumn.allCases

    /// Writes the file at `path`, replacing any file there. In an order other than time, the rows are written
    /// in time order to a file beside it first, then copied into place in their order.
    public func write(toPath path: String) throws(InterchangeError) -> LegacyFileSummary {
        let timeOrdered = options.order == .time ? path : path + ".time-ordered"
        let (sink, handle) = try CSVByteWriter.fileSink(path: timeOrdered)
        var generation = Generation(options: options, writer: CSVByteWriter(sink: sink))
        do {
            try generation.run()
            try? handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        guard options.order != .time else { return generation.summary }
        defer { try? FileManager.default.removeItem(atPath: timeOrdered) }
        try Self.reorder(file: timeOrdered, placements: generation.placements, into: path)
        return generation.summary
    }

    /// The whole file in memory, for tests and small samples.
    public func bytes() -> (bytes: [UInt8], summary: LegacyFileSummary) {
        let collector = ByteCollector()
        var generation = Generation(options: options, writer: CSVByteWriter { bytes in collector.bytes.append(contentsOf: bytes) })
        do {
            try generation.run()
        } catch {
            preconditionFailure("writing to memory cannot fail: \(error)")
        }
        guard options.order != .time else { return (collector.bytes, generation.summary) }
        return (Self.reorder(collector.bytes, placements: generation.placements), generation.summary)
    }

    private final class ByteCollector {
        var bytes: [UInt8] = []
    }
}

/// The faults the generator puts in rows that an import must reject, one fault a row.
public enum LegacyBadRowKind: String, CaseIterable, Hashable, Sendable, Codable, CodingKeyRepresentable {
    case unparseableDate = "unparseable_date"
    case unparseableAmount = "unparseable_amount"
    case fractionOfPenny = "fraction_of_penny"
    case unknownFund = "unknown_fund"
    case missingReceiptReference = "missing_receipt_reference"
    case duplicateReceiptReference = "duplicate_receipt_reference"
    case cardNumberInNarrative = "card_number_in_narrative"

    /// The rejection an import reports for this fault.
    public var code: InterchangeError.Code {
        switch self {
        case .unparseableDate: .legacyDateInvalid
        case .unparseableAmount: .legacyAmountInvalid
        case .fractionOfPenny: .legacyAmountFractionOfPenny
        case .unknownFund: .legacyFundUnknown
        case .missingReceiptReference: .legacyReceiptReferenceMissing
        case .duplicateReceiptReference: .legacyReceiptReferenceDuplicate
        case .cardNumberInNarrative: .legacyCardNumber
        }
    }
}

/// What the generator wrote.
public struct LegacyFileSummary: Hashable, Sendable, Codable {
    /// Data rows (not counting the header).
    public var records = 0
    /// Physical lines, the header included; larger than `records + 1` by the narratives' extra lines.
    public var physicalLines = 1
    public var bytes = 0
    /// Rows an import must accept, refunds included.
    public var goodRecords = 0
    public var refunds = 0
    public var multiLineRecords = 0
    /// The sum of the good rows' amounts (refunds count negative); `good_total_amount` in JSON, in pence.
    public var goodAmountTotal = Money.zero
    /// Rows an import must reject, by fault.
    public var badRecords: [LegacyBadRowKind: Int] = [:]

    public init() {}

    /// The rejections an import must report, by code.
    public var expectedRejections: [InterchangeError.Code: Int] {
        Dictionary(badRecords.map { ($0.key.code, $0.value) }, uniquingKeysWith: +)
    }

    enum CodingKeys: String, CodingKey {
        case records
        case physicalLines = "physical_lines"
        case bytes
        case goodRecords = "good_records"
        case refunds
        case multiLineRecords = "multi_line_records"
        case goodAmountTotal = "good_total_amount"
        case badRecords = "bad_records"
    }
}
