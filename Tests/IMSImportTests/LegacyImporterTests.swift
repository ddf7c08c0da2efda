import Foundation
import IMSCore
import IMSInterchange
import IMSStore
import Testing

@testable import IMSImport

@Suite("Legacy import")
struct LegacyImporterTests {
    @Test("a small file: good rows in, bad rows in the errors file, a second run skips everything", arguments: ImportTestStores.all)
    func importsOnce(_ dialect: SQLDialectKind) async throws {
        try await withImportDatabase(dialect) { database, directory in
            let file = directory + "/legacy.csv"
            let errors = directory + "/errors.csv"
            try ImportFixtures.small.write(toFile: file, atomically: true, encoding: .utf8)
            let importer = LegacyImporter(database: database, options: .init(errorsPath: errors, principal: .user("test"), chunkRecords: 2))
            let first = try await importer.run(files: [file])
            #expect(first.read == 6)
            #expect(first.imported == 4)
            #expect(first.rejected == 2)
            #expect(first.skipped == 0)
            #expect(first.totalsPenceByFund == ["BINS": 4500 - 1250, "CTAX": 12000 + 3000])
            let errorLines = try String(contentsOfFile: errors, encoding: .utf8).split(separator: "\r\n")
            #expect(errorLines.count == 3)
            #expect(errorLines[1].hasPrefix("4,amount,legacy.amount_fraction_of_penny"))
            #expect(errorLines[2].hasPrefix("7,receipt_reference,legacy.receipt_reference_duplicate"))
            #expect(errorLines[2].contains("line 2"))

            let second = try await importer.run(files: [file])
            #expect(second.imported == 0)
            #expect(second.skipped == 4)
            #expect(second.rejected == 2)
            let again = try String(contentsOfFile: errors, encoding: .utf8).split(separator: "\r\n")
            #expect(again.count == 3)
            #expect(again[2].contains("import batch 1 (line 2"), "the repeat of L0001 now meets the first import's record")
            #expect(try await database.count("SELECT COUNT(*) AS n FROM income_records") == 4)
            let report = try await database.verifyLedger()
            #expect(report.isIntact, "\(report)")
        }
    }
}

enum ImportFixtures {
    static let header =
        "receipt_reference,transaction_date,fund_code,account_reference,amount,vat_code,vat_amount,method_of_payment,narrative,payer_name,address,postcode,office,user,psp_reference,card_last4,original_receipt_reference\n"
    /// Lines 2–7: four good rows (one a refund), a fraction of a penny (line 4), a repeat of line 2 (line 7).
    static let small =
        header + """
            L0001,03/04/2019 10:15:00,BINS,GW-104233,45.00,OUT,0.00,CARD,Garden waste,Siobhán O'Brien,"1 High St, Town",sw1a1aa,TOWNHALL,jsmith,PSP1,4242,
            L0002,04/04/2019 11:00:00,CTAX,771234564,120.00,OUT,,CASH,,Wright-Lee,,,TOWNHALL,jsmith,,,
            L0003,05/04/2019 12:00:00,CTAX,771234564,30.001,OUT,,CASH,,Bad Row,,,TOWNHALL,jsmith,,,
            L0004,06/04/2019 09:00:00,CTAX,771234564,30.00,OUT,,CASH,,Ní Bhriain,,,TOWNHALL,jsmith,,,
            L0005,07/04/2019 09:00:00,BINS,GW-104233,-12.50,OUT,,CARD,Refund,Siobhán O'Brien,,,TOWNHALL,jsmith,,,L0001
            L0001,08/04/2019 09:00:00,BINS,GW-104233,10.00,OUT,,CARD,Repeat,Someone,,,TOWNHALL,jsmith,,,

            """

    /// The second pass of an import of `file` (sorted by the first), as the importer would read it.
    static func chunks(
        of file: String, batchID: Int64, chunkRecords: Int, directory: String, loaded: Int64? = nil,
        chunkBytes: Int = ChunkReader.defaultChunkBytes
    ) async throws -> ChunkReader {
        let sortFiles = directory + "/sort-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: sortFiles, withIntermediateDirectories: true)
        let legacy = try LegacyReader(path: file, knownFunds: Set(DemoCouncil.configuration.funds.map(\.code)))
        let sorted = try await SortingPass(reader: legacy, batchID: batchID, directory: sortFiles, bufferBytes: 1 << 16).run { _ in }
        return try ChunkReader(
            sorted: sorted, parser: legacy.parser, batchID: batchID, chunkRecords: chunkRecords, loaded: loaded, directory: sortFiles,
            bufferBytes: 1 << 16, chunkBytes: chunkBytes)
    }
}

