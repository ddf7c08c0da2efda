import Foundation
import IMSCore
import IMSInterchange
import IMSStore

/// `ims import legacy`: reads each legacy file twice. The first pass parses every row, writes rejected rows
/// to the errors file and sorts the good rows by record id through sort files (`SortingPass`); the second
/// sends them to the store in that order, a chunk at a time (each chunk one transaction), so the search
/// table grows at its end whatever the order of the file. Reading the next chunk runs while the store writes
/// the current one, so both cores are busy; memory holds the sort buffer, or two chunks, whatever the file
/// size. See decision 0016.
public final class LegacyImporter: Sendable {
    public struct Options: Sendable {
        public var mapping: LegacyMapping
        /// The mapping as given (kept with each batch), or `{}` for the default columns.
        public var mappingText: String
        public var errorsPath: String?
        public var principal: Principal
        /// Records per chunk (per transaction and per migration entry).
        public var chunkRecords: Int
        /// 25,000: as fast as 50,000 (23.9 s against 25.2 s over a million rows, within the noise) with a
        /// third less peak memory (215 MiB against 304 MiB), two chunks being in memory at once.
        public static let defaultChunkRecords = 25_000
        /// Drop the search indexes while loading when a load is larger than the table already is (at the bulk
        /// pace only).
        public var mayDropIndexes: Bool
        /// Alongside a running IMS, at full speed, or chosen by whether IMS took money lately.
        public var pace: ImportPace
        /// Where the sort files go (a folder of its own is made inside, and removed afterwards); the system's
        /// temporary folder when nil. They take about as much space as the file.
        public var sortDirectory: String?
        /// The bytes of rows sorted in memory at once before they go to a sort file.
        public var sortBufferBytes: Int

        public init(
            mapping: LegacyMapping = LegacyMapping(), mappingText: String = "{}", errorsPath: String? = nil,
            principal: Principal, chunkRecords: Int = defaultChunkRecords, mayDropIndexes: Bool = true, sortDirectory: String? = nil,
            sortBufferBytes: Int = 32 << 20, pace: ImportPace = .auto
        ) {
            self.pace = pace
            self.sortDirectory = sortDirectory
            self.sortBufferBytes = sortBufferBytes
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
        summary.pace = try await resolvedPace()
        if summary.pace == .live {
            progress(.message("importing alongside a running IMS: short transactions, search indexes kept (--pace bulk loads at full speed)"))
        }
        if summary.pace == .bulk, options.mayDropIndexes,
            sizes.reduce(0, +) / Int64(Self.bytesPerRowEstimate) > (try await database.incomeRecordCount())
        {
            progress(.message("dropping search indexes for the bulk load (they are built again at the end)"))
            try await database.dropSearchIndexesForBulkLoad()
        }
        let errors = ErrorsSink(path: options.errorsPath)
        for (index, path) in files.enumerated() {
            let result = try await importFile(
                path, size: sizes[index], knownFunds: funds, errors: errors, live: summary.pace == .live, progress: progress)
            summary.add(result)
        }
        progress(.message("building search indexes"))
        let started = ContinuousClock.now
        _ = try await database.finishImport(batchIDs: summary.batches)
        summary.indexSeconds = (ContinuousClock.now - started).seconds
        try errors.close()
        return summary
    }

    /// The pace to import at: as asked, or for `auto`, live when IMS took or moved money lately.
    private func resolvedPace() async throws -> ImportPace {
        guard options.pace == .auto else { return options.pace }
        return try await database.hasLiveActivity(withinLast: ImportPace.recentActivitySeconds) ? .live : .bulk
    }

    /// Rows per byte of a typical legacy file, to decide whether a load is large.
    static let bytesPerRowEstimate = 200

