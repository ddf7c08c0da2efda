/// The 64-bit FNV-1a hash, fed bytes a run at a time: the import's fingerprint of a file, its hash of a row's
/// content (kept in the receipt register, so it must never change) and its sort key for duplicate keys.
struct FNV1a {
    private static let prime: UInt64 = 0x0000_0100_0000_01B3
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        for byte in bytes { add(byte: byte) }
    }

    /// A text's UTF-8, read from its own storage (row hashes are a tenth of an import's first pass).
    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var value = value
            for byte in utf8 {
                value ^= UInt64(byte)
                value &*= Self.prime
            }
            self.value = value
        }
    }

    mutating func add(byte: UInt8) {
        value ^= UInt64(byte)
        value &*= Self.prime
    }

    static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var hash = FNV1a()
        hash.add(bytes)
        return hash.value
    }
}
