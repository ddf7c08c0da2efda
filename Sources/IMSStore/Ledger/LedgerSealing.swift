import IMSCore

/// Seals committed ledger entries into the hash chain every second (PostgreSQL only; SQLite seals as it
/// writes). Several instances may run it: an advisory lock lets one seal at a time.
public struct LedgerSealing: PeriodicWork {
    let database: IMSDatabase
    public let name = "ledger sealer"
    public let intervalSeconds = 1

    public init(database: IMSDatabase) {
        self.database = database
    }

    public func runOnce() async throws {
        while try await database.sealPending(limit: 1_000) == 1_000 {}
    }
}
