/// Eight bytes at a time ("SIMD within a register"), so that scans for CSV separators, quotes and digits
/// skip the long stretches of ordinary text a byte at a time would crawl through.
enum ByteWords {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `pointer`, the first in the lowest bits whatever the machine's byte order, so
    /// "before" in memory is always "below" in the word.
    @inline(__always)
    static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of each byte of `word` that equals `byte`, and no other bit: exact, with no borrow
    /// between bytes, so it can be counted.
    @inline(__always)
    static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        let nonZero = ((difference & ~highBits) &+ ~highBits) | difference
        return ~nonZero & highBits
    }

    /// The high bit of each byte of `word` that is an ASCII digit; only meaningful when no byte has its
    /// high bit set (plain ASCII), which the caller checks first.
    @inline(__always)
    static func digits(_ word: UInt64) -> UInt64 {
        let atLeastZero = word &+ (ones &* 0x50)  // high bit set when byte >= 0x30
        let aboveNine = word &+ (ones &* 0x46)  // high bit set when byte >= 0x3A
        return atLeastZero & ~aboveNine & highBits
    }

    /// The position (0–7) of the first byte flagged in a non-zero mask.
    @inline(__always)
    static func firstIndex(_ mask: UInt64) -> Int {
        mask.trailingZeroBitCount >> 3
    }

    /// The bits of the bytes before the first one flagged in a non-zero mask.
    @inline(__always)
    static func before(first mask: UInt64) -> UInt64 {
        (mask & (~mask &+ 1)) &- 1
    }
}
