import IMSCore
import Logging
import ServiceLifecycle

/// Runs one `PeriodicWork` beside the HTTP server until shutdown: a round, then the work's interval, and
/// again. A failed round is logged and retried after the interval; shutdown stops the wait at once (a round
/// left undone is picked up by the next start or by another instance).
struct PeriodicService: Service {
    let work: any PeriodicWork
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await work.runOnce()
                } catch {
                    logger.error("\(work.name) failed; will retry", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(work.intervalSeconds))
            }
        }
    }
}

/// Removes expired sessions and stale pending sign-ins every ten minutes. Safe on several instances.
struct SessionCleanup: PeriodicWork {
    let sessions: any SessionStore
    let policy: SessionPolicy
    let name = "session clean-up"
    let intervalSeconds = 600

    func runOnce() async throws {
        _ = try await sessions.removeExpiredSessions(policy: policy)
    }
}
