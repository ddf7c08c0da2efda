extension IMSError.Code {
    public static let searchFilterInvalid = Self("search.filter_invalid")
    public static let transactionNotFound = Self("transaction.not_found")
    public static let importBatchNotFound = Self("import.batch_not_found")
    public static let importBatchReversed = Self("import.batch_reversed")
    public static let importBatchUnfinished = Self("import.batch_unfinished")
    public static let importBatchNotResumable = Self("import.batch_not_resumable")
}
