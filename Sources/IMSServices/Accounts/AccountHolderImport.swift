import IMSCore

/// Loading the council's account holders from its revenue and debtor systems (`ims accounts import`): one
/// file is one load, in one unit of work with its audit event. The same file loaded again changes nothing;
/// the latest load can be reversed, putting back every account as it was before it.
public struct AccountHolderImport: Sendable {
    let store: any UnitOfWork

    public init(store: any UnitOfWork) {
        self.store = store
    }

    public enum Outcome: Sendable, Hashable {
        case loaded(AccountImport)
        /// The same bytes were loaded before, and that load stands: nothing was changed.
        case alreadyLoaded(AccountImport)
    }

    /// The load of the file with this digest that still stands, if any: a file loaded already need not be read.
    public func standingLoad(digest: String) async throws -> AccountImport? {
        try await store.transaction { tx in try await tx.accountImports.standingImport(digest: digest) }
    }

    /// Loads the good rows of a file (`holders`), recording how many were refused.
    public func load(fileName: String, digest: String, holders: [AccountHolder], rejected: Int, by requester: Requester) async throws -> Outcome {
        try await store.transaction { tx in
            if let earlier = try await tx.accountImports.standingImport(digest: digest) { return .alreadyLoaded(earlier) }
            let load = try await tx.accountImports.recordImport(
                fileName: fileName, digest: digest, importedBy: requester.principal.key, loaded: Int64(holders.count), rejected: Int64(rejected))
            try await tx.accountImports.replaceAccountHolders(holders, importID: load.id)
            try await tx.audit.append(
                requester.event(
                    "accounts.import", target: "account_import:\(load.id)",
                    after: "\(fileName): \(holders.count) accounts loaded, \(rejected) rows refused",
                    at: tx.now))
            return .loaded(load)
        }
    }

    /// Reverses load `id`, which must be the latest that stands; returns how many accounts were put back or removed.
    public func reverse(id: Int64, by requester: Requester) async throws -> Int64 {
        try await store.transaction { tx in
            let latest = try await tx.accountImports.latestStandingImport()
            guard let latest, latest.id == id else {
                let why = latest.map { "the latest load that stands is \($0.id) (\($0.fileName)); reverse it first" } ?? "no load stands"
                throw IMSError(.conflict, .accountImportNotLatest, "Account load \(id) cannot be reversed: \(why)")
            }
            let count = try await tx.accountImports.reverseImport(id: id)
            try await tx.audit.append(
                requester.event(
                    "accounts.import_reverse", target: "account_import:\(id)", after: "\(count) accounts put back as they were", at: tx.now))
            return count
        }
    }
}
