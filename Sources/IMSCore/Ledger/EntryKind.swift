/// The business event an entry records.
public enum EntryKind: String, Sendable, Hashable, Codable, CaseIterable {
    case payment
    case refund
    case journal
    case transfer
    /// Income moved out of suspense to the fund and reference it belongs to.
    case allocation
    case cashReturn = "cash_return"
    case fileImport = "file_import"
    /// A record brought over from the council's previous system: history, not new income.
    case migration
    /// The exact opposite of an earlier entry, cancelling it.
    case reversal
}

/// Who caused an entry: a member of staff, a council service (through its API key), or IMS itself.
public struct Principal: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case user
        case service
        case system
        /// An operator running `ims` on the server (named by the operating-system user).
        case commandLine = "cli"
    }

    public let kind: Kind
    public let name: String

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    public static func user(_ name: String) -> Principal { Principal(kind: .user, name: name) }
    public static func service(_ name: String) -> Principal { Principal(kind: .service, name: name) }
    public static func system(_ name: String) -> Principal { Principal(kind: .system, name: name) }
    public static func commandLine(_ name: String) -> Principal { Principal(kind: .commandLine, name: name) }

    /// `user:jsmith`, `service:bins`, `system:demo`.
    public var key: String { "\(kind.rawValue):\(name)" }

    public init?(key: String) {
        let parts = key.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])) else { return nil }
        self.init(kind: kind, name: String(parts[1]))
    }

    public var description: String { key }
}
