/// Where a suspense item is in its life: income that arrived but matched no fund and reference (a bank
/// credit with a garbled reference, an allpay line for an unknown account) is unallocated; officers or the
/// suspense rules allocate it, in one go or in parts, until it is allocated in full. An allocation made in
/// error is reversed, which puts its money back in suspense. Money is never allocated twice: the state
/// carries the amount and what is allocated, and the status follows from them, so it cannot disagree.
public struct SuspenseItemState: Hashable, Sendable {
    /// The status the officers' screens show and the store keeps.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case unallocated
        case partlyAllocated = "partly_allocated"
        case allocated
    }

    /// What arrived in suspense; always positive.
    public let amount: Money
    /// What has been allocated out of it, net of reversed allocations; from zero up to ``amount``.
    public let allocated: Money

    public var unallocated: Money { amount - allocated }

    public var status: Status {
        if allocated.isZero { return .unallocated }
        return allocated == amount ? .allocated : .partlyAllocated
    }

    /// What can happen to a suspense item.
    public enum Event: Sendable, Hashable {
        /// So much is allocated to a fund and reference (by a journal out of suspense).
        case allocate(Money)
        /// An allocation of so much is reversed: the money is back in suspense.
        case reverseAllocation(Money)
    }

    public static let overAllocated = IMSError.Code("suspense.over_allocated")
    public static let alreadyAllocated = IMSError.Code("suspense.already_allocated")
    public static let reversalExceedsAllocated = IMSError.Code("suspense.reversal_exceeds_allocated")
    public static let invalidState = IMSError.Code("suspense.invalid_state")

    /// A new item, nothing allocated yet.
    public init(amount: Money) throws(IMSError) {
        try self.init(amount: amount, allocated: .zero)
    }

    /// An item as stored; refuses amounts that could not have come from the transitions.
    public init(amount: Money, allocated: Money) throws(IMSError) {
        guard amount.isPositive else {
            throw .validation(.amountNotPositive, "Suspense holds income: the amount must be greater than £0.00", field: "amount")
        }
        guard !allocated.isNegative, allocated <= amount else {
            throw IMSError(.internal, Self.invalidState, "A suspense item of \(amount.formatted) cannot have \(allocated.formatted) allocated")
        }
        self.amount = amount
        self.allocated = allocated
    }

    /// The state after `event`, as a pure function; throws when the event cannot happen (allocating more
    /// than is left, allocating an item already allocated in full, reversing more than was allocated).
    public func transition(on event: Event) throws(IMSError) -> SuspenseItemState {
        switch event {
        case .allocate(let part):
            guard part.isPositive else {
                throw .validation(.amountNotPositive, "Enter an amount to allocate greater than £0.00", field: "amount")
            }
            guard status != .allocated else {
                throw IMSError(.conflict, Self.alreadyAllocated, "This suspense item has already been allocated in full")
            }
            guard part <= unallocated else {
                throw .validation(Self.overAllocated, "\(part.formatted) is more than the \(unallocated.formatted) left in suspense", field: "amount")
            }
            return try SuspenseItemState(amount: amount, allocated: allocated + part)
        case .reverseAllocation(let part):
            guard part.isPositive else {
                throw .validation(.amountNotPositive, "The allocation reversed must be greater than £0.00", field: "amount")
            }
            guard part <= allocated else {
                throw IMSError(
                    .conflict, Self.reversalExceedsAllocated,
                    "Only \(allocated.formatted) of this suspense item is allocated; \(part.formatted) cannot be reversed")
            }
            return try SuspenseItemState(amount: amount, allocated: allocated - part)
        }
    }
}
