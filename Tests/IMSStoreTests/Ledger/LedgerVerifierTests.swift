import IMSCore
import IMSStore
import IMSTestSupport
import Testing

@Suite("Ledger verification")
struct LedgerVerifierTests {
    private func ledger(_ database: IMSDatabase) async throws -> [Entry] { try await Sample.sealedLedger(database) }

    /// Statements that switch off the append-only guard, as someone with direct database access could.
    private func disableGuards(_ dialect: SQLDialectKind) -> [String] {
        dialect == .sqlite
            ? [
                "DROP TRIGGER entry_lines_no_update", "DROP TRIGGER entries_no_update", "DROP TRIGGER entry_lines_no_delete",
                "DROP TRIGGER entries_no_delete", "DROP TRIGGER ledger_seals_no_delete",
            ]
            : [
                "ALTER TABLE entry_lines DISABLE TRIGGER USER", "ALTER TABLE entries DISABLE TRIGGER USER",
                "ALTER TABLE ledger_seals DISABLE TRIGGER USER",
            ]
    }

    @Test("An untouched ledger verifies: balanced, chained, sealed, balances cached", arguments: TestStores.all)
    func intactLedger(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let entries = try await ledger(database)
            let result = try await database.verifyLedger()
            #expect(result.isIntact, "\(result.discrepancies)")
            #expect(result.entriesChecked == entries.count)
            #expect(result.sealsChecked == entries.count)
            #expect(result.linesChecked == entries.map(\.lines.count).reduce(0, +))
            #expect(result.unsealedEntries == 0)
            #expect(result.accountsChecked == 2)  // one council tax account, card clearing
        }
    }

    @Test("The ledger refuses UPDATE and DELETE of its rows", arguments: TestStores.all)
    func appendOnly(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            _ = try await ledger(database)
            await #expect(throws: (any Error).self) {
                try await database.executeBehindTheLedgersBack(["UPDATE entry_lines SET amount_pence = 1"])
            }
            await #expect(throws: (any Error).self) {
                try await database.executeBehindTheLedgersBack(["DELETE FROM ledger_seals"])
            }
            #expect(try await database.verifyLedger().isIntact)
        }
    }

    @Test("A changed amount is found", arguments: TestStores.all)
    func changedAmount(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let entries = try await ledger(database)
            try await database.executeBehindTheLedgersBack(
                disableGuards(dialect) + [
                    "UPDATE entry_lines SET amount_pence = amount_pence + 1 WHERE entry_id = \(entries[1].id) AND line_number = 1"
                ])
            let result = try await database.verifyLedger()
            #expect(!result.isIntact)
            #expect(result.discrepancies.contains("Entry \(entries[1].id) has changed since it was sealed"))
            #expect(result.discrepancies.contains { $0.hasPrefix("Entry \(entries[1].id) does not balance") })
        }
    }

    @Test("A changed payer name (balanced, but not what was recorded) is found", arguments: TestStores.all)
    func changedHeader(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let entries = try await ledger(database)
            try await database.executeBehindTheLedgersBack(
                disableGuards(dialect) + [
                    "UPDATE entries SET payer_name = 'Someone Else' WHERE id = \(entries[2].id)"
                ])
            let result = try await database.verifyLedger()
            // The entry no longer hashes to its seal, and its search record no longer shows what it says.
            #expect(result.discrepancies.count == 2)
            #expect(result.discrepancies.contains("Entry \(entries[2].id) has changed since it was sealed"))
            #expect(
                result.discrepancies.contains {
                    $0.hasPrefix("Search record ") && $0.hasSuffix("differs from entry \(entries[2].id) line 1: payer_name")
                })
        }
    }

    @Test("A removed entry, or a removed seal, is found", arguments: TestStores.all)
    func removedRows(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let entries = try await ledger(database)
            try await database.executeBehindTheLedgersBack(
                disableGuards(dialect) + [
                    "DELETE FROM ledger_seals WHERE entry_id = \(entries[2].id)"
                ])
            let result = try await database.verifyLedger()
            #expect(result.discrepancies.contains { $0.hasPrefix("Seal position 3 is missing") })
            #expect(result.discrepancies.contains { $0.hasPrefix("Chain broken at seal 4") })
        }
    }

    @Test("A cached balance that disagrees with the lines is found", arguments: TestStores.all)
    func wrongCachedBalance(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            _ = try await ledger(database)
            try await database.executeBehindTheLedgersBack([
                "UPDATE account_balances SET balance_pence = balance_pence + 100 WHERE account = 'clearing:CARD'"
            ])
            let result = try await database.verifyLedger()
            #expect(result.discrepancies == ["Cached balance of clearing:CARD is £132.49 but its lines add up to £131.49"])
        }
    }

    @Test("Entries recorded long ago but never sealed are a discrepancy; recent ones are only counted", arguments: TestStores.all)
    func unsealedEntries(dialect: SQLDialectKind) async throws {
        let clock = FixedWallClock(TestStores.start)
        try await withTestDatabase(dialect, clock: clock) { database, _ in
            _ = try await ledger(database)
            try await database.executeBehindTheLedgersBack(
                disableGuards(dialect) + ["DELETE FROM ledger_seals"]
                    + ["DELETE FROM account_balances"])
            let recent = try await database.verifyLedger()
            #expect(recent.unsealedEntries == 4)
            #expect(recent.isIntact)
            clock.advance(seconds: 3_600)
            let later = try await database.verifyLedger()
            #expect(later.discrepancies == ["4 entries recorded more than 300 seconds ago are not in the hash chain"])
        }
    }
}
