import Foundation

extension LegacyFileGenerator {
    /// The order of a generated file's rows. Old systems export by receipt number, fund or account as often
    /// as by date, so an import must not depend on the order, and a benchmark must not assume it.
    public enum RowOrder: String, CaseIterable, Sendable {
        /// By transaction date (the generator's own order).
        case time
        /// Shuffled.
        case random
        /// Fund by fund, by date within a fund.
        case fund
    }

    /// Where a row generated in time order goes: rows are written in `key` order (ties in time order).
    struct RowPlacement {
        var key: UInt64
        var offset: Int64
        var length: Int32
    }

    /// The header of `bytes`, then its rows in their keys' order.
    static func reorder(_ bytes: [UInt8], placements: [RowPlacement]) -> [UInt8] {
        let header = placements.first.map { Int($0.offset) } ?? bytes.count
        var output = Array(bytes[0..<header])
        output.reserveCapacity(bytes.count)
        for placement in sorted(placements) {
            output.append(contentsOf: bytes[Int(placement.offset)..<Int(placement.offset) + Int(placement.length)])
        }
        return output
    }

    /// Copies the header of `file`, then its rows in their keys' order, into a new file at `path`. The rows
    /// are read where they lie (the file is in the page cache, having just been written).
    static func reorder(file: String, placements: [RowPlacement], into path: String) throws(InterchangeError) {
        guard let input = FileHandle(forReadingAtPath: file) else { throw InterchangeError(.fileUnreadable, "Cannot open \(file)") }
        defer { try? input.close() }
        let (sink, output) = try CSVByteWriter.fileSink(path: path)
        defer { try? output.close() }
        var writer = CSVByteWriter(sink: sink)
        let header = placements.first.map { Int($0.offset) } ?? 0
        var buffer = [UInt8](repeating: 0, count: max(header, 1 << 16))
        let pieces = [RowPlacement(key: 0, offset: 0, length: Int32(header))] + sorted(placements)
        for piece in pieces {
            let length = Int(piece.length)
            if buffer.count < length { buffer = [UInt8](repeating: 0, count: length) }
            let read = buffer.withUnsafeMutableBytes { pread(input.fileDescriptor, $0.baseAddress, length, off_t(piece.offset)) }
            guard read == length else { throw InterchangeError(.fileUnreadable, "Reading \(file) at \(piece.offset) failed") }
            buffer.withUnsafeBufferPointer { writer.raw(UnsafeBufferPointer(rebasing: $0[0..<length])) }
            try writer.flushIfFull()
        }
        try writer.flush()
    }

    private static func sorted(_ placements: [RowPlacement]) -> [RowPlacement] {
        placements.sorted { ($0.key, $0.offset) < ($1.key, $1.offset) }
    }
}