@Suite("Legacy import: resume, reversal, verification")
struct LegacyImportLifecycleTests {
    @Test("an interrupted import resumes after its last committed chunk and appends to its errors file", arguments: ImportTestStores.all)
    func resumes(_ dialect: SQLDialectKind) async throws {
        try await withImportDatabase(dialect) { database, directory in
            let file = directory + "/legacy.csv"
            let errors = directory + "/errors.csv"
            try ImportFixtures.small.write(toFile: file, atomically: true, encoding: .utf8)
            // The first chunk (two records in id order: lines 2 and 3, with the rejected line 4 counted) commits;
            // then the process "dies".
            let source = ImportSource(
                fileName: "legacy.csv", fileSize: try LegacyImporter.fileSize(file),
                fingerprint: try LegacyImporter.fingerprint(file, size: try LegacyImporter.fileSize(file)), mapping: "{}")
            let start = try await database.beginImport(source, by: .user("test"))
            #expect(start.loaded == nil)
            let reader = try await ImportFixtures.chunks(of: file, batchID: start.batch.id, chunkRecords: 2, directory: directory)
            let first = try #require(try reader.nextChunk())
            _ = try await database.importChunk(first.chunk, batchID: start.batch.id, by: .user("test"))
            #expect(first.chunk.records.map { $0.record.fileLine } == [2, 3])
            #expect(first.chunk.rowsRead == 3)
            #expect(first.chunk.loadedThrough == 2)
            // What the interrupted run had written to its errors file stays there, and is not written again.
            try (LegacyErrorsFile.header.joined(separator: ",") + "\r\n1,,earlier.marker,from the first run,\r\n")
                .write(toFile: errors, atomically: true, encoding: .utf8)
            #expect(try await database.beginImport(source, by: .user("test")).loaded == 2)

            let importer = LegacyImporter(database: database, options: .init(errorsPath: errors, principal: .user("test"), chunkRecords: 2))
            let resumed = try await importer.run(files: [file])
            #expect(resumed.batches == [start.batch.id], "the same batch continues")
            #expect(resumed.read == 3, "lines 5–7 only")
            #expect(resumed.imported == 2)
            #expect(resumed.rejected == 1)
            let batch = try #require(try await database.importBatch(id: start.batch.id))
            #expect(batch.state == .complete)
            #expect(batch.rowsRead == 6)
            #expect(batch.rowsImported == 4)
            #expect(batch.rowsRejected == 2)
            #expect(batch.total == Money(pence: 4500 - 1250 + 12000 + 3000))
            #expect(try await database.count("SELECT COUNT(*) AS n FROM income_records") == 4)
            #expect(try await database.verifyLedger().isIntact)
            let errorLines = try String(contentsOfFile: errors, encoding: .utf8).split(separator: "\r\n")
            #expect(errorLines.map { $0.prefix(2) } == ["li", "1,", "7,"])
        }
    }