    private func importFile(
        _ path: String, size: Int64, knownFunds: Set<FundCode>, errors: ErrorsSink, live: Bool, progress: @escaping @Sendable (ImportProgress) -> Void
    ) async throws -> LegacyImportSummary {
        let source = ImportSource(
            fileName: (path as NSString).lastPathComponent, fileSize: size,
            fingerprint: try Self.fingerprint(path, size: size), mapping: options.mappingText)
        // The header is read first, so a file that cannot be imported leaves no batch behind.
        let legacyReader = try LegacyReader(path: path, mapping: options.mapping, knownFunds: knownFunds)
        let start = try await database.beginImport(source, by: options.principal)
        let batchID = start.batch.id
        let sortFiles = try SortDirectory(parent: options.sortDirectory, batchID: batchID)
        defer { sortFiles.remove() }
        // The rows the first pass rejects are written by the run that commits the batch's first chunk; a run
        // resuming after it adds only the repeats it finds now.
        try errors.open(appending: start.loaded != nil)
        if let loaded = start.loaded {
            progress(.message("resuming batch \(batchID) of \(source.fileName) after its first \(loaded) records"))
        }
        progress(.message("sorting \(source.fileName)"))
        let writesRejections = start.loaded == nil
        let sortStarted = ContinuousClock.now
        let sortingPass = SortingPass(reader: legacyReader, batchID: batchID, directory: sortFiles.path, bufferBytes: options.sortBufferBytes)
        let sorted = try await sortingPass.run { rejected in
            if writesRejections { try errors.write(rejected) }
        }
        let reader = try ChunkReader(
            sorted: sorted, parser: legacyReader.parser, batchID: batchID, chunkRecords: options.chunkRecords, loaded: start.loaded,
            directory: sortFiles.path, bufferBytes: options.sortBufferBytes)
        var summary = LegacyImportSummary()
        summary.batches = [batchID]
        summary.sortSeconds = (ContinuousClock.now - sortStarted).seconds
        var pace = ChunkPacing(live: live, chunkRecords: options.chunkRecords)
        var pending = Task { [size = pace.records] in try reader.nextChunk(records: size) }
        var checkpoint: Task<Void, Never>?
        defer { checkpoint?.cancel() }
        while let parsed = try await pending.value {
            // In bulk the next chunk is read while this one is written; live, after, at the size this one's
            // time calls for (it is read during the pause).
            if !live { pending = Task { [size = pace.records] in try reader.nextChunk(records: size) } }
            let asked = ContinuousClock.now
            let outcome = try await database.importChunk(parsed.chunk, batchID: batchID, by: options.principal)
            if live {
                let began = outcome.began ?? asked
                let pause = pace.pause(
                    afterWriting: parsed.chunk.records.count, waited: began - asked, held: .now - began, dataVersion: outcome.dataVersion)
                let resumeAt = ContinuousClock.now + pause
                pending = Task { [size = pace.records] in try reader.nextChunk(records: size) }
                // Payments waiting for the write lock take it now; the journal is copied into the database
                // meanwhile, so that none of them has to.
                try? await database.checkpointAside()
                try await Task.sleep(until: resumeAt)
            } else {
                // The chunk goes from the journal into the database on the other core while the next is written.
                await checkpoint?.value
                checkpoint = Task { [database] in try? await database.checkpointAside() }
            }
            try errors.write(parsed.repeatErrors(outcome.repeats))
            summary.add(chunk: parsed.chunk, outcome: outcome)
            let done = sorted.records == 0 ? size : size * parsed.chunk.loadedThrough / sorted.records
            progress(.rows(file: source.fileName, bytes: done, of: size, summary: summary))
        }
        await checkpoint?.value
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
        var hash = FNV1a()
        hash.add(try handle.read(upToCount: 1 << 20) ?? Data())
        if size > 2 << 20 {
            try handle.seek(toOffset: UInt64(size - (1 << 20)))
            hash.add(try handle.read(upToCount: 1 << 20) ?? Data())
        }
        return "\(size):\(String(hash.value, radix: 16))"
    }
}

/// The errors file, opened when the first file's batch is known (to append when it resumes) and written
/// by one task at a time: the first pass, then the importing task between chunks.
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

/// The folder of one import's sort files, inside the temporary folder (or the one given).
struct SortDirectory: Sendable {
    let path: String

    init(parent: String?, batchID: Int64) throws(InterchangeError) {
        let parent = parent ?? FileManager.default.temporaryDirectory.path
        path = parent + "/ims-import-\(batchID)-\(UUID().uuidString.prefix(8))"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw InterchangeError(.fileUnwritable, "Cannot make a folder for the import's sort files in \(parent): \(error)")
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
