import ArgumentParser
import Foundation
import IMSCore
import IMSServices
import IMSStore
import IMSWeb
import Logging

/// `--data-dir` and `--database-url`, which every command that touches data takes.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Directory of the embedded SQLite database (DIR/ims.sqlite). Default: $IMS_DATA_DIR or ./ims-data.")
    var dataDirectory: String?

    @Option(name: .customLong("database-url"), help: "postgres://user:password@host:port/database (default: $IMS_DATABASE_URL, else SQLite).")
    var databaseURL: String?

    var overrides: ServerConfiguration.Overrides {
        ServerConfiguration.Overrides(dataDirectory: dataDirectory, databaseURL: databaseURL)
    }

    /// Opens the database, applying any pending migrations.
    func open(logger: Logger) async throws -> IMSDatabase {
        let location = try ServerConfiguration.databaseLocation(environment: ProcessInfo.processInfo.environment, overrides: overrides)
        return try await IMSDatabase.open(location, logger: logger)
    }
}

/// Runs `body` with the database open and always closes it afterwards.
func withDatabase<T>(_ options: DatabaseOptions, logger: Logger, _ body: (IMSDatabase) async throws -> T) async throws -> T {
    try await withDatabase(at: try await options.open(logger: logger), logger: logger, body)
}

/// Runs `body` with the server's database (`ServerConfiguration.database`, with its operation deadline).
func withDatabase<T>(_ location: DatabaseLocation, logger: Logger, _ body: (IMSDatabase) async throws -> T) async throws -> T {
    try await withDatabase(at: try await IMSDatabase.open(location, logger: logger), logger: logger, body)
}

private func withDatabase<T>(at database: IMSDatabase, logger: Logger, _ body: (IMSDatabase) async throws -> T) async throws -> T {
    do {
        let result = try await body(database)
        logger.debug("closing the database")
        try await database.close()
        logger.debug("database closed")
        return result
    } catch {
        try? await database.close()
        throw error
    }
}

/// Logs to standard error (standard output is for results), at `IMS_LOG_LEVEL`.
func makeLogger(_ label: String, level: Logger.Level? = nil) -> Logger {
    var logger = Logger(label: label)
    let configured = ProcessInfo.processInfo.environment["IMS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
    logger.logLevel = level ?? configured ?? .info
    return logger
}

enum Output {
    /// Writes a line to standard output unbuffered, so a script reading our output sees it at once,
    /// while the server keeps running.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Says why a command failed on standard error and ends it with exit status 1 (no usage text: the
    /// command was typed right, its input was wrong).
    static func fail(_ text: String) -> ExitCode {
        FileHandle.standardError.write(Data(("Error: " + text + "\n").utf8))
        return ExitCode(1)
    }
}

extension Requester {
    /// The operator running this command (the operating-system user), as the audit trail names them.
    static var commandLine: Requester { Requester(.commandLine(CommandLineUser.name), address: nil) }
}

/// Writes a command-line change to the audit trail: who ran it (the operating-system user), what and on what.
func auditCommandLine(_ store: IMSDatabase, action: String, target: String?, before: String? = nil, after: String?) async throws {
    let user = CommandLineUser.name
    try await store.recordAudit(
        AuditEvent(
            occurredAt: store.now(), actor: "cli:\(user)", address: nil, action: action, target: target,
            outcome: AuditEvent.success, before: before, after: after))
}
