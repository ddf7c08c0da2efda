/// One run of `ims import legacy` over one file: its own id, counts and totals, listed on the staff screens.
/// A batch is `importing` until the whole file is read (an interrupted import resumes it), then
/// `complete`; `reversed` once its migration entries have been cancelled by reversing entries
/// (``ImportBatchState``).
public struct ImportBatch: Hashable, Sendable, Identifiable {
    /// The batch's lifecycle, a state machine of its own (``ImportBatchState``).
    public typealias State = ImportBatchState

    public var id: Int64
    /// The file's name (not its path on the importing machine).
    public var fileName: String
    public var fileSize: Int64
    public var state: State
    public var startedAt: Timestamp
    public var startedBy: Principal
    public var finishedAt: Timestamp?
    public var rowsRead: Int64
    public var rowsImported: Int64
    public var rowsRejected: Int64
    public var rowsSkipped: Int64
    /// Net of refunds, as the funds see it (income positive).
    public var total: Money
    public var totalsByFund: [FundCode: Money]
    public var reversedAt: Timestamp?
    public var reversedBy: Principal?

    public init(
        id: Int64, fileName: String, fileSize: Int64, state: State, startedAt: Timestamp, startedBy: Principal,
        finishedAt: Timestamp? = nil, rowsRead: Int64 = 0, rowsImported: Int64 = 0, rowsRejected: Int64 = 0, rowsSkipped: Int64 = 0,
        total: Money = .zero, totalsByFund: [FundCode: Money] = [:], reversedAt: Timestamp? = nil, reversedBy: Principal? = nil
    ) {
        self.id = id
        self.fileName = fileName
        self.fileSize = fileSize
        self.state = state
        self.startedAt = startedAt
        self.startedBy = startedBy
        self.finishedAt = finishedAt
        self.rowsRead = rowsRead
        self.rowsImported = rowsImported
        self.rowsRejected = rowsRejected
        self.rowsSkipped = rowsSkipped
        self.total = total
        self.totalsByFund = totalsByFund
        self.reversedAt = reversedAt
        self.reversedBy = reversedBy
    }
}
