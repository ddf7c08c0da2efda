import Testing

@testable import IMSImport

@Suite("FNV-1a")
struct FNV1aTests {
    /// The published 64-bit FNV-1a test vectors: the receipt register keeps these hashes, so they never change.
    @Test("the published test vectors", arguments: [("", 0xCBF2_9CE4_8422_2325), ("a", 0xAF63_DC4C_8601_EC8C), ("foobar", 0x8594_4171_F739_67E8)])
    func vectors(_ text: String, _ expected: UInt64) {
        #expect(FNV1a.hash(text.utf8) == expected)
        var fed = FNV1a()
        for byte in text.utf8 { fed.add(byte: byte) }
        #expect(fed.value == expected)
        var whole = FNV1a()
        whole.add(text)
        #expect(whole.value == expected)
    }
}
