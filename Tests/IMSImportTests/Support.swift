import Foundation
import IMSCore
import IMSStore

enum ImportTestStores {
    static var all: [SQLDialectKind] { ScratchDatabase.dialects }
}

/// A fresh database with the demo council, and a scratch directory for files.
func withImportDatabase<T>(_ dialect: SQLDialectKind, _ body: (IMSDatabase, String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ims-import-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try await ScratchDatabase.with(dialect, clock: FixedWallClock(Timestamp(microsecondsSince1970: 1_795_773_600_000_000))) { database, _ in
        try await body(database, directory)
    }
}