    @Test("issue 13: a batch an earlier version left unfinished part-way is not continued in another order, and says what to do")
    func refusesAnOldUnfinishedBatch() async throws {
        try await withImportDatabase(.sqlite) { database, directory in
            let file = directory + "/legacy.csv"
            try ImportFixtures.small.write(toFile: file, atomically: true, encoding: .utf8)
            let size = try LegacyImporter.fileSize(file)
            let source = ImportSource(
                fileName: "legacy.csv", fileSize: size, fingerprint: try LegacyImporter.fingerprint(file, size: size), mapping: "{}")
            let start = try await database.beginImport(source, by: .user("test"))
            // As version 8 left it: rows read up to a file offset, no count of records loaded in id order.
            try await database.executeBehindTheLedgersBack([
                "UPDATE import_batches SET rows_read = 2, resume_offset = 300, resume_line = 4 WHERE id = \(start.batch.id)"
            ])
            await #expect(throws: IMSError(.conflict, .importBatchNotResumable, "")) {
                try await LegacyImporter(database: database, options: .init(principal: .user("test"))).run(files: [file])
            }
            do {
                _ = try await database.beginImport(source, by: .user("test"))
            } catch let error as IMSError {
                #expect(error.reason.contains("ims import reverse \(start.batch.id)"))
            }
        }
    }

    @Test("a reversed batch posts opposite entries, stays searchable as reversed and can be imported again", arguments: ImportTestStores.all)
    func reverses(_ dialect: SQLDialectKind) async throws {
        try await withImportDatabase(dialect) { database, directory in
            let file = directory + "/legacy.csv"
            try ImportFixtures.small.write(toFile: file, atomically: true, encoding: .utf8)
            let importer = LegacyImporter(database: database, options: .init(principal: .user("test"), chunkRecords: 3))
            let first = try await importer.run(files: [file])
            let entriesBefore = try await database.count("SELECT COUNT(*) AS n FROM entries")
            let reversed = try await database.reverseImport(batchID: first.batches[0], by: .user("officer"), reason: "wrong mapping")
            #expect(reversed.state == .reversed)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entries WHERE kind = 'reversal'") == 2, "one per chunk entry")
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entries") == entriesBefore + 2)
            #expect(
                try await database.count("SELECT COUNT(*) AS n FROM account_balances WHERE account LIKE 'fund:%:MIGRATED' AND balance_pence <> 0")
                    == 0)
            var filter = TransactionFilter()
            filter.importBatches = [first.batches[0]]
            let page = try await database.transactions(matching: filter, after: nil, limit: 50)
            #expect(page.records.count == 4)
            #expect(page.records.filter { !$0.isReversed }.isEmpty)
            // The batch's state machine refuses a second reversal, by its code.
            await #expect(throws: IMSError(.conflict, .importBatchReversed, "")) {
                try await database.reverseImport(batchID: first.batches[0], by: .user("officer"), reason: "again")
            }

            let again = try await importer.run(files: [file])
            #expect(again.imported == 4, "its receipt references were freed")
            #expect(try await database.verifyLedger().isIntact)
        }
    }

    @Test("verify notices a migrated record changed behind the ledger's back", arguments: ImportTestStores.all)
    func verifyChecksRecords(_ dialect: SQLDialectKind) async throws {
        try await withImportDatabase(dialect) { database, directory in
            let file = directory + "/legacy.csv"
            try ImportFixtures.small.write(toFile: file, atomically: true, encoding: .utf8)
            _ = try await LegacyImporter(database: database, options: .init(principal: .user("test"))).run(files: [file])
            #expect(try await database.verifyLedger().isIntact)
            try await database.executeBehindTheLedgersBack([
                "UPDATE income_records SET amount_pence = amount_pence + 1 WHERE receipt_reference = 'L0002'"
            ])
            let report = try await database.verifyLedger()
            #expect(report.discrepancies.contains { $0.contains("CTAX") && $0.contains("records add up to") })
        }
    }

    @Test(
        "issue 9 item 5: moving 1p between two records of one chunk, changing a migrated payer's name, or slipping a record in under no entry is found",
        arguments: ImportTestStores.all)
    func verifyChecksEveryField(_ dialect: SQLDialectKind) async throws {
        try await withImportDatabase(dialect) { database, directory in
            let file = directory + "/legacy.csv"
            try ImportFixtures.small.write(toFile: file, atomically: true, encoding: .utf8)
            _ = try await LegacyImporter(database: database, options: .init(principal: .user("test"))).run(files: [file])
            let intact = try await database.verifyLedger()
            #expect(intact.isIntact, "\(intact.discrepancies)")
            #expect(intact.migrationDigestsChecked == 1)
            let entry = try await database.count("SELECT entry_id AS n FROM income_records WHERE receipt_reference = 'L0002'")
            let changedSincePrefix = "Migration entry \(entry): its records have changed since it was sealed"
            // L0002 (£120.00) and L0004 (£30.00) are both CTAX in the one chunk: the fund's total is unchanged.
            try await database.executeBehindTheLedgersBack([
                "UPDATE income_records SET amount_pence = amount_pence + 1 WHERE receipt_reference = 'L0002'",
                "UPDATE income_records SET amount_pence = amount_pence - 1 WHERE receipt_reference = 'L0004'",
            ])
            #expect(try await database.verifyLedger().discrepancies == ["\(changedSincePrefix) (their digest differs)"])
            try await database.executeBehindTheLedgersBack([
                "UPDATE income_records SET amount_pence = amount_pence - 1 WHERE receipt_reference = 'L0002'",
                "UPDATE income_records SET amount_pence = amount_pence + 1 WHERE receipt_reference = 'L0004'",
            ])
            #expect(try await database.verifyLedger().isIntact)
            try await database.executeBehindTheLedgersBack(["UPDATE income_records SET payer_name = 'Someone Else' WHERE receipt_reference = 'L0001'"]
            )
            #expect(try await database.verifyLedger().discrepancies == ["\(changedSincePrefix) (their digest differs)"])
            // A record slipped in under no entry at all (only a chunk of £0.00 records has none).
            try await database.executeBehindTheLedgersBack([
                "UPDATE income_records SET payer_name = 'Siobhán O''Brien' WHERE receipt_reference = 'L0001'",
                "UPDATE income_records SET entry_id = 0 WHERE receipt_reference = 'L0005'",
            ])
            #expect(try await database.verifyLedger().discrepancies.contains("1 migrated records with an amount belong to no migration entry"))
        }
    }

    @Test("issue 9 item 5: the digest a migration entry holds is sealed with it, and is the same on every engine")
    func digestSealed() async throws {
        var digests: [String] = []
        for dialect in ImportTestStores.all {
            try await withImportDatabase(dialect) { database, directory in
                let file = directory + "/legacy.csv"
                try ImportFixtures.small.write(toFile: file, atomically: true, encoding: .utf8)
                _ = try await LegacyImporter(database: database, options: .init(principal: .user("test"))).run(files: [file])
                let entry = try await database.count("SELECT entry_id AS n FROM income_records WHERE receipt_reference = 'L0002'")
                let stored = try #require(try await database.entry(id: entry)?.recordsDigest)
                #expect(stored.hasPrefix("4:"))
                digests.append(stored)
                // Changing the digest itself breaks the entry's seal (PostgreSQL seals in the background: here by hand).
                try await database.sealPending()
                try await database.executeBehindTheLedgersBack(
                    (dialect == .sqlite ? ["DROP TRIGGER entries_no_update"] : ["ALTER TABLE entries DISABLE TRIGGER USER"])
                        + ["UPDATE entries SET records_digest = '4:00' WHERE id = \(entry)"])
                #expect(try await database.verifyLedger().discrepancies.contains("Entry \(entry) has changed since it was sealed"))
            }
        }
        #expect(Set(digests).count == 1, "\(digests)")
    }

    @Test("bad input to the importer: a file that is not there, a header without the required columns, an unknown batch to reverse")
    func badInput() async throws {
        try await withImportDatabase(.sqlite) { database, directory in
            let importer = LegacyImporter(database: database, options: .init(principal: .user("test")))
            await #expect(throws: InterchangeError.self) { try await importer.run(files: [directory + "/missing.csv"]) }
            let headerless = directory + "/no-amount.csv"
            try "receipt_reference,transaction_date,fund_code,account_reference\nL1,03/04/2019 10:15:00,BINS,GW-1\n"
                .write(toFile: headerless, atomically: true, encoding: .utf8)
            do {
                _ = try await importer.run(files: [headerless])
                Issue.record("a file without an amount column was imported")
            } catch let error as InterchangeError {
                #expect(error.code == .legacyHeaderInvalid)
                #expect(error.reason.contains("amount"))
            }
            #expect(try await database.count("SELECT COUNT(*) AS n FROM income_records") == 0)
            #expect(try await database.importBatches().isEmpty, "a file refused at its header leaves no batch")
            await #expect(throws: IMSError.self) { try await database.reverseImport(batchID: 999, by: .user("test"), reason: "none such") }
        }
    }

    @Test("a file of nothing the council knows is refused before it starts when there are no funds")
    func refusesWithoutFunds() async throws {
        let empty = CouncilConfiguration(profile: DemoCouncil.configuration.profile, vatCodes: [], funds: [], methodsOfPayment: [], offices: [])
        try await ScratchDatabase.with(.sqlite, clock: FixedWallClock(Timestamp(microsecondsSince1970: 1_795_773_600_000_000)), configuration: empty)
        { database, _ in
            await #expect(throws: IMSError.self) {
                try await LegacyImporter(database: database, options: .init(principal: .user("test"))).run(files: ["/nonexistent.csv"])
            }
        }
    }
}

