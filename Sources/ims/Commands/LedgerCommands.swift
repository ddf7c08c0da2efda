import ArgumentParser
import Foundation
import IMSCore
import IMSStore
import Logging

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
        abstract:
            "Re-add the whole ledger: every entry balances, the hash chain is intact, cached balances match, search records match the ledger. Exits 1 on any discrepancy."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(
        name: .customLong("head"),
        help: ArgumentHelp(
            "A head printed earlier by `ims ledger head` (\"POSITION HASH\"): the chain must still hold that seal.", valueName: "POSITION HASH"))
    var head: String?

    func validate() throws {
        if let head, LedgerHead(parsing: head) == nil {
            throw ValidationError("--head must be \"POSITION HASH\" as `ims ledger head` prints it: a position and 64 hexadecimal digits")
        }
    }

    func run() async throws {
        let logger = makeLogger("ims")
        let expected = head.flatMap(LedgerHead.init(parsing:))
        let result = try await withDatabase(database, logger: logger) { (store: IMSDatabase) -> LedgerVerification in
            let result = try await store.verifyLedger(head: expected)
            logger.notice(
                "ims verify",
                metadata: [
                    "intact": "\(result.isIntact)", "ledger_head": "\(result.head?.description ?? "empty")",
                    "expected_head": "\(expected?.description ?? "none")",
                ])
            // Best effort: verify also runs where nothing may be written (a read replica), and its result stands.
            do {
                try await auditCommandLine(
                    store, action: "ledger.verify", target: result.head.map { "ledger_head:\($0)" },
                    after: "intact=\(result.isIntact) discrepancies=\(result.discrepancies.count)" + (expected.map { " expected_head=\($0)" } ?? ""))
            } catch {
                logger.warning("ims verify could not write to the audit trail", metadata: ["error": "\(error)"])
            }
            return result
        }
        Output.line("Entries checked: \(result.entriesChecked)")
        Output.line("Lines checked: \(result.linesChecked)")
        Output.line("Seals checked: \(result.sealsChecked)")
        Output.line("Account balances checked: \(result.accountsChecked)")
        Output.line("Entries awaiting their seal: \(result.unsealedEntries)")
        Output.line("Audit events checked: \(result.auditEventsChecked)")
        Output.line("Migration entries checked against their records: \(result.migrationEntriesChecked)")
        Output.line("Migration entries whose records' digest was checked: \(result.migrationDigestsChecked)")
        Output.line("Search records of IMS entries checked against their lines: \(result.liveRecordsChecked)")
        Output.line("Ledger head: \(result.head?.description ?? "none (the ledger is empty)")")
        if let expected { Output.line("Head checked: \(expected)") }
        if result.isIntact {
            Output.line(
                "Ledger intact: every entry balances, the hash chains of the ledger and the audit trail are unbroken and cached balances match.")
        } else {
            Output.line("DISCREPANCIES (\(result.discrepancies.count)\(result.discrepancies.count >= 50 ? " or more" : "")):")
            for problem in result.discrepancies { Output.line("  - \(problem)") }
            throw ExitCode(1)
        }
    }
}

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "The ledger's hash chain.",
        subcommands: [LedgerHeadCommand.self])
}

struct LedgerHeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head",
        abstract:
            "Seal what is committed, then print the newest seal as \"POSITION HASH\" (one line), to keep outside the database and check later with `ims verify --head`."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger("ims")
        let head = try await withDatabase(database, logger: logger) { (store: IMSDatabase) -> LedgerHead? in
            guard let head = try await store.ledgerHead() else { return nil }
            logger.notice("ledger head", metadata: ["ledger_head": "\(head)"])
            try await auditCommandLine(
                store, action: "ledger.head", target: "ledger_head:\(head)", after: "position=\(head.position) hash=\(head.chainHash)")
            return head
        }
        guard let head else {
            FileHandle.standardError.write(Data("The ledger is empty: there is no head yet.\n".utf8))
            throw ExitCode(1)
        }
        Output.line(head.description)
    }
}
