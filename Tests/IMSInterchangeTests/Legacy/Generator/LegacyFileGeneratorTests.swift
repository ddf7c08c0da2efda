import Foundation
import IMSCore
import IMSInterchange
import Testing

@Suite("Legacy file generator")
struct LegacyFileGeneratorTests {
    static let end = UKLocalTimeTests.utc("2026-03-31T16:00:00Z")

    static func options(records: Int = 20_000, seed: UInt64 = 7, badRowRate: Double = 0.01) -> LegacyFileGenerator.Options {
        LegacyFileGenerator.Options(records: records, seed: seed, endingAt: end, badRowRate: badRowRate)
    }

    @Test("the same options give the same bytes; another seed gives others")
    func deterministic() {
        let first = LegacyFileGenerator(Self.options(records: 2_000)).bytes()
        let again = LegacyFileGenerator(Self.options(records: 2_000)).bytes()
        let other = LegacyFileGenerator(Self.options(records: 2_000, seed: 8)).bytes()
        #expect(first.bytes == again.bytes)
        #expect(first.summary == again.summary)
        #expect(first.bytes != other.bytes)
        #expect(first.summary.bytes == first.bytes.count)
    }

    @Test("reading the file back accepts exactly the good rows and rejects exactly the faulty ones, by kind")
    func roundTrip() throws {
        let (bytes, summary) = LegacyFileGenerator(Self.options()).bytes()
        let (records, rejections) = try LegacyFileFixture.read(String(decoding: bytes, as: UTF8.self))

        #expect(summary.records == 20_000)
        #expect(records.count == summary.goodRecords)
        #expect(summary.goodRecords + summary.badRecords.values.reduce(0, +) == summary.records)
        #expect(records.map(\.amount).sum() == summary.goodAmountTotal)
        #expect(records.filter(\.isRefund).count == summary.refunds)
        let rejectedByCode = Dictionary(rejections.map { ($0.code, 1) }, uniquingKeysWith: +)
        #expect(rejectedByCode == summary.expectedRejections)
        for kind in LegacyBadRowKind.allCases {
            #expect(summary.badRecords[kind, default: 0] > 0, "no \(kind) rows")
        }
        #expect(rejections.filter { $0.code == .legacyCardNumber }.allSatisfy { $0.reason.contains("******") && $0.column == "narrative" })
        #expect(summary.physicalLines == bytes.filter { $0 == UInt8(ascii: "\n") }.count)
        #expect(summary.multiLineRecords > 0)
    }

    @Test("rows look like a council's: valid references, refunds of earlier payments, names with accents and apostrophes")
    func realistic() throws {
        let (bytes, summary) = LegacyFileGenerator(Self.options(badRowRate: 0)).bytes()
        let (records, rejections) = try LegacyFileFixture.read(String(decoding: bytes, as: UTF8.self))
        #expect(rejections.isEmpty)
        #expect(summary.badRecords.isEmpty)

        let funds = Dictionary(uniqueKeysWithValues: DemoCouncil.funds.map { ($0.code, $0) })
        for record in records {
            let fund = try #require(funds[record.fund])
            #expect(throws: Never.self, "\(record.accountReference) for \(record.fund)") { try fund.validateReference(record.accountReference.value) }
        }
        #expect(Set(records.map(\.fund)) == Set(DemoCouncil.funds.filter { !$0.isSuspense }.map(\.code)))

        let payments = Dictionary(records.filter { !$0.isRefund }.map { ($0.receiptReference, $0) }, uniquingKeysWith: { first, _ in first })
        let refunds = records.filter(\.isRefund)
        #expect(Double(refunds.count) / Double(records.count) > 0.01)
        for refund in refunds {
            let original = try #require(payments[refund.originalReceiptReference ?? ""])
            #expect(original.line < refund.line)
            #expect(original.fund == refund.fund && original.accountReference == refund.accountReference)
            #expect(refund.amount.magnitude <= original.amount)
        }

        let names = records.compactMap(\.payerName)
        #expect(names.contains { $0.contains("'") })
        #expect(names.contains { $0.contains("-") })
        #expect(names.contains { $0.unicodeScalars.contains { !$0.isASCII } })
        #expect(records.contains { $0.narrative?.contains("\n") == true && $0.narrative?.contains("\"") == true })
        #expect(records.allSatisfy { $0.postcode?.contains(" ") == true })
    }

    @Test("dates run over 6½ years to the end date, mostly in order, and never in an hour the clocks skip or repeat")
    func dates() throws {
        let (bytes, _) = LegacyFileGenerator(Self.options(records: 5_000, badRowRate: 0)).bytes()
        let records = try LegacyFileFixture.read(String(decoding: bytes, as: UTF8.self)).records
        let first = try #require(records.first).occurredAt
        let last = try #require(records.last).occurredAt
        #expect(UKLocalTime.dateTime(of: first).year == 2019)
        #expect(UKLocalTime.dateTime(of: last).description.hasPrefix("31/03/2026"))
        let outOfOrder = zip(records, records.dropFirst()).filter { $0.1.occurredAt < $0.0.occurredAt }.count
        #expect(outOfOrder < records.count / 2)
        #expect(records.allSatisfy { UKLocalTime.dateTime(of: $0.occurredAt).hour >= 6 })
    }

    @Test("a generated file on disk reads back through the file reader")
    func file() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ims-generate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("legacy.csv").path
        let generator = LegacyFileGenerator(Self.options(records: 3_000))
        let summary = try generator.write(toPath: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(generator.bytes().bytes))

        let reader = try LegacyReader(path: path, knownFunds: LegacyFileFixture.funds)
        var good = 0
        var rejected = 0
        while let row = try reader.next() {
            if case .record = row { good += 1 } else { rejected += 1 }
        }
        #expect(good + rejected == summary.records)
        #expect(rejected == summary.badRecords.values.reduce(0, +) - summary.badRecords[.duplicateReceiptReference, default: 0])
        #expect(reader.bytesRead == summary.bytes)
    }
}
