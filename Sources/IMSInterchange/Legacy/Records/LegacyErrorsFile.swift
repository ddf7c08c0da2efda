import Foundation
import IMSCore

/// The errors file of an import: one CSV row per rejected row — `line` (where the record starts; the
/// header is line 1), `column` (as headed in the file), `code`, `reason`, `receipt_reference` — with card
/// numbers already masked by `LegacyRowError`. A resumed import appends to the file it started. The file is
/// readable by its owner only (it quotes payers' data), and every cell that a spreadsheet would run as a
/// formula is made inert.
public final class LegacyErrorsFile {
    private var writer: CSVByteWriter
    private let handle: FileHandle
    public private(set) var count = 0

    public static let header = ["line", "column", "code", "reason", "receipt_reference"]

    public init(path: String, appending: Bool) throws(InterchangeError) {
        if appending, FileManager.default.fileExists(atPath: path), let handle = FileHandle(forWritingAtPath: path) {
            do {
                try handle.seekToEnd()
            } catch {
                throw InterchangeError(.fileUnwritable, "Cannot append to \(path): \(error)")
            }
            self.handle = handle
            writer = CSVByteWriter(sink: Self.sink(handle, path))
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw InterchangeError(.fileUnwritable, "Cannot create the errors file \(path)")
        }
        self.handle = handle
        writer = CSVByteWriter(sink: Self.sink(handle, path))
        writeRow(Self.header)
        try writer.flush()
    }

    private static func sink(_ handle: FileHandle, _ path: String) -> CSVByteWriter.Sink {
        { (bytes) throws(InterchangeError) in
            do {
                try handle.write(contentsOf: Data(buffer: bytes))
            } catch {
                throw InterchangeError(.fileUnwritable, "Writing the errors file \(path) failed: \(error)")
            }
        }
    }

    /// Writes the errors in line order and flushes them, so the file on disk matches what was committed.
    public func write(_ errors: [LegacyRowError]) throws(InterchangeError) {
        for error in errors.sorted(by: { $0.line < $1.line }) {
            writeRow([String(error.line), error.column ?? "", error.code.rawValue, error.reason, error.receiptReference ?? ""])
            count += 1
        }
        try writer.flush()
    }

    private func writeRow(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { writer.comma() }
            writer.field(Array(SpreadsheetText.inert(field).utf8))
        }
        writer.endRecord()
    }

    public func close() throws(InterchangeError) {
        try writer.flush()
        do {
            try handle.close()
        } catch {
            throw InterchangeError(.fileUnwritable, "Closing the errors file failed: \(error)")
        }
    }
}
