/// One load of account holders from a council system's file (`ims accounts import`). A file already loaded
/// (the same bytes) is not loaded again; the latest load can be reversed, which puts back every account it
/// touched as it was before (or removes the accounts it added).
public struct AccountImport: Hashable, Sendable, Identifiable {
    public var id: Int64
    /// The file's name (not its path on the importing machine).
    public var fileName: String
    /// SHA-256 of the file's bytes, in hex: how a repeated file is known.
    public var digest: String
    public var importedAt: Timestamp
    public var importedBy: String
    /// Accounts added or replaced, and rows refused.
    public var loaded: Int64
    public var rejected: Int64
    public var reversedAt: Timestamp?

    public init(
        id: Int64, fileName: String, digest: String, importedAt: Timestamp, importedBy: String, loaded: Int64, rejected: Int64,
        reversedAt: Timestamp? = nil
    ) {
        self.id = id
        self.fileName = fileName
        self.digest = digest
        self.importedAt = importedAt
        self.importedBy = importedBy
        self.loaded = loaded
        self.rejected = rejected
        self.reversedAt = reversedAt
    }

    public var isReversed: Bool { reversedAt != nil }
}

/// A row of an account holders' file that was refused, with its line and why.
public struct AccountRowRejection: Hashable, Sendable {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}

/// Account holders' loads inside a unit of work.
public protocol AccountImportTransaction: Sendable {
    /// The load of the file with this digest that still stands, if any.
    func standingImport(digest: String) async throws -> AccountImport?
    /// The latest load that still stands (the only one that may be reversed).
    func latestStandingImport() async throws -> AccountImport?
    /// Records a load and returns it with its id.
    func recordImport(fileName: String, digest: String, importedBy: String, loaded: Int64, rejected: Int64) async throws -> AccountImport
    /// Adds or replaces `holders` (by fund and reference) as load `importID`, keeping each replaced account as it
    /// was, for a reversal.
    func replaceAccountHolders(_ holders: [AccountHolder], importID: Int64) async throws
    /// Puts back the accounts load `id` touched as they were before it and marks it reversed; returns how many.
    func reverseImport(id: Int64) async throws -> Int64
}

/// The loads of account holders, newest first, for the command line and screens.
public protocol AccountImportHistory: Sendable {
    func accountImports(limit: Int) async throws -> [AccountImport]
}
