import Testing

@testable import IMSImport

@Suite("Peak memory")
struct PeakMemoryTests {
    /// `ims bench import` generated its file in the same process, and the generator's 477 MiB was printed as
    /// the import's peak (6.5 million rows). The peak starts again after a reset.
    @Test("a reset forgets the memory used before it", .enabled(if: PeakMemoryTests.onLinux))
    func reset() {
        #expect(PeakMemory.reset())
        let before = PeakMemory.megabytes
        let size = 768 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        for offset in stride(from: 0, to: size, by: 4096) { block.storeBytes(of: UInt8(1), toByteOffset: offset, as: UInt8.self) }
        let peak = PeakMemory.megabytes
        block.deallocate()
        #expect(peak >= before + 512, "the touched block shows in the peak")
        #expect(PeakMemory.reset())
        #expect(PeakMemory.megabytes < peak - 384, "after the block is freed and the peak reset, the block is no longer counted")
    }

    static var onLinux: Bool {
        #if os(Linux)
            true
        #else
            false
        #endif
    }
}
