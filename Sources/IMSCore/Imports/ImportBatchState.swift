/// Where one run of `ims import legacy` over one file is in its life: importing (chunks are written, each in
/// its own transaction; an interrupted import stays importing, and running the same file again resumes it
/// where it stopped) → complete once the whole file is read → reversed when an officer cancels the batch with
/// reversing entries. A batch may be reversed before it completes (an import abandoned half-way), and a
/// reversed batch never changes again. The raw values are the `import_batches.state` column's.
public enum ImportBatchState: String, Sendable, Hashable, Codable, CaseIterable {
    case importing
    case complete
    case reversed

    /// What can happen to an import batch.
    public enum Event: Sendable, Hashable {
        /// The same file is imported again after an interruption: the batch carries on.
        case resume
        /// A chunk of the file's records was written.
        case recordChunk
        /// The whole file has been read.
        case finish
        /// The batch's migration entries were cancelled by reversing entries.
        case reverse
    }

    /// The outcome of an event: a move to a new state, or nothing to do (an import carrying on, a batch
    /// finished twice).
    public enum Transition: Sendable, Hashable {
        case moved(to: ImportBatchState)
        case unchanged
    }

    /// The next state after `event`, as a pure function; throws when the event cannot happen now (writing
    /// more records into a finished batch, reversing a batch twice).
    public func transition(on event: Event) throws(IMSError) -> Transition {
        switch (self, event) {
        case (.importing, .resume), (.importing, .recordChunk), (.complete, .finish):
            return .unchanged
        case (.importing, .finish):
            return .moved(to: .complete)
        case (.importing, .reverse), (.complete, .reverse):
            return .moved(to: .reversed)
        case (.complete, .resume), (.complete, .recordChunk):
            throw IMSError(.conflict, .importBatchComplete, "This import batch is complete; no more records can be written to it")
        case (.reversed, _):
            throw IMSError(.conflict, .importBatchReversed, "This import batch was already reversed")
        }
    }
}

extension IMSError.Code {
    public static let importBatchComplete = Self("import.batch_complete")
}