@Suite("Legacy import: record ids")
struct LegacyImportRecordIDTests {
    @Test("a migrated record whose id is already taken gets the next free id of its second", arguments: ImportTestStores.all)
    func collision(_ dialect: SQLDialectKind) async throws {
        try await withImportDatabase(dialect) { database, directory in
            let file = directory + "/legacy.csv"
            try ImportFixtures.small.write(toFile: file, atomically: true, encoding: .utf8)
            // The id line 2 of the first batch will ask for, taken beforehand by another record (migrated with
            // no entry, like a record written by a tool: a live record without its entry would fail verify).
            let time = try #require(try LegacyDateFormat("dd/MM/yyyy HH:mm:ss").timestamp("03/04/2019 10:15:00"))
            let wanted = RecordID.migrated(occurredAt: time, seed: UInt64(1) << 40 ^ 2)
            let squatter = TransactionRecord(
                id: wanted, occurredAt: time, kind: .payment, source: .legacy, entryID: 0, receiptReference: "X99999999",
                fund: "BINS", accountReference: "GW-000001", amount: .zero)
            _ = try await database.insertTransactionRecords([squatter])
            let summary = try await LegacyImporter(database: database, options: .init(principal: .user("test"))).run(files: [file])
            #expect(summary.batches == [1])
            #expect(summary.imported == 4)
            var filter = TransactionFilter()
            filter.receiptReferences = ["L0001"]
            let found = try #require(try await database.transactions(matching: filter, after: nil, limit: 5).records.first)
            #expect(found.id == RecordID.next(after: wanted))
            #expect(try await database.count("SELECT record_id AS n FROM legacy_receipts WHERE duplicate_key = 'L0001'") == found.id)
            #expect(try await database.verifyLedger().isIntact)
        }
    }
}

