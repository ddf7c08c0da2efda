import IMSCore

/// Why a benchmark could not run.
extension IMSError.Code {
    /// There are no income records to sample queries from.
    static let benchNoRecords = Self("bench.no_records")
    /// The CSV export answered with an error status.
    static let benchExportFailed = Self("bench.export_failed")
    /// No IMS answers at the URL given for traffic beside an import.
    static let benchServerUnreachable = Self("bench.server_unreachable")
}
