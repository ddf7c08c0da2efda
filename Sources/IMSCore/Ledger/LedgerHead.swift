/// The newest link of the hash chain, written as `POSITION HASH` (`ims ledger head`). Kept outside the
/// database (printed daily into another system, the log, a ticket), it proves later that the chain still
/// holds that seal: someone able to drop the triggers could delete the newest entries together with their
/// seals and leave a shorter chain that is intact in itself, but not one that still holds this head.
public struct LedgerHead: Hashable, Sendable, CustomStringConvertible {
    public let position: Int64
    public let chainHash: String

    public init(position: Int64, chainHash: String) {
        self.position = position
        self.chainHash = chainHash
    }

    public init(_ seal: LedgerSeal) {
        self.init(position: seal.position, chainHash: seal.chainHash)
    }

    /// Reads `POSITION HASH` (a positive position and 64 hex digits, any case, separated by white space);
    /// `nil` for anything else.
    public init?(parsing text: String) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard parts.count == 2, let position = Int64(parts[0]), position > 0 else { return nil }
        let hash = parts[1].lowercased()
        guard hash.utf8.count == 64, hash.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        self.init(position: position, chainHash: hash)
    }

    /// `POSITION HASH`, the form `ims verify --head` reads back.
    public var description: String { "\(position) \(chainHash)" }
}
