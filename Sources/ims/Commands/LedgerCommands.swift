import ArgumentParser
import IMSCore
import IMSStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the database or bring its schema up to date (every command does this on opening).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let version = try await withDatabase(database, logger: makeLogger("ims")) { store in
            try await store.schemaVersion()
        }
        Output.line("Database is at schema version \(version).")
    }
}

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-add the whole ledger: every entry balances, the hash chain is intact, cached balances match. Exits 1 on any discrepancy.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let result = try await withDatabase(database, logger: makeLogger("ims")) { store in
            try await store.verifyLedger()
        }
        Output.line("Entries checked: \(result.entriesChecked)")
        Output.line("Lines checked: \(result.linesChecked)")
        Output.line("Seals checked: \(result.sealsChecked)")
        Output.line("Account balances checked: \(result.accountsChecked)")
        Output.line("Entries awaiting their seal: \(result.unsealedEntries)")
        Output.line("Audit events checked: \(result.auditEventsChecked)")
        Output.line("Migration entries checked against their records: \(result.migrationEntriesChecked)")
        if result.isIntact {
            Output.line("Ledger intact: every entry balances, the hash chains of the ledger and the audit trail are unbroken and cached balances match.")
        } else {
            Output.line("DISCREPANCIES (\(result.discrepancies.count)\(result.discrepancies.count >= 50 ? " or more" : "")):")
            for problem in result.discrepancies { Output.line("  - \(problem)") }
            throw ExitCode(1)
        }
    }
}
