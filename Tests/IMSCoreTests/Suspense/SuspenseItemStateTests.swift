import IMSCore
import Testing

@Suite("Suspense item state machine")
struct SuspenseItemStateTests {
    @Test("Unallocated → partly allocated → allocated, in parts")
    func allocateInParts() throws {
        let item = try SuspenseItemState(amount: Money(pence: 10_000))
        #expect(item.status == .unallocated)
        let part = try item.transition(on: .allocate(Money(pence: 2_550)))
        #expect(part.status == .partlyAllocated)
        #expect(part.unallocated == Money(pence: 7_450))
        let all = try part.transition(on: .allocate(Money(pence: 7_450)))
        #expect(all.status == .allocated)
        #expect(all.unallocated == .zero)
    }

    @Test("All at once goes straight to allocated")
    func allocateAtOnce() throws {
        #expect(try SuspenseItemState(amount: Money(pence: 1)).transition(on: .allocate(Money(pence: 1))).status == .allocated)
    }

    @Test("Reversing an allocation puts its money back in suspense")
    func reverse() throws {
        let allocated = try SuspenseItemState(amount: Money(pence: 10_000), allocated: Money(pence: 10_000))
        let part = try allocated.transition(on: .reverseAllocation(Money(pence: 4_000)))
        #expect(part.status == .partlyAllocated)
        #expect(part.unallocated == Money(pence: 4_000))
        let none = try part.transition(on: .reverseAllocation(Money(pence: 6_000)))
        #expect(none.status == .unallocated)
        #expect(none.unallocated == Money(pence: 10_000))
    }

    @Test("Never more than is left is allocated")
    func overAllocation() throws {
        let part = try SuspenseItemState(amount: Money(pence: 10_000), allocated: Money(pence: 6_000))
        #expect(throws: IMSError(.validation, SuspenseItemState.overAllocated, "", field: "amount")) {
            try part.transition(on: .allocate(Money(pence: 4_001)))
        }
        let all = try part.transition(on: .allocate(Money(pence: 4_000)))
        #expect(throws: IMSError(.conflict, SuspenseItemState.alreadyAllocated, "")) { try all.transition(on: .allocate(Money(pence: 1))) }
    }

    @Test("Never more is reversed than was allocated")
    func overReversal() throws {
        let part = try SuspenseItemState(amount: Money(pence: 10_000), allocated: Money(pence: 3_000))
        #expect(throws: IMSError(.conflict, SuspenseItemState.reversalExceedsAllocated, "")) {
            try part.transition(on: .reverseAllocation(Money(pence: 3_001)))
        }
        #expect(throws: IMSError(.conflict, SuspenseItemState.reversalExceedsAllocated, "")) {
            try SuspenseItemState(amount: Money(pence: 5)).transition(on: .reverseAllocation(Money(pence: 1)))
        }
    }

    @Test("Amounts allocated or reversed are greater than zero", arguments: [Int64(0), -100])
    func positiveParts(pence: Int64) throws {
        let item = try SuspenseItemState(amount: Money(pence: 10_000), allocated: Money(pence: 5_000))
        #expect(throws: IMSError(.validation, .amountNotPositive, "", field: "amount")) { try item.transition(on: .allocate(Money(pence: pence))) }
        #expect(throws: IMSError(.validation, .amountNotPositive, "", field: "amount")) {
            try item.transition(on: .reverseAllocation(Money(pence: pence)))
        }
    }

    @Test("An item holds income, and what is allocated lies within it")
    func storedValues() {
        #expect(throws: IMSError(.validation, .amountNotPositive, "", field: "amount")) { try SuspenseItemState(amount: .zero) }
        #expect(throws: IMSError(.internal, SuspenseItemState.invalidState, "")) {
            try SuspenseItemState(amount: Money(pence: 100), allocated: Money(pence: 101))
        }
        #expect(throws: IMSError(.internal, SuspenseItemState.invalidState, "")) {
            try SuspenseItemState(amount: Money(pence: 100), allocated: Money(pence: -1))
        }
        #expect(SuspenseItemState.Status.allCases.map(\.rawValue) == ["unallocated", "partly_allocated", "allocated"])
    }
}
