import Foundation
import IMSCore
import IMSInterchange

/// An external sort for the import: entries (a 64-bit key, the file line, and bytes) collect in a buffer of
/// bounded size, each full buffer is sorted and written to a run file, and `SortedRunMerger` reads the runs
/// back merged. Memory is the buffer and a read buffer per run, whatever the size of the file.
///
/// Entries sort by key, then (when `comparesPayload`) by their bytes, then by line.
final class SortedRunWriter {
    struct Entry {
        var key: UInt64
        var line: Int64
        var offset: Int
        var length: Int
    }

    private let directory: String
    private let name: String
    private let comparesPayload: Bool
    private let bufferBytes: Int
    private var buffer: [UInt8] = []
    private var entries: [Entry] = []
    private(set) var runs: [String] = []
    private(set) var count: Int64 = 0

    init(directory: String, name: String, comparesPayload: Bool, bufferBytes: Int) {
        self.directory = directory
        self.name = name
        self.comparesPayload = comparesPayload
        self.bufferBytes = max(bufferBytes, 1 << 16)
        buffer.reserveCapacity(self.bufferBytes + (1 << 16))
    }

    /// Adds an entry whose bytes `write` appends to the buffer it is given.
    func add(key: UInt64, line: Int64, _ write: (inout [UInt8]) -> Void) throws(InterchangeError) {
        let offset = buffer.count
        write(&buffer)
        entries.append(Entry(key: key, line: line, offset: offset, length: buffer.count - offset))
        count += 1
        if buffer.count + entries.count * MemoryLayout<Entry>.stride >= bufferBytes { try spill() }
    }

    /// Writes what is buffered as a run; `finish` before merging.
    func finish() throws(InterchangeError) {
        if !entries.isEmpty { try spill() }
    }

    private func spill() throws(InterchangeError) {
        let comparesPayload = comparesPayload
        buffer.withUnsafeBytes { bytes in
            entries.sort { a, b in
                if a.key != b.key { return a.key < b.key }
                if comparesPayload {
                    let order = SortedRunWriter.compare(
                        UnsafeRawBufferPointer(rebasing: bytes[a.offset..<a.offset + a.length]),
                        UnsafeRawBufferPointer(rebasing: bytes[b.offset..<b.offset + b.length]))
                    if order != 0 { return order < 0 }
                }
                return a.line < b.line
            }
        }
        let path = directory + "/\(name)-\(runs.count).run"
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw InterchangeError(.fileUnwritable, "Cannot create the import's sort file \(path)")
        }
        defer { try? handle.close() }
        var output: [UInt8] = []
        output.reserveCapacity(1 << 20)
        do {
            for entry in entries {
                SortedRunWriter.append(entry.key, to: &output)
                SortedRunWriter.append(UInt64(bitPattern: entry.line), to: &output)
                SortedRunWriter.append(UInt64(entry.length), to: &output)
                output.append(contentsOf: buffer[entry.offset..<entry.offset + entry.length])
                if output.count >= 1 << 20 {
                    try handle.write(contentsOf: output)
                    output.removeAll(keepingCapacity: true)
                }
            }
            try handle.write(contentsOf: output)
        } catch {
            throw InterchangeError(.fileUnwritable, "Writing the import's sort file \(path) failed: \(error)")
        }
        runs.append(path)
        buffer.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
    }

    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// memcmp order, shorter first when one is a prefix of the other.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let left = a.baseAddress, let right = b.baseAddress {
            let order = memcmp(left, right, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }
}

/// Reads one run file an entry at a time through a buffer; `payload` is valid until the next `advance`.
final class SortedRunReader {
    private let descriptor: Int32
    private let path: String
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var atEndOfFile = false
    private(set) var key: UInt64 = 0
    private(set) var line: Int64 = 0
    private(set) var payload = UnsafeRawBufferPointer(start: nil, count: 0)
    private(set) var isFinished = false
    private static let headerBytes = 24

    init(path: String, bufferBytes: Int) throws(InterchangeError) {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw InterchangeError(.fileUnreadable, "Cannot open the import's sort file \(path)") }
        buffer = .allocate(byteCount: max(bufferBytes, 1 << 16), alignment: 8)
        try advance()
    }

    deinit {
        buffer.deallocate()
        close(descriptor)
    }

    /// Moves to the next entry, or sets `isFinished`.
    func advance() throws(InterchangeError) {
        guard try ensure(Self.headerBytes) else {
            isFinished = true
            return
        }
        key = load(at: start)
        line = Int64(bitPattern: load(at: start + 8))
        let length = Int(load(at: start + 16))
        guard try ensure(Self.headerBytes + length) else {
            throw InterchangeError(.fileUnreadable, "The import's sort file \(path) ends inside an entry")
        }
        payload = UnsafeRawBufferPointer(rebasing: buffer[start + Self.headerBytes..<start + Self.headerBytes + length])
        start += Self.headerBytes + length
    }

    private func load(at offset: Int) -> UInt64 {
        UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Makes `bytes` bytes available from `start`, reading more (and growing the buffer) as needed; false
    /// at the end of the file with nothing left.
    private func ensure(_ bytes: Int) throws(InterchangeError) -> Bool {
        if end - start >= bytes { return true }
        if start > 0 {
            if end > start, let base = buffer.baseAddress { memmove(base, base + start, end - start) }
            end -= start
            start = 0
        }
        if bytes > buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes * 2, alignment: 8)
            if end > 0 { larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<end])) }
            buffer.deallocate()
            buffer = larger
        }
        while end < bytes, !atEndOfFile {
            let count = read(descriptor, buffer.baseAddress! + end, buffer.count - end)
            guard count >= 0 else { throw InterchangeError(.fileUnreadable, "Reading the import's sort file \(path) failed") }
            if count == 0 { atEndOfFile = true }
            end += count
        }
        if end - start >= bytes { return true }
        if end == start { return false }
        throw InterchangeError(.fileUnreadable, "The import's sort file \(path) ends inside an entry")
    }
}

/// The runs of a `SortedRunWriter` read back as one sorted sequence (a binary heap of the runs' heads).
final class SortedRunMerger {
    private var heap: [SortedRunReader] = []
    private let comparesPayload: Bool
    private var current: SortedRunReader?

    init(runs: [String], comparesPayload: Bool, bufferBytes: Int = 256 << 10) throws(InterchangeError) {
        self.comparesPayload = comparesPayload
        for path in runs {
            let reader = try SortedRunReader(path: path, bufferBytes: bufferBytes)
            if !reader.isFinished { push(reader) }
        }
    }

    /// The next entry in order (its payload valid until the next call), or nil when every run is read.
    func next() throws(InterchangeError) -> SortedRunReader? {
        if let current {
            try current.advance()
            if !current.isFinished { push(current) }
            self.current = nil
        }
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let smallest = heap.removeLast()
        siftDown(0)
        current = smallest
        return smallest
    }

    private func precedes(_ a: SortedRunReader, _ b: SortedRunReader) -> Bool {
        if a.key != b.key { return a.key < b.key }
        if comparesPayload {
            let order = SortedRunWriter.compare(a.payload, b.payload)
            if order != 0 { return order < 0 }
        }
        return a.line < b.line
    }

    private func push(_ reader: SortedRunReader) {
        heap.append(reader)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, precedes(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, precedes(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
