import ArgumentParser
import Foundation
import IMSCore
import IMSImport
import IMSInterchange
import IMSStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring records in from other systems.",
        subcommands: [Legacy.self, Reverse.self, List.self])

    struct Legacy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "legacy",
            abstract:
                "Import the previous system's income records (CSV), a batch per file; re-running a file imports nothing twice and resumes an interrupted one."
        )

        @Argument(help: "Legacy CSV files.")
        var files: [String]

        @Option(help: "Mapping file (TOML or JSON): column names, date format, fund/method/VAT code maps, duplicate key.")
        var mapping: String?

        @Option(help: "Write rejected rows here (CSV: line, column, code, reason, receipt_reference).")
        var errors: String?

        @Flag(help: "Print only the summary, as one JSON object, on standard output (progress goes to standard error).")
        var json = false

        @Option(help: "Records per transaction (and per migration ledger entry).")
        var chunk = LegacyImporter.Options.defaultChunkRecords

        @Option(
            name: .customLong("sort-directory"),
            help: "Where the import sorts the rows (files about the size of the largest legacy file; default: the system's temporary folder).")
        var sortDirectory: String?

        @Option(
            help: """
                live: alongside a running IMS (short transactions, searches keep answering); bulk: at full speed \
                (search indexes built at the end); auto: live when IMS took money in the last 15 minutes.
                """)
        var pace = ImportPace.auto

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("Name at least one legacy file to import") }
            guard (1...1_000_000).contains(chunk) else { throw ValidationError("--chunk must be 1 to 1,000,000 records") }
        }

        func run() async throws {
            ProcessMemory.limitAllocatorArenas()
            let loaded = try mapping.map { path throws in (try LegacyMapping.load(path: path), try String(contentsOfFile: path, encoding: .utf8)) }
            let principal = Principal.user("cli:" + CommandLineUser.name)
            let options = LegacyImporter.Options(
                mapping: loaded?.0 ?? LegacyMapping(), mappingText: loaded?.1 ?? "{}", errorsPath: errors, principal: principal, chunkRecords: chunk,
                sortDirectory: sortDirectory, pace: pace)
            let reporter = ProgressReporter()
            let started = ContinuousClock.now
            let summary = try await withDatabase(database, logger: makeLogger("ims")) { store in
                let summary = try await LegacyImporter(database: store, options: options).run(files: files) { reporter.report($0) }
                try await auditCommandLine(
                    store, action: "import.legacy", target: "batches:\(summary.batches.map(String.init).joined(separator: ","))",
                    after: "read=\(summary.read) imported=\(summary.imported) rejected=\(summary.rejected) skipped=\(summary.skipped)")
                return summary
            }
            reporter.finish()
            let seconds = (ContinuousClock.now - started).components.seconds
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                Output.line(String(decoding: try encoder.encode(summary), as: UTF8.self))
                return
            }
            Output.line("batches: \(summary.batches.map(String.init).joined(separator: ", "))")
            Output.line("read: \(summary.read)")
            Output.line("imported: \(summary.imported)")
            Output.line("rejected: \(summary.rejected)\(errors.map { " (see \($0))" } ?? "")")
            Output.line("skipped as already imported: \(summary.skipped)")
            Output.line("pace: \(summary.pace.rawValue)")
            for (fund, pence) in summary.totalsPenceByFund.sorted(by: { $0.key < $1.key }) {
                Output.line("total \(fund): \(Money(pence: pence).formatted)")
            }
            Output.line(String(format: "took %ld s (search indexes %.1f s)", seconds, summary.indexSeconds))
        }
    }

    struct Reverse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reverse",
            abstract:
                "Cancel a whole import batch with reversing ledger entries; its records stay searchable, marked reversed, and its receipt references may be imported again."
        )

        @Argument(help: "The import batch number.")
        var batch: Int64

        @Option(help: "Why the batch is reversed (kept on the reversing entries).")
        var reason: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let reversed = try await withDatabase(database, logger: makeLogger("ims")) { store in
                let reversed = try await store.reverseImport(batchID: batch, by: .user("cli:" + CommandLineUser.name), reason: reason)
                try await auditCommandLine(store, action: "import.reverse", target: "batch:\(batch)", after: "reason=\(reason)")
                return reversed
            }
            Output.line("batch \(reversed.id) (\(reversed.fileName)) reversed: \(reversed.rowsImported) records, \(reversed.total.formatted)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List import batches, newest first.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let batches = try await withDatabase(database, logger: makeLogger("ims")) { store in try await store.importBatches() }
            for batch in batches {
                Output.line(
                    "\(batch.id)\t\(batch.state.rawValue)\t\(batch.fileName)\tread \(batch.rowsRead)\timported \(batch.rowsImported)\trejected \(batch.rowsRejected)\tskipped \(batch.rowsSkipped)\t\(batch.total.formatted)"
                )
            }
        }
    }
}

extension ImportPace: ExpressibleByArgument {}

/// The operating-system user running the command, for the audit trail and the ledger.
enum CommandLineUser {
    static var name: String {
        ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }
}

/// Progress on standard error: a bar redrawn in place on a terminal (rows/s and time left), a plain line
/// every few seconds otherwise.
final class ProgressReporter: @unchecked Sendable {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let started = ContinuousClock.now
    private var lastLine = ContinuousClock.now
    private var drewBar = false

    func report(_ progress: ImportProgress) {
        switch progress {
        case .message(let text):
            endBar()
            write("\(text)\n")
        case .rows(let file, let bytes, let size, let summary):
            let elapsed = max(0.001, (ContinuousClock.now - started).seconds)
            let rate = Double(summary.read) / elapsed
            let fraction = size > 0 ? min(1, Double(bytes) / Double(size)) : 1
            let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
            let figures = String(format: "%@ %3.0f%% %ld rows, %.0f rows/s, ETA %.0f s", file, fraction * 100, summary.read, rate, remaining)
            if isTerminal {
                let width = 30
                let filled = Int(fraction * Double(width))
                write("\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + figures + "   ")
                drewBar = true
            } else if (ContinuousClock.now - lastLine).seconds >= 5 || fraction >= 1 {
                lastLine = ContinuousClock.now
                write(figures + "\n")
            }
        }
    }

    func finish() { endBar() }

    private func endBar() {
        if drewBar { write("\n") }
        drewBar = false
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
