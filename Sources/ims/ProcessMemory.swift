#if canImport(Glibc)
    import Glibc
#endif

/// The process's memory allocator, for commands that load millions of rows.
enum ProcessMemory {
    /// glibc gives each thread that allocates its own arena (up to eight per core), and a freed chunk goes
    /// back to its arena, not to the system: an import whose rows are built on one thread and freed on
    /// another peaked at 445 MiB over 1 million rows, and at 282 MiB with two arenas, at the same speed.
    /// `mallopt` is looked up at run time (`malloc.h` is not in Swift's Glibc module); elsewhere it is a no-op.
    static func limitAllocatorArenas() {
        #if canImport(Glibc)
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            let arenaMaximum: Int32 = -8  // M_ARENA_MAX in malloc.h
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
            _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMaximum, 2)
        #endif
    }
}
