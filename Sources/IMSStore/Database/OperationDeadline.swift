import Synchronization

/// Runs a database operation with a deadline, for the server: a connection lost mid-query (PostgreSQL
/// restarted) can leave PostgresNIO's query waiting for ever, and one such request holds up the HTTP
/// server's graceful shutdown for ever (issue 9 item 6, measured). Past the deadline the caller gets
/// `StoreError.timedOut` and goes on (the request answers 503, the transaction was never committed); the
/// stuck operation is left behind and logged.
///
/// The operation runs in a task of its own because a task that ignores cancellation cannot be abandoned
/// any other way; the caller's cancellation is passed on to it.
enum OperationDeadline {
    static func run<T: Sendable>(seconds: Int64, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = OnceContinuation<T>()
        let work = Task {
            do {
                outcome.resume(.success(try await operation()))
            } catch {
                outcome.resume(.failure(error))
            }
        }
        let timer = Task {
            try await Task.sleep(for: .seconds(seconds))
            if outcome.resume(.failure(StoreError(.timedOut, "The database did not answer within \(seconds) s"))) { work.cancel() }
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await outcome.value()
        } onCancel: {
            work.cancel()
        }
    }
}

/// A result delivered once, by whichever of the work and the deadline comes first.
private final class OnceContinuation<T: Sendable>: Sendable {
    private enum State {
        case waiting(CheckedContinuation<T, any Error>?)
        case done(Result<T, any Error>?)
    }

    private let state = Mutex<State>(.waiting(nil))

    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let early: Result<T, any Error>? = state.withLock { state in
                switch state {
                case .waiting:
                    state = .waiting(continuation)
                    return nil
                case .done(let result):
                    state = .done(nil)
                    return result
                }
            }
            if let early { continuation.resume(with: early) }
        }
    }

    /// Delivers `result` unless one was delivered already; true when this one was.
    @discardableResult
    func resume(_ result: Result<T, any Error>) -> Bool {
        let waiting: CheckedContinuation<T, any Error>?? = state.withLock { state in
            switch state {
            case .waiting(let continuation):
                state = .done(continuation == nil ? result : nil)
                return .some(continuation)
            case .done:
                return .none
            }
        }
        guard let continuation = waiting else { return false }
        continuation?.resume(with: result)
        return true
    }
}
