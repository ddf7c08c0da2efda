/// When IMS next asks the provider about a payment it handed over, so that a payer who closed the tab (or a
/// notification that never came) cannot leave money taken but unposted. Checks back off from a minute to six
/// hours; a success is checked until the provider confirms the capture, since a capture can still fail.
public enum PaymentReconciliation {
    /// Waits after each check: 1, 2, 5, 10 and 30 minutes, 1, 3 and 6 hours, then every 6 hours.
    public static let delaysSeconds: [Int64] = [60, 120, 300, 600, 1_800, 3_600, 3 * 3_600, 6 * 3_600]
    /// About a week of checks; after that an officer is asked to look (see ``givenUpReason``).
    public static let maximumAttempts = 36

    public static let givenUpReason = "The provider has not confirmed this payment's outcome after a week of checks"

    /// The next check after `attempts` checks, or nil when none is needed: the payment never reached the
    /// provider, or it finished and (for a success) the capture is confirmed.
    public static func nextCheck(
        after attempts: Int, state: PaymentState, capturedAt: Timestamp?, handedToProvider: Bool, now: Timestamp
    ) -> Timestamp? {
        guard handedToProvider, needsChecking(state: state, capturedAt: capturedAt), attempts < maximumAttempts else { return nil }
        return now.adding(seconds: delaysSeconds[min(max(attempts, 0), delaysSeconds.count - 1)])
    }

    /// Unfinished, or a success whose capture the provider has not confirmed yet.
    public static func needsChecking(state: PaymentState, capturedAt: Timestamp?) -> Bool {
        !state.isFinished || (state == .success && capturedAt == nil)
    }
}