@Suite("Legacy import: mappings")
struct LegacyImportMappingTests {
    @Test("a mapping renames columns, maps fund codes and reads another date format")
    func mapped() async throws {
        try await withImportDatabase(.sqlite) { database, directory in
            let file = directory + "/old-system.csv"
            try """
            RECEIPT_NO,Trans Date,FUND,ACCOUNT,AMOUNT,PAYER
            OLD-1,03/04/2019 10:15,CT,771234564,12.00,Aoife Ní Bhriain
            OLD-2,04/04/2019 11:00,XX,771234564,5.00,Unknown Fund

            """.write(toFile: file, atomically: true, encoding: .utf8)
            let toml = """
                date_format = "dd/MM/yyyy HH:mm"
                [columns]
                RECEIPT_NO = "receipt_reference"
                "Trans Date" = "transaction_date"
                FUND = "fund_code"
                ACCOUNT = "account_reference"
                AMOUNT = "amount"
                PAYER = "payer_name"
                [funds]
                CT = "CTAX"
                """
            let options = LegacyImporter.Options(mapping: try LegacyMapping(toml: toml), mappingText: toml, principal: .user("test"))
            let summary = try await LegacyImporter(database: database, options: options).run(files: [file])
            #expect(summary.imported == 1)
            #expect(summary.rejected == 1, "XX is no fund of the council's after the mapping")
            #expect(summary.totalsPenceByFund == ["CTAX": 1200])
            var filter = try TransactionFilter(parameters: [("text", "bhri")])
            filter.funds = ["CTAX"]
            let found = try #require(try await database.transactions(matching: filter, after: nil, limit: 5).records.first)
            #expect(found.receiptReference == "OLD-1")
            #expect(found.source == .legacy)
            #expect(UKLocalTime.dateTime(of: found.occurredAt).description == "03/04/2019 10:15:00")
        }
    }
}

@Suite("Import chunks")
struct ImportChunkTests {
    @Test("issue 10: a chunk is bounded by the file's bytes as well as by records, so very long rows stay in small chunks")
    func chunksBoundedByBytes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ims-chunks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/long.csv"
        let long = String(repeating: "a long narrative ", count: 60)  // about 1 KB a row
        var text = "receipt_reference,transaction_date,fund_code,account_reference,amount,narrative\r\n"
        for row in 1...40 { text += "L\(row),01/04/2020 10:00:00,CTAX,771234564,12.50,\(long)\r\n" }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let reader = try await ImportFixtures.chunks(of: file, batchID: 1, chunkRecords: 50_000, directory: directory, chunkBytes: 8_000)
        var sizes: [Int] = []
        while let parsed = try reader.nextChunk() { sizes.append(parsed.chunk.records.count) }
        #expect(sizes.reduce(0, +) == 40)
        #expect(sizes.count >= 5)
        #expect(sizes.allSatisfy { $0 <= 9 })
    }
}
