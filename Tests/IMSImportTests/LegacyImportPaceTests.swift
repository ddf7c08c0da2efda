import Foundation
import IMSCore
import IMSInterchange
import IMSStore
import Testing

@testable import IMSImport

@Suite("Legacy import alongside a running IMS (issue 13)")
struct LegacyImportPaceTests {
    /// 4,500 good rows, a hundred a day from 10:00 through 45 days of autumn 2023: larger than the table, so a
    /// bulk load drops the indexes.
    static func file(in directory: String) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "dd/MM/yyyy"
        var text = ImportFixtures.header
        for row in 0..<4_500 {
            let day = formatter.string(from: Date(timeIntervalSince1970: 1_700_000_000 - Double(row / 100) * 86_400))
            let time = String(format: "%02d:%02d:00", 10 + row % 100 / 60, row % 60)
            text += "P\(100_000 + row),\(day) \(time),CTAX,771234564,12.00,OUT,,CASH,,Payer \(row),,,TOWNHALL,jsmith,,,\n"
        }
        let path = directory + "/pace.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A counter payment recorded now, as a running IMS would have.
    static func takeAPayment(_ database: IMSDatabase) async throws {
        let content = EntryContent(
            kind: .payment, occurredAt: Timestamp(microsecondsSince1970: 1_795_773_600_000_000), recordedBy: .user("cashier.alice"),
            origin: Origin(channel: "counter", office: "TOWNHALL", methodOfPayment: "CASH"), payer: PayerDetails(name: "Seán D'Souza"),
            lines: [
                EntryLine(account: .fund("CTAX", AccountReference(normalising: "771234564")), amount: Money(pence: -800), vatCode: "OUT"),
                EntryLine(account: .clearing("CASH"), amount: Money(pence: 800)),
            ])
        _ = try await database.append(content, idempotencyKey: nil)
    }

    final class Messages: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ progress: ImportProgress) {
            guard case .message(let text) = progress else { return }
            lock.withLock { lines.append(text) }
        }
        var all: [String] { lock.withLock { lines } }
    }

    @Test("auto: after a payment, short transactions and the search indexes kept", arguments: ImportTestStores.all)
    func liveAfterAPayment(_ dialect: SQLDialectKind) async throws {
        try await withImportDatabase(dialect) { database, directory in
            let file = try Self.file(in: directory)
            try await Self.takeAPayment(database)
            #expect(try await database.hasLiveActivity(withinLast: ImportPace.recentActivitySeconds))
            let messages = Messages()
            let importer = LegacyImporter(database: database, options: .init(principal: .user("test")))
            let summary = try await importer.run(files: [file], progress: messages.add)
            #expect(summary.pace == .live)
            #expect(summary.imported == 4_500)
            #expect(!messages.all.contains { $0.contains("dropping search indexes") }, "\(messages.all)")
            #expect(messages.all.contains { $0.contains("alongside a running IMS") })
            // Short transactions (a migration entry each), not the bulk pace's one of up to 25,000 records.
            #expect(try await database.count("SELECT COUNT(*) AS n FROM import_batch_entries") >= 3)
            #expect(try await database.count("SELECT MAX(records) AS n FROM import_batch_entries") <= Int64(ChunkPacing.liveRecords.upperBound))
            #expect(try await database.verifyLedger().isIntact)
        }
    }

    @Test("auto: with no payment lately, bulk: one transaction and the indexes built at the end", arguments: ImportTestStores.all)
    func bulkWhenQuiet(_ dialect: SQLDialectKind) async throws {
        try await withImportDatabase(dialect) { database, directory in
            let file = try Self.file(in: directory)
            #expect(try await !database.hasLiveActivity(withinLast: ImportPace.recentActivitySeconds))
            let messages = Messages()
            let importer = LegacyImporter(database: database, options: .init(principal: .user("test")))
            let summary = try await importer.run(files: [file], progress: messages.add)
            #expect(summary.pace == .bulk)
            #expect(summary.imported == 4_500)
            #expect(messages.all.contains { $0.contains("dropping search indexes") }, "\(messages.all)")
            #expect(try await database.count("SELECT COUNT(*) AS n FROM import_batch_entries") == 1)
        }
    }

    @Test("live when asked, even on a quiet database; bulk when asked, even after a payment", arguments: ImportTestStores.all)
    func asAsked(_ dialect: SQLDialectKind) async throws {
        try await withImportDatabase(dialect) { database, directory in
            let file = try Self.file(in: directory)
            let live = try await LegacyImporter(database: database, options: .init(principal: .user("test"), pace: .live)).run(files: [file])
            #expect(live.pace == .live)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM import_batch_entries") >= 3)
        }
        try await withImportDatabase(dialect) { database, directory in
            let file = try Self.file(in: directory)
            try await Self.takeAPayment(database)
            let bulk = try await LegacyImporter(database: database, options: .init(principal: .user("test"), pace: .bulk)).run(files: [file])
            #expect(bulk.pace == .bulk)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM import_batch_entries") == 1)
        }
    }

    @Test("a payment longer ago than the window does not make an import live", arguments: ImportTestStores.all)
    func oldActivity(_ dialect: SQLDialectKind) async throws {
        let clock = FixedWallClock(Timestamp(microsecondsSince1970: 1_795_773_600_000_000))
        try await ScratchDatabase.with(dialect, clock: clock) { database, _ in
            try await Self.takeAPayment(database)
            clock.advance(seconds: ImportPace.recentActivitySeconds)
            #expect(try await database.hasLiveActivity(withinLast: ImportPace.recentActivitySeconds), "15 minutes ago is recent")
            clock.advance(seconds: 1)
            #expect(try await !database.hasLiveActivity(withinLast: ImportPace.recentActivitySeconds), "15 minutes and a second is not")
        }
    }
}

