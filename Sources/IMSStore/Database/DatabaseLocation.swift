import Foundation

/// Which database IMS runs on: an SQLite file (the embedded default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresSettings)

    /// The SQLite file `ims.sqlite` inside a data directory.
    public static func dataDirectory(_ directory: String) -> DatabaseLocation {
        .sqlite(path: (directory as NSString).appendingPathComponent("ims.sqlite"))
    }

    /// Reads `postgres://user:password@host:port/database?sslmode=disable|prefer|require` or
    /// `sqlite:PATH` / `sqlite://PATH`.
    public static func parse(url text: String) throws(StoreError) -> DatabaseLocation {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw StoreError(.badLocation, "sqlite: URL without a file path") }
            return .sqlite(path: path)
        }
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw StoreError(.badLocation, "The database URL must start postgres:// (or sqlite:PATH)")
        }
        guard let host = components.host, !host.isEmpty else { throw StoreError(.badLocation, "The database URL has no host") }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !database.isEmpty else { throw StoreError(.badLocation, "The database URL names no database") }
        let sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard let tls = PostgresSettings.TLSMode(rawValue: sslMode) else {
            throw StoreError(.badLocation, "sslmode must be disable, prefer or require, not \(sslMode)")
        }
        return .postgres(
            PostgresSettings(
                host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
                password: components.password, database: database, tls: tls))
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite \(path)"
        case .postgres(let settings): "PostgreSQL \(settings.host):\(settings.port)/\(settings.database)"
        }
    }
}

/// How to reach a PostgreSQL server.
public struct PostgresSettings: Sendable, Hashable {
    public enum TLSMode: String, Sendable, Hashable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// Connections per instance.
    public var maximumConnections: Int = 20
    /// The longest one read or transaction may take before IMS gives up on it; nil for no limit (bulk
    /// commands: an import's index build takes minutes). The server sets one, so a query stuck on a lost
    /// connection cannot hold a request, or shutdown, for ever.
    public var operationTimeoutSeconds: Int64?
    /// How long closing waits for the connections to finish before it gives up on them.
    public var closeTimeoutSeconds: Int64 = 5
}
