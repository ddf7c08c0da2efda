import Foundation
import IMSCore
import Logging
import PostgresNIO
import SQLKit

/// Throwaway databases for the test suites: a fresh SQLite file, or a fresh database on the PostgreSQL
/// server named by `IMS_TEST_POSTGRES_URL`, so that every test starts from an empty schema.
package enum ScratchDatabase {
    /// Creates an empty database and returns where it is; `drop` removes it.
    package static func create(_ dialect: SQLDialectKind, postgresURL: String?) async throws -> DatabaseLocation {
        switch dialect {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ims-test-\(UUID().uuidString)")
            return .dataDirectory(directory.path)
        case .postgres:
            guard let postgresURL, case .postgres(var settings) = try DatabaseLocation.parse(url: postgresURL) else {
                throw StoreError(.badLocation, "IMS_TEST_POSTGRES_URL is not set to a postgres:// URL")
            }
            let name = "ims_scratch_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await administer(settings) { database in
                try await database.raw("CREATE DATABASE \(unsafeRaw: name)").run()
            }
            settings.database = name
            return .postgres(settings)
        }
    }

    package static func drop(_ location: DatabaseLocation, postgresURL: String?) async throws {
        switch location {
        case .sqlite(let path):
            try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
        case .postgres(let settings):
            guard let postgresURL, case .postgres(let base) = try DatabaseLocation.parse(url: postgresURL) else { return }
            try await administer(base) { database in
                try await database.raw("DROP DATABASE IF EXISTS \(unsafeRaw: settings.database) WITH (FORCE)").run()
            }
        }
    }

    private static func administer(_ settings: PostgresSettings, _ body: @Sendable @escaping (any SQLDatabase) async throws -> Void) async throws {
        let backend = PostgresBackend(settings: settings, logger: Logger(label: "ims.test.scratch"))
        do {
            try await backend.read(body)
            try await backend.close()
        } catch {
            try? await backend.close()
            throw error
        }
    }
}

extension IMSDatabase {
    /// Runs SQL directly, around the store: for tests that play an attacker editing the database behind
    /// IMS's back. Not for application code.
    package func executeBehindTheLedgersBack(_ statements: [String]) async throws {
        try await backend.read { database in
            for statement in statements { try await database.raw(SQLQueryString(statement)).run() }
        }
    }

    /// A single number from SQL, for tests.
    package func count(_ sql: String) async throws -> Int64 {
        try await backend.read { database in
            try await database.raw(SQLQueryString(sql)).first()?.decode(column: "n", as: Int64.self) ?? 0
        }
    }
}

extension ScratchDatabase {
    /// The engines a test suite runs against: SQLite always, PostgreSQL when `IMS_TEST_POSTGRES_URL` is set
    /// (CI sets it; with `IMS_TEST_REQUIRE_POSTGRES=1` a missing server is a failure, not a skip).
    package static var postgresURL: String? {
        ProcessInfo.processInfo.environment["IMS_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    package static var dialects: [SQLDialectKind] {
        postgresURL != nil || ProcessInfo.processInfo.environment["IMS_TEST_REQUIRE_POSTGRES"] == "1" ? [.sqlite, .postgres] : [.sqlite]
    }

    /// Opens a fresh, empty, migrated database of `dialect` with the demo council's configuration (or none),
    /// runs `body`, then closes and removes it.
    package static func with<T>(
        _ dialect: SQLDialectKind, clock: FixedWallClock, configuration: CouncilConfiguration? = DemoCouncil.configuration,
        _ body: (IMSDatabase, DatabaseLocation) async throws -> T
    ) async throws -> T {
        let location = try await create(dialect, postgresURL: postgresURL)
        let database = try await IMSDatabase.open(location, clock: clock)
        do {
            if let configuration { try await database.save(configuration) }
            let result = try await body(database, location)
            try await database.close()
            try await drop(location, postgresURL: postgresURL)
            return result
        } catch {
            try? await database.close()
            try? await drop(location, postgresURL: postgresURL)
            throw error
        }
    }
}
