import IMSCore

/// The sandbox's payments, in memory. They belong to one process and are lost when it stops: the sandbox
/// is for development and demos, where that is what one wants. (A payment IMS still holds as pending after
/// a restart asks the sandbox for its status, gets `provider.payment_not_found`, and expires on IMS's side.)
///
/// The store is bounded: when full it first drops the oldest finished or expired payments, and refuses
/// new ones only if all it holds are still in progress.
actor SandboxPaymentStore {
    let capacity: Int
    private var byID: [String: SandboxPayment] = [:]
    private var idByPageToken: [String: String] = [:]
    /// Every page token issued for a payment (one per read, as GOV.UK Pay gives a fresh `next_url`).
    private var pageTokensByID: [String: [String]] = [:]
    /// Payments by the `Idempotency-Key` they were created with: a repeat returns the first.
    private var idByIdempotencyKey: [String: String] = [:]
    /// Payment ids, oldest first, for eviction.
    private var order: [String] = []

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds a payment; false when the store is full of payments still in progress.
    func add(_ payment: SandboxPayment, now: Timestamp) -> Bool {
        if byID.count >= capacity { evictFinished(now: now) }
        guard byID.count < capacity else { return false }
        byID[payment.id] = payment
        idByPageToken[payment.pageToken] = payment.id
        pageTokensByID[payment.id] = [payment.pageToken]
        order.append(payment.id)
        return true
    }

    /// The payment already created with `idempotencyKey`, if any.
    func payment(idempotencyKey: String, now: Timestamp) -> SandboxPayment? {
        idByIdempotencyKey[idempotencyKey].flatMap { payment(id: $0, now: now) }
    }

    func remember(idempotencyKey: String, for id: String) {
        if idByIdempotencyKey.count >= capacity { idByIdempotencyKey.removeAll() }
        idByIdempotencyKey[idempotencyKey] = id
    }

    /// A new page token for the payment, kept with the others (at most 20 are live per payment).
    func issuePageToken(_ token: String, for id: String) {
        guard byID[id] != nil else { return }
        var tokens = pageTokensByID[id] ?? []
        tokens.append(token)
        if tokens.count > 20 { idByPageToken[tokens.removeFirst()] = nil }
        pageTokensByID[id] = tokens
        idByPageToken[token] = id
    }

    /// The payment as it stands at `now` (expired if its time is up).
    func payment(id: String, now: Timestamp) -> SandboxPayment? {
        byID[id].map { settle($0, now: now) }
    }

    func payment(pageToken: String, now: Timestamp) -> SandboxPayment? {
        idByPageToken[pageToken].flatMap { payment(id: $0, now: now) }
    }

    /// Applies `change` to the payment as it stands at `now`, atomically: two submissions of the same page
    /// cannot both succeed. Returns what `change` returned.
    func update<Outcome: Sendable>(
        id: String, now: Timestamp, _ change: @Sendable (SandboxPayment) -> (SandboxPayment?, Outcome)
    ) -> Outcome? {
        guard let current = payment(id: id, now: now) else { return nil }
        let (next, outcome) = change(current)
        if let next { byID[id] = next }
        return outcome
    }

    /// Records an expiry found on reading, so the state a payer saw is the state the API reports.
    private func settle(_ payment: SandboxPayment, now: Timestamp) -> SandboxPayment {
        let current = payment.asOf(now)
        if current != payment { byID[payment.id] = current }
        return current
    }

    private func evictFinished(now: Timestamp) {
        let target = max(0, capacity - max(1, capacity / 10))
        var kept: [String] = []
        for id in order {
            guard let payment = byID[id] else { continue }
            if byID.count > target, payment.asOf(now).status.isFinished {
                byID[id] = nil
                for token in pageTokensByID.removeValue(forKey: id) ?? [] { idByPageToken[token] = nil }
            } else {
                kept.append(id)
            }
        }
        order = kept
    }
}
