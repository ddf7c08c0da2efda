/// A failure of the storage itself (not of the input): the database cannot be opened, a migration failed,
/// a stored row cannot be read back. Compared by code.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let badLocation = Code(rawValue: "store.bad_location")
        public static let openFailed = Code(rawValue: "store.open_failed")
        public static let migrationFailed = Code(rawValue: "store.migration_failed")
        public static let corruptRow = Code(rawValue: "store.corrupt_row")
        public static let closed = Code(rawValue: "store.closed")
        public static let queryFailed = Code(rawValue: "store.query_failed")
        /// The database did not answer within the operation deadline (see `PostgresSettings.operationTimeoutSeconds`).
        public static let timedOut = Code(rawValue: "store.timed_out")
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}
