import Synchronization

/// IMS's public address, which may only be known once the server listens (port 0 in tests and tools).
public final class PublicAddress: Sendable {
    private let value: Mutex<String>
    private let isFinal: Bool

    /// - Parameters:
    ///   - url: the configured address (a trailing `/` is dropped).
    ///   - isFinal: false when the port is chosen by the system as the server starts (port 0).
    public init(url: String, isFinal: Bool) {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        value = Mutex(base)
        self.isFinal = isFinal
    }

    public var url: String { value.withLock { $0 } }

    /// Called when the server listens: with port 0 the real address replaces the configured one.
    public func listening(host: String, port: Int) {
        guard !isFinal else { return }
        let shownHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        value.withLock { $0 = "http://\(shownHost.contains(":") ? "[\(shownHost)]" : shownHost):\(port)" }
    }
}
