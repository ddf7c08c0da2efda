import Foundation

/// Buffered CSV output: bytes collect in memory and go to the sink a megabyte at a time, so that writing
/// millions of rows costs a few hundred system calls. Fields are quoted only when they must be (a comma,
/// quote, CR or LF inside), with quotes doubled, as RFC 4180 says.
///
/// Non-copyable, owning its buffer, so that appending a byte is a store and an add: no array
/// copy-on-write checks on the generator's per-byte path.
struct CSVByteWriter: ~Copyable {
    typealias Sink = (UnsafeBufferPointer<UInt8>) throws(InterchangeError) -> Void

    private var start: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    private let flushBytes: Int
    private let sink: Sink

    init(flushBytes: Int = 1 << 20, sink: @escaping Sink) {
        self.flushBytes = flushBytes
        self.sink = sink
        capacity = flushBytes + 64 * 1024
        start = .allocate(capacity: capacity)
    }

    deinit { start.deallocate() }

    /// A sink that writes to a new file at `path` (replacing any there), and the file to close afterwards.
    static func fileSink(path: String) throws(InterchangeError) -> (sink: Sink, handle: FileHandle) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw InterchangeError(.fileUnwritable, "Cannot create \(path)")
        }
        let sink: Sink = { (bytes) throws(InterchangeError) in
            do {
                try handle.write(contentsOf: Data(buffer: bytes))
            } catch {
                throw InterchangeError(.fileUnwritable, "Writing \(path) failed: \(error)")
            }
        }
        return (sink, handle)
    }

    /// What has been written and not yet flushed.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: start, count: count)) }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity * 2, count + extra))
        larger.update(from: start, count: count)
        start.deallocate()
        start = larger
        capacity = max(capacity * 2, count + extra)
    }

    mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        reserve(bytes.count)
        (start + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    mutating func raw(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { raw($0) } }

    @inline(__always)
    mutating func raw(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count += 1
    }

    mutating func comma() { raw(UInt8(ascii: ",")) }

    mutating func endRecord() {
        raw(UInt8(ascii: "\r"))
        raw(UInt8(ascii: "\n"))
    }

    /// A field, quoted if it holds a comma, a quote or a line end.
    mutating func field(_ bytes: [UInt8]) {
        guard bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") })
        else {
            raw(bytes)
            return
        }
        raw(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { raw(byte) }
            raw(byte)
        }
        raw(UInt8(ascii: "\""))
    }

    /// A non-negative number, zero-padded to at least `width` digits.
    mutating func number(_ value: Int, width: Int = 1) {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        let length = max(digits, width)
        reserve(length)
        rest = value
        var position = start + count + length - 1
        for _ in 0..<length {
            position.pointee = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            position -= 1
        }
        count += length
    }

    /// Pence as pounds with exactly two decimal places: `-12.50`.
    mutating func amount(pence: Int64) {
        if pence < 0 { raw(UInt8(ascii: "-")) }
        let magnitude = Int(pence.magnitude)
        number(magnitude / 100)
        raw(UInt8(ascii: "."))
        number(magnitude % 100, width: 2)
    }

    /// Hands the buffer to the sink once it holds `flushBytes`.
    mutating func flushIfFull() throws(InterchangeError) {
        if count >= flushBytes { try flush() }
    }

    mutating func flush() throws(InterchangeError) {
        guard count > 0 else { return }
        try sink(UnsafeBufferPointer(start: start, count: count))
        count = 0
    }
}
