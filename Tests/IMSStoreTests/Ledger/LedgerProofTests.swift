import IMSCore
import IMSStore
import IMSTestSupport
import Testing

@Suite("Ledger proof: the head kept outside, TRUNCATE refused, search records checked against their lines")
struct LedgerProofTests {
    private func ledger(_ database: IMSDatabase) async throws -> [Entry] { try await Sample.sealedLedger(database) }

    /// What someone with direct database access and the tables' owner's rights could do.
    private func disableGuards(_ dialect: SQLDialectKind) -> [String] {
        dialect == .sqlite
            ? ["DROP TRIGGER entry_lines_no_delete", "DROP TRIGGER entries_no_delete", "DROP TRIGGER ledger_seals_no_delete"]
            : [
                "ALTER TABLE entry_lines DISABLE TRIGGER USER", "ALTER TABLE entries DISABLE TRIGGER USER",
                "ALTER TABLE ledger_seals DISABLE TRIGGER USER",
            ]
    }

    @Test(
        "issue 9 item 5: deleting the newest entry with its seal (triggers dropped, balances recomputed) fails verify against the head kept earlier",
        arguments: TestStores.all)
    func truncatedChain(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let entries = try await ledger(database)
            let head = try #require(try await database.ledgerHead())
            #expect(head.position == Int64(entries.count))
            #expect(LedgerHead(parsing: head.description) == head)
            #expect(try await database.verifyLedger(head: head).isIntact)
            #expect(try await database.verifyLedger(head: head).head == head)

            let newest = entries[3].id
            try await database.executeBehindTheLedgersBack(
                disableGuards(dialect) + [
                    "DELETE FROM income_records WHERE entry_id = \(newest)",
                    "DELETE FROM entry_lines WHERE entry_id = \(newest)",
                    "DELETE FROM ledger_seals WHERE entry_id = \(newest)",
                    "DELETE FROM entries WHERE id = \(newest)",
                    "DELETE FROM account_balances",
                    "INSERT INTO account_balances (account, balance_pence) SELECT account, SUM(amount_pence) FROM entry_lines GROUP BY account",
                ])
            // The shorter chain is intact in itself: only the head recorded outside shows what is missing.
            #expect(try await database.verifyLedger().isIntact)
            let checked = try await database.verifyLedger(head: head)
            #expect(
                checked.discrepancies == [
                    "The ledger no longer holds the head recorded earlier (\(head)): its newest seal is at position 3, so sealed entries have been removed"
                ])
        }
    }

    @Test("issue 9 item 5: a head whose hash the chain does not hold at its position fails verify", arguments: TestStores.all)
    func rewrittenChain(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            _ = try await ledger(database)
            let head = try #require(try await database.ledgerHead())
            let other = LedgerHead(position: 2, chainHash: String(repeating: "ab", count: 32))
            #expect(
                try await database.verifyLedger(head: other).discrepancies == [
                    "Seal 2 is not the head recorded earlier (\(other)): the chain has been rewritten"
                ])
            #expect(try await database.verifyLedger(head: LedgerHead(position: 2, chainHash: head.chainHash)).isIntact == false)
        }
    }

    @Test("issue 9 item 5: a head is POSITION and 64 hex digits; anything else is refused")
    func parsing() {
        let hash = String(repeating: "0f", count: 32)
        #expect(LedgerHead(parsing: "12 \(hash)") == LedgerHead(position: 12, chainHash: hash))
        #expect(LedgerHead(parsing: "  12\t\(hash.uppercased())\n") == LedgerHead(position: 12, chainHash: hash))
        for bad in [
            "", "12", hash, "0 \(hash)", "-1 \(hash)", "12 \(hash.dropLast())", "12 \(hash)0", "12 \(hash) 3", "x \(hash)", "12 \(hash.dropLast())g",
        ] {
            #expect(LedgerHead(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("issue 9 item 5: PostgreSQL refuses TRUNCATE of the ledger, its seals, the audit trail and the search records")
    func truncateRefused() async throws {
        for dialect in TestStores.all where dialect == .postgres {
            try await withTestDatabase(dialect) { database, _ in
                _ = try await ledger(database)
                for table in ["ledger_seals", "entry_lines", "entries", "audit_events", "income_records", "legacy_receipts"] {
                    await #expect(throws: (any Error).self, "TRUNCATE \(table)") {
                        try await database.executeBehindTheLedgersBack(["TRUNCATE \(table) CASCADE"])
                    }
                }
                #expect(try await database.verifyLedger().isIntact)
                #expect(try await database.count("SELECT COUNT(*) AS n FROM ledger_seals") == 4)
            }
        }
    }

    @Test(
        "issue 9 item 5: PostgreSQL: ims runs as a role that does not own the tables (README's grants) and that role cannot switch the triggers off")
    func applicationRole() async throws {
        for dialect in TestStores.all where dialect == .postgres {
            try await withTestDatabase(dialect) { owner, location in
                guard case .postgres(var settings) = location else { return }
                let role = "ims_app_" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
                try await owner.executeBehindTheLedgersBack([
                    "CREATE ROLE \(role) LOGIN",
                    "GRANT USAGE ON SCHEMA public TO \(role)",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(role)",
                    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO \(role)",
                ])
                settings.username = role
                settings.maximumConnections = 2
                do {
                    let app = try await IMSDatabase.open(.postgres(settings))
                    _ = try await app.append(try Sample.payment(12_00), idempotencyKey: nil)
                    let head = try await app.ledgerHead()
                    #expect(head?.position == 1)
                    #expect(try await app.verifyLedger(head: head).isIntact)
                    for statement in ["ALTER TABLE entries DISABLE TRIGGER USER", "DELETE FROM ledger_seals", "TRUNCATE entries CASCADE"] {
                        await #expect(throws: (any Error).self, "\(statement)") { try await app.executeBehindTheLedgersBack([statement]) }
                    }
                    try await app.close()
                } catch {
                    try? await owner.executeBehindTheLedgersBack(["DROP OWNED BY \(role)", "DROP ROLE \(role)"])
                    throw error
                }
                try await owner.executeBehindTheLedgersBack(["DROP OWNED BY \(role)", "DROP ROLE \(role)"])
            }
        }
    }

    @Test(
        "issue 9 item 5: a live search record changed behind the ledger's back (amount, fund, account reference, payer) is found",
        arguments: TestStores.all)
    func changedLiveRecord(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let entries = try await ledger(database)
            #expect(try await database.verifyLedger().liveRecordsChecked == 4)
            let recordID = { (entry: Int64) in try await database.count("SELECT id AS n FROM income_records WHERE entry_id = \(entry)") }
            let changes: [(String, String)] = [
                ("amount_pence = amount_pence + 1", "amount_pence"),
                ("fund_code = 'BINS'", "fund_code"),
                ("account_reference = '771234999'", "account_reference"),
                ("payer_name = 'Someone Else'", "payer_name"),
            ]
            for (index, (change, column)) in changes.enumerated() {
                let entry = entries[index].id
                let id = try await recordID(entry)
                try await database.executeBehindTheLedgersBack(["UPDATE income_records SET \(change) WHERE id = \(id)"])
                let result = try await database.verifyLedger()
                #expect(
                    result.discrepancies.contains {
                        $0.hasPrefix("Search record \(id) differs from entry \(entry) line ") && $0.hasSuffix(": \(column)")
                    },
                    "\(result.discrepancies)")
            }
        }
    }

    @Test("issue 9 item 5: a live search record removed, or one added for no line, is found", arguments: TestStores.all)
    func missingOrExtraLiveRecord(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let entries = try await ledger(database)
            try await database.executeBehindTheLedgersBack(["DELETE FROM income_records WHERE entry_id = \(entries[1].id)"])
            let removed = try await database.verifyLedger().discrepancies
            #expect(
                removed.count == 1 && removed[0].hasPrefix("Entry \(entries[1].id) line ") && removed[0].hasSuffix(" has no search record"),
                "\(removed)")
            try await database.executeBehindTheLedgersBack([
                "UPDATE income_records SET entry_id = 999999 WHERE entry_id = \(entries[2].id)"
            ])
            let result = try await database.verifyLedger()
            #expect(result.discrepancies.contains { $0.hasPrefix("Entry \(entries[2].id) line ") && $0.hasSuffix(" has no search record") })
            #expect(result.discrepancies.contains("1 search records of IMS's own income belong to no entry"))
        }
    }
}