@Suite("Live import pacing")
struct ChunkPacingTests {
    @Test("bulk: the chunk size asked for, and no pause")
    func bulk() {
        var pacing = ChunkPacing(live: false, chunkRecords: 25_000)
        #expect(pacing.records == 25_000)
        #expect(pacing.pause(afterWriting: 25_000, waited: .milliseconds(500), held: .seconds(1), dataVersion: 3) == .zero)
        #expect(pacing.records == 25_000)
    }

    @Test("live and alone: chunks grow towards the quiet hold, with a short pause")
    func quiet() {
        var pacing = ChunkPacing(live: true, chunkRecords: 25_000)
        #expect(pacing.records == 200)
        #expect(pacing.pause(afterWriting: 200, waited: .zero, held: .milliseconds(10), dataVersion: 7) == ChunkPacing.quiet.pause)
        #expect(pacing.records == 400, "doubled at most at a time")
        #expect(pacing.pause(afterWriting: 400, waited: .zero, held: .milliseconds(50), dataVersion: 7) == ChunkPacing.quiet.pause)
        #expect(pacing.records == 800)
        #expect(pacing.pause(afterWriting: 800, waited: .zero, held: .milliseconds(200), dataVersion: 7) == ChunkPacing.quiet.pause)
        #expect(pacing.records == 400, "halved to hold the lock about 100 ms")
    }

    @Test("live and shared: once another writer commits or holds the lock, short chunks and a pause as long")
    func shared() {
        var pacing = ChunkPacing(live: true, chunkRecords: 25_000)
        _ = pacing.pause(afterWriting: 200, waited: .zero, held: .milliseconds(50), dataVersion: 7)
        // A payment committed since: data_version moved.
        #expect(pacing.pause(afterWriting: 1_000, waited: .zero, held: .milliseconds(100), dataVersion: 8) == .milliseconds(100))
        #expect(pacing.records == 150, "15%, to hold the lock 15 ms")
        // Nobody committed, but the chunk waited for the lock.
        #expect(pacing.pause(afterWriting: 200, waited: .milliseconds(30), held: .milliseconds(10), dataVersion: 8) == ChunkPacing.shared.pause)
        #expect(pacing.records == 300)
        // Quiet again.
        #expect(pacing.pause(afterWriting: 400, waited: .zero, held: .milliseconds(20), dataVersion: 8) == ChunkPacing.quiet.pause)
        // PostgreSQL has no data_version: always shared.
        var postgres = ChunkPacing(live: true, chunkRecords: 25_000)
        #expect(postgres.pause(afterWriting: 200, waited: .zero, held: .milliseconds(5), dataVersion: nil) == ChunkPacing.shared.pause)
    }

    @Test("never below 20 records, nor above the chunk size asked for")
    func bounds() {
        var small = ChunkPacing(live: true, chunkRecords: 300)
        #expect(small.records == 200)
        _ = small.pause(afterWriting: 200, waited: .zero, held: .milliseconds(1), dataVersion: 1)
        #expect(small.records == 300)
        var slow = ChunkPacing(live: true, chunkRecords: 25_000)
        _ = slow.pause(afterWriting: 20, waited: .zero, held: .seconds(5), dataVersion: 1)
        #expect(slow.records == ChunkPacing.liveRecords.lowerBound)
    }
}
