import IMSCore
import IMSStore
import IMSTestSupport
import Testing

/// Migration 10 and the bulk load's paused merging (decision 0018), SQLite's full-text table only.
@Suite("SQLite's lean full-text table (issue 13)")
struct LeanFullTextMigrationTests {
    static let oldForm = [
        "DROP TABLE income_text",
        """
        CREATE VIRTUAL TABLE income_text USING fts5(
            words, content = '', detail = none, prefix = '2 3', tokenize = 'unicode61 remove_diacritics 2')
        """,
        "DELETE FROM schema_migrations WHERE version = 10",
    ]

    static func form(_ database: IMSDatabase) async throws -> (lean: Bool, old: Bool) {
        let lean = try await database.count(
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'income_text' AND sql LIKE '%columnsize = 0%' AND sql LIKE '%''ascii''%'")
        let old = try await database.count("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'income_text' AND sql LIKE '%unicode61%'")
        return (lean == 1, old == 1)
    }

    static func matches(_ word: String, in database: IMSDatabase) async throws -> Int64 {
        try await database.count("SELECT COUNT(*) AS n FROM income_text WHERE income_text MATCH '\"\(word)\"'")
    }

    @Test("a new database gets the lean table, and finds a payer's words in it")
    func newDatabase() async throws {
        try await withTestDatabase(.sqlite) { database, _ in
            #expect(try await database.schemaVersion() == 10)
            #expect(try await Self.form(database) == (lean: true, old: false))
            _ = try await Sample.sealedLedger(database)
            #expect(try await Self.matches("brien", in: database) == 4)
            #expect(try await Self.matches("sian", in: database) == 4)
        }
    }

    @Test("a table in the old form that holds no records is made lean; one that holds records is kept, and still finds them")
    func upgrade() async throws {
        try await withTestDatabase(.sqlite) { database, location in
            try await database.executeBehindTheLedgersBack(Self.oldForm)
            let reopened = try await IMSDatabase.open(location)
            #expect(try await Self.form(reopened) == (lean: true, old: false))
            try await reopened.close()
        }
        try await withTestDatabase(.sqlite) { database, location in
            try await database.executeBehindTheLedgersBack(Self.oldForm)
            _ = try await Sample.sealedLedger(database)
            let reopened = try await IMSDatabase.open(location)
            #expect(try await reopened.schemaVersion() == 10)
            #expect(try await Self.form(reopened) == (lean: false, old: true))
            #expect(try await Self.matches("brien", in: reopened) == 4)
            try await reopened.close()
        }
    }

    @Test("a bulk load pauses merging and keeps the indexes it adds nothing to; finishing merges and builds the rest")
    func pausedMerging() async throws {
        try await withTestDatabase(.sqlite) { database, _ in
            let setting = "SELECT v AS n FROM income_text_config WHERE k = 'automerge'"
            let indexes = "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND name LIKE 'income_records_%'"
            #expect(try await database.count(setting) == 16)
            #expect(try await database.count(indexes) == 9)
            try await database.dropSearchIndexesForBulkLoad()
            #expect(try await database.count(setting) == 0)
            #expect(
                try await database.count(
                    "SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN ('income_records_original', 'income_records_entry')") == 2)
            #expect(try await database.count(indexes) == 2)
            // Words written while merging is paused (as each chunk of a load is) are found, before and after.
            _ = try await Sample.sealedLedger(database)
            #expect(try await Self.matches("brien", in: database) == 4)
            try await database.ensureSearchIndexes()
            #expect(try await database.count(setting) == 16)
            #expect(try await database.count("SELECT v AS n FROM income_text_config WHERE k = 'crisismerge'") == 16)
            #expect(try await database.count(indexes) == 9)
            #expect(try await Self.matches("brien", in: database) == 4)
        }
    }
}
