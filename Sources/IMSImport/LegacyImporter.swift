import Foundation
import IMSCore
import IMSInterchange
import IMSStore

/// `ims import legacy`: reads legacy files row by row, sends good rows to the store in chunks (each chunk
/// one transaction), writes rejected rows to the errors file, and reports progress. Parsing of the next
/// chunk runs while the store writes the current one, so both cores are busy; memory holds two chunks at
/// most, whatever the file size.
public final class LegacyImporter: Sendable {
    public struct Options: Sendable {
        public var mapping: LegacyMapping
        /// The mapping as given (kept with each batch), or `{}` for the default columns.
        public var mappingText: String
        public var errorsPath: String?
        public var principal: Principal
        /// Records per chunk (per transaction and per migration entry).
        public var chunkRecords: Int
        /// Drop the search indexes while loading when a load is larger than the table already is.
        public var mayDropIndexes: Bool

        public init(
            mapping: LegacyMapping = LegacyMapping(), mappingText: String = "{}", errorsPath: String? = nil,
            principal: Principal, chunkRecords: Int = 50_000, mayDropIndexes: Bool = true
        ) {
            self.mapping = mapping
            self.mappingText = mappingText
            self.errorsPath = errorsPath
            self.principal = principal
            self.chunkRecords = chunkRecords
            self.mayDropIndexes = mayDropIndexes
        }
    }

    private let database: IMSDatabase
    private let options: Options

    public init(database: IMSDatabase, options: Options) {
        self.database = database
        self.options = options
    }

    /// Imports the files one after another, a batch each, and sums what happened.
    public func run(files: [String], progress: @escaping @Sendable (ImportProgress) -> Void = { _ in }) async throws -> LegacyImportSummary {
        let funds = Set(try await database.configuration().funds.map(\.code))
        guard !funds.isEmpty else {
            throw IMSError(
                .validation, .fundUnknown,
                "The database has no funds yet, so every row would be rejected: set up the council first (ims demo sets up the demo council)")
        }
        let sizes = try files.map(Self.fileSize)
        var summary = LegacyImportSummary()
        if options.mayDropIndexes, sizes.reduce(0, +) / Int64(Self.bytesPerRowEstimate) > (try await database.incomeRecordCount()) {
            progress(.message("dropping search indexes for the bulk load (they are built again at the end)"))
            try await database.dropSearchIndexesForBulkLoad()
        }
        let errors = ErrorsSink(path: options.errorsPath)
        for (index, path) in files.enumerated() {
            let result = try await importFile(path, size: sizes[index], knownFunds: funds, errors: errors, progress: progress)
            summary.add(result)
        }
        progress(.message("building search indexes"))
        let started = ContinuousClock.now
        _ = try await database.finishImport(batchIDs: summary.batches)
        summary.indexSeconds = (ContinuousClock.now - started).seconds
        try errors.close()
        return summary
    }

    /// Rows per byte of a typical legacy file, to decide whether a load is large.
    static let bytesPerRowEstimate = 200

    private func importFile(
        _ path: String, size: Int64, knownFunds: Set<FundCode>, errors: ErrorsSink, progress: @escaping @Sendable (ImportProgress) -> Void
    ) async throws -> LegacyImportSummary {
        let source = ImportSource(
            fileName: (path as NSString).lastPathComponent, fileSize: size,
            fingerprint: try Self.fingerprint(path, size: size), mapping: options.mappingText)
        // The header is read first, so a file that cannot be imported leaves no batch behind.
        let legacyReader = try LegacyReader(path: path, mapping: options.mapping, knownFunds: knownFunds)
        let start = try await database.beginImport(source, by: options.principal)
        let reader = ChunkReader(reader: legacyReader, batchID: start.batch.id, chunkRecords: options.chunkRecords)
        // A resumed import adds to the errors file it began; a new one starts it afresh.
        try errors.open(appending: start.resumeAt != nil)
        if let resumeAt = start.resumeAt {
            progress(.message("resuming batch \(start.batch.id) of \(source.fileName) at line \(resumeAt.line)"))
            try reader.resume(at: resumeAt)
        }
        var summary = LegacyImportSummary()
        summary.batches = [start.batch.id]
        var pending = Task { try reader.nextChunk() }
        while let parsed = try await pending.value {
            pending = Task { try reader.nextChunk() }
            let outcome = try await database.importChunk(parsed.chunk, batchID: start.batch.id, by: options.principal)
            try errors.write((parsed.rejections + parsed.repeatErrors(outcome.repeats)).sorted { $0.line < $1.line })
            summary.add(chunk: parsed.chunk, outcome: outcome)
            progress(.rows(file: source.fileName, bytes: parsed.chunk.resumeAt.offset, of: size, summary: summary))
        }
        return summary
    }

    static func fileSize(_ path: String) throws -> Int64 {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? NSNumber else {
            throw InterchangeError(.fileUnreadable, "Cannot read \(path)")
        }
        return size.int64Value
    }

    /// Recognises the same file again: its size and a hash of its first and last megabyte.
    static func fingerprint(_ path: String, size: Int64) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw InterchangeError(.fileUnreadable, "Cannot open \(path)") }
        defer { try? handle.close() }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ data: Data) {
            for byte in data {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
        }
        mix(try handle.read(upToCount: 1 << 20) ?? Data())
        if size > 2 << 20 {
            try handle.seek(toOffset: UInt64(size - (1 << 20)))
            mix(try handle.read(upToCount: 1 << 20) ?? Data())
        }
        return "\(size):\(String(hash, radix: 16))"
    }
}

/// The errors file, opened when the first file's batch is known (to append when it resumes) and written
/// only by the importing task between chunks.
private final class ErrorsSink: @unchecked Sendable {
    private let path: String?
    private var file: LegacyErrorsFile?

    init(path: String?) { self.path = path }

    func open(appending: Bool) throws {
        guard let path, file == nil else { return }
        file = try LegacyErrorsFile(path: path, appending: appending)
    }

    func write(_ errors: [LegacyRowError]) throws {
        guard let file, !errors.isEmpty else { return }
        try file.write(errors)
    }

    func close() throws { try file?.close() }
}

extension Duration {
    /// Package access: `ims import legacy`'s progress line uses it too.
    package var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
