/// Work a server repeats on a timer beside the requests it answers: confirming payments with the provider,
/// sending webhooks from the outbox, sealing the ledger, clearing ended sessions. One service runs each
/// (`PeriodicService` in IMSWeb); every kind of work must be safe with several instances running it.
public protocol PeriodicWork: Sendable {
    /// Its name in logs.
    var name: String { get }
    /// The wait between the end of one round and the start of the next.
    var intervalSeconds: Int { get }
    /// Does one round. An error is logged and the work tried again after the interval.
    func runOnce() async throws
}
