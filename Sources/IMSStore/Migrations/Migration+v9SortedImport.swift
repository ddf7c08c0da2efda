extension Migration {
    /// Legacy imports load a file in record-id order, whatever the file's order (decision 0016): a batch
    /// keeps how many records of that order it has loaded, so an interrupted import continues after them.
    /// Batches started before keep their file offset and line, and cannot be continued.
    static let v9SortedImport = Migration(
        version: 9,
        name: "sorted legacy import",
        statements: [
            "ALTER TABLE import_batches ADD COLUMN loaded_records {{int}}"
        ],
        sqliteOnly: [],
        postgresOnly: []
    )
}
