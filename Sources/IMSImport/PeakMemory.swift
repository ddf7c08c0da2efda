#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's peak resident memory, the figure an import's memory bound is measured by.
public enum PeakMemory {
    /// The highest resident memory since the process started, or since the last `reset`.
    public static var megabytes: Int {
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Int(usage.ru_maxrss) / 1024  // kilobytes on Linux
        #else
            getrusage(RUSAGE_SELF, &usage)
            return Int(usage.ru_maxrss) / 1_048_576  // bytes on Darwin
        #endif
    }

    /// Starts the peak again from the memory in use now (Linux: `/proc/self/clear_refs`), so that what a
    /// benchmark did first (generating its file) is not counted as the import's. Says whether it could.
    @discardableResult
    public static func reset() -> Bool {
        #if os(Linux)
            let file = open("/proc/self/clear_refs", O_WRONLY)
            guard file >= 0 else { return false }
            defer { close(file) }
            return write(file, "5", 1) == 1
        #else
            return false
        #endif
    }
}
