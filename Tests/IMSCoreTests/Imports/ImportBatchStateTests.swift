import IMSCore
import Testing

@Suite("Import batch state machine")
struct ImportBatchStateTests {
    @Test("Importing → complete → reversed, transition by transition")
    func happyPath() throws {
        #expect(try ImportBatchState.importing.transition(on: .recordChunk) == .unchanged)
        #expect(try ImportBatchState.importing.transition(on: .finish) == .moved(to: .complete))
        #expect(try ImportBatchState.complete.transition(on: .reverse) == .moved(to: .reversed))
    }

    @Test("An interrupted import stays importing and resumes where it stopped")
    func resume() throws {
        #expect(try ImportBatchState.importing.transition(on: .resume) == .unchanged)
    }

    @Test("An import abandoned half-way may be reversed")
    func reverseUnfinished() throws {
        #expect(try ImportBatchState.importing.transition(on: .reverse) == .moved(to: .reversed))
    }

    @Test("Finishing a complete batch again changes nothing")
    func finishTwice() throws {
        #expect(try ImportBatchState.complete.transition(on: .finish) == .unchanged)
    }

    @Test("No records are written into a complete batch", arguments: [ImportBatchState.Event.resume, .recordChunk])
    func completeTakesNoMore(event: ImportBatchState.Event) {
        #expect(throws: IMSError(.conflict, .importBatchComplete, "")) { try ImportBatchState.complete.transition(on: event) }
    }

    @Test("A reversed batch never changes", arguments: [ImportBatchState.Event.resume, .recordChunk, .finish, .reverse])
    func reversedIsFinal(event: ImportBatchState.Event) {
        #expect(throws: IMSError(.conflict, .importBatchReversed, "")) { try ImportBatchState.reversed.transition(on: event) }
    }

    @Test("The stored values of import_batches.state still decode")
    func rawValues() {
        #expect(ImportBatch.State(rawValue: "importing") == .importing)
        #expect(ImportBatch.State(rawValue: "complete") == .complete)
        #expect(ImportBatch.State(rawValue: "reversed") == .reversed)
        #expect(ImportBatchState.allCases.count == 3)
    }
}
