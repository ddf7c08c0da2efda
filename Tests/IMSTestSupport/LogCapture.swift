import Foundation
import Logging

/// Every log line of a test, message and metadata, at every level: to prove what is never logged (card
/// numbers, API keys). Shared by the provider and sandbox tests.
public final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    public init() {}

    public func logger() -> Logger {
        var logger = Logger(label: "ims.providers.tests") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    public var all: String { lock.withLock { lines.joined(separator: "\n") } }

    fileprivate func append(_ line: String) { lock.withLock { lines.append(line) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(event.message) \(merged)\(event.error.map { " \($0)" } ?? "")")
        }
    }
}
