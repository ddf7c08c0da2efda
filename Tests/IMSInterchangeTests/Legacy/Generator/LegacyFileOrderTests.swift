import Foundation
import IMSCore
import IMSInterchange
import Testing

@Suite("Legacy file generator: the order of the rows")
struct LegacyFileOrderTests {
    static func options(_ order: LegacyFileGenerator.RowOrder) -> LegacyFileGenerator.Options {
        LegacyFileGenerator.Options(records: 6_000, seed: 11, endingAt: LegacyFileGeneratorTests.end, badRowRate: 0.02, order: order)
    }

    /// What a file holds, whatever its order: each accepted record's receipt, date, fund and amount, sorted.
    static func content(_ records: [LegacyRecord]) -> [String] {
        records.map { "\($0.receiptReference)|\($0.occurredAt.microsecondsSince1970)|\($0.fund)|\($0.amount.pence)" }.sorted()
    }

    @Test("issue 13: random and fund order hold the same rows as time order, and a repeated receipt still comes after its first row")
    func sameRowsInEveryOrder() throws {
        let (timeBytes, timeSummary) = LegacyFileGenerator(Self.options(.time)).bytes()
        let inTime = try LegacyFileFixture.read(String(decoding: timeBytes, as: UTF8.self))
        for order in [LegacyFileGenerator.RowOrder.random, .fund] {
            let (bytes, summary) = LegacyFileGenerator(Self.options(order)).bytes()
            #expect(summary == timeSummary, "\(order)")
            #expect(bytes.count == timeBytes.count, "\(order)")
            #expect(bytes != timeBytes, "\(order) is another order")
            let read = try LegacyFileFixture.read(String(decoding: bytes, as: UTF8.self))
            // The fixture keeps the first row of each receipt: the same rows are kept as in time order only if
            // every repeat follows the row it repeats.
            #expect(Self.content(read.records) == Self.content(inTime.records), "\(order)")
            #expect(read.records.map(\.amount).sum() == summary.goodAmountTotal, "\(order)")
            let rejected = Dictionary(read.rejections.map { ($0.code, 1) }, uniquingKeysWith: +)
            #expect(rejected == summary.expectedRejections, "\(order)")
        }
    }

    @Test("issue 13: random order is shuffled; fund order runs fund by fund, by date within each")
    func theOrders() throws {
        let shuffled = try LegacyFileFixture.read(String(decoding: LegacyFileGenerator(Self.options(.random)).bytes().bytes, as: UTF8.self))
        let earlier = zip(shuffled.records, shuffled.records.dropFirst()).filter { $0.1.occurredAt < $0.0.occurredAt }.count
        #expect(earlier > shuffled.records.count / 3, "about half the rows are older than the row before them")

        let byFund = try LegacyFileFixture.read(String(decoding: LegacyFileGenerator(Self.options(.fund)).bytes().bytes, as: UTF8.self))
        let funds = byFund.records.map(\.fund)
        let runs = zip(funds, funds.dropFirst()).filter { $0.0 != $0.1 }.count + 1
        #expect(runs < Set(funds).count + byFund.rejections.count * 2, "each fund's rows are together (repeats of another fund's receipt aside)")
        // Times within a day are drawn at random, so a row may be earlier in its day than the row before it.
        let day: Int64 = 86_400_000_000
        let descending = zip(byFund.records, byFund.records.dropFirst()).filter {
            $0.0.fund == $0.1.fund && $0.1.occurredAt.microsecondsSince1970 < $0.0.occurredAt.microsecondsSince1970 - day
        }
        #expect(descending.count <= byFund.rejections.count * 2, "within a fund, rows are in date order")
    }

    @Test("issue 13: a shuffled file on disk is the same bytes as in memory")
    func onDisk() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ims-order-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let summary = try LegacyFileGenerator(Self.options(.random)).write(toPath: path)
        let inMemory = LegacyFileGenerator(Self.options(.random)).bytes()
        #expect(summary == inMemory.summary)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(inMemory.bytes))
        #expect(!FileManager.default.fileExists(atPath: path + ".time-ordered"), "the time-ordered file is removed")
    }
}
