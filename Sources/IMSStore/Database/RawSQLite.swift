import SQLiteNIO
import VaporCSQLite

/// The SQLite C API on IMS's own writer connection, for the bulk loader only: prepared statements reused
/// for every row (sqlite-nio prepares each query anew and boxes every value, which at millions of rows
/// costs more than the insert). It is used only inside the writer's transaction, on the thread running it;
/// the embedded SQLite is built thread-safe and opened with `SQLITE_OPEN_FULLMUTEX`. See decision 0007.
final class RawSQLite {
    let handle: OpaquePointer

    /// The `sqlite3*` behind a sqlite-nio connection. sqlite-nio keeps it internal, so it is found by
    /// reflection. The import tests prove it is the writer itself: a chunk's records (written here) and its
    /// ledger entry (written through SQLKit) commit together inside one `BEGIN IMMEDIATE`, which a second
    /// connection could not even enter.
    init(_ connection: SQLiteConnection) throws {
        guard let holder = Mirror(reflecting: connection).descendant("handle"),
            let raw = Mirror(reflecting: holder).descendant("raw") as? OpaquePointer
        else {
            throw StoreError(.openFailed, "The SQLite connection's handle cannot be reached for the bulk loader (sqlite-nio changed?)")
        }
        handle = raw
    }

    func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure("prepare", sql) }
        return Statement(statement, connection: self)
    }

    func execute(_ sql: String) throws {
        guard sqlite_nio_sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure("execute", sql) }
    }

    func failure(_ operation: String, _ sql: String) -> StoreError {
        let message = sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "unknown error"
        return StoreError(.queryFailed, "SQLite \(operation) failed: \(message) — \(sql.prefix(120))")
    }

    /// A prepared statement; parameters are numbered from 1.
    final class Statement {
        private let statement: OpaquePointer
        private unowned let connection: RawSQLite
        private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

        fileprivate init(_ statement: OpaquePointer, connection: RawSQLite) {
            self.statement = statement
            self.connection = connection
        }

        deinit { sqlite_nio_sqlite3_finalize(statement) }

        func bind(_ index: Int32, _ value: Int64) {
            sqlite_nio_sqlite3_bind_int64(statement, index, value)
        }

        func bind(_ index: Int32, _ value: Int64?) {
            if let value { sqlite_nio_sqlite3_bind_int64(statement, index, value) } else { sqlite_nio_sqlite3_bind_null(statement, index) }
        }

        func bind(_ index: Int32, _ value: String?) {
            guard var value else {
                sqlite_nio_sqlite3_bind_null(statement, index)
                return
            }
            value.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { text in
                    _ = sqlite_nio_sqlite3_bind_text(statement, index, text.baseAddress, Int32(text.count), Self.transient)
                }
            }
        }

        /// Runs the statement once and resets it for the next row; returns the SQLite result code
        /// (`SQLITE_DONE`, `SQLITE_ROW`, or an extended constraint code the caller can act on).
        @discardableResult
        func run() -> Int32 {
            let status = sqlite_nio_sqlite3_step(statement)
            let result = status == SQLITE_DONE || status == SQLITE_ROW ? status : sqlite_nio_sqlite3_extended_errcode(connection.handle)
            sqlite_nio_sqlite3_reset(statement)
            return result
        }

        /// Runs the statement and reads the first row's integer columns (for small lookups).
        func firstRow(columns: Int32) -> [Int64]? {
            defer { sqlite_nio_sqlite3_reset(statement) }
            guard sqlite_nio_sqlite3_step(statement) == SQLITE_ROW else { return nil }
            return (0..<columns).map { sqlite_nio_sqlite3_column_int64(statement, $0) }
        }

        func check(_ status: Int32, _ what: String) throws {
            guard status == SQLITE_DONE || status == SQLITE_ROW else { throw connection.failure(what, "step") }
        }
    }
}
