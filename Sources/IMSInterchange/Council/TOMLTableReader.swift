import IMSCore

/// Reads the keys of one table of a file, naming `path.key` and the line in every error, and refusing keys
/// it was not asked for (a misspelt key is an error, not a silently ignored setting).
final class TOMLTableReader {
    let table: TOMLTable
    /// Where the table is, e.g. `funds[2]`.
    let path: String
    private var used: Set<String> = []

    init(_ table: TOMLTable, path: String) {
        self.table = table
        self.path = path
    }

    func error(_ key: String?, _ reason: String) -> TOMLError {
        TOMLError(line: key.flatMap { table[$0]?.line } ?? table.line, key: key.map { path.isEmpty ? $0 : "\(path).\($0)" } ?? path, reason: reason)
    }

    private func value(_ key: String) -> TOMLValue? {
        used.insert(key)
        return table[key]?.value
    }

    private func wrongKind(_ key: String, _ value: TOMLValue, expected: String) -> TOMLError {
        error(key, "expected \(expected), found \(value.kind)")
    }

    func optionalString(_ key: String) throws(TOMLError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw wrongKind(key, value, expected: "text in quotes") }
        return text
    }

    func string(_ key: String) throws(TOMLError) -> String {
        guard let text = try optionalString(key) else { throw error(nil, "\(key) is missing") }
        guard !text.isEmpty else { throw error(key, "must not be empty") }
        return text
    }

    func optionalInteger(_ key: String) throws(TOMLError) -> Int64? {
        guard let value = value(key) else { return nil }
        guard case .integer(let number) = value else { throw wrongKind(key, value, expected: "a whole number") }
        return number
    }

    func optionalInt(_ key: String) throws(TOMLError) -> Int? {
        guard let number = try optionalInteger(key) else { return nil }
        guard let small = Int(exactly: number), (Int(Int32.min)...Int(Int32.max)).contains(small) else { throw error(key, "\(number) is too large") }
        return small
    }

    /// Pence, not negative.
    func optionalMoney(_ key: String) throws(TOMLError) -> Money? {
        guard let pence = try optionalInteger(key) else { return nil }
        guard pence >= 0 else { throw error(key, "an amount in pence cannot be negative") }
        return try checking(key) { () throws(IMSError) in try Money(checkedPence: pence) }
    }

    func bool(_ key: String, default fallback: Bool = false) throws(TOMLError) -> Bool {
        guard let value = value(key) else { return fallback }
        guard case .boolean(let flag) = value else { throw wrongKind(key, value, expected: "true or false") }
        return flag
    }

    func strings(_ key: String) throws(TOMLError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else { throw wrongKind(key, value, expected: "a list of text, like [\"a\", \"b\"]") }
        var texts: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw wrongKind(key, item, expected: "text in quotes in the list") }
            texts.append(text)
        }
        return texts
    }

    func integers(_ key: String) throws(TOMLError) -> [Int]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else { throw wrongKind(key, value, expected: "a list of whole numbers, like [2, 3, 4]") }
        var numbers: [Int] = []
        for item in items {
            guard case .integer(let number) = item, let small = Int(exactly: number), abs(small) < 1_000_000 else {
                throw wrongKind(key, item, expected: "a whole number in the list")
            }
            numbers.append(small)
        }
        return numbers
    }

    /// A table of its own (`[council]`, or an inline table).
    func table(_ key: String) throws(TOMLError) -> TOMLTableReader? {
        guard let value = value(key) else { return nil }
        guard case .table(let inner) = value else { throw wrongKind(key, value, expected: "a table") }
        return TOMLTableReader(inner, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// An array of tables (`[[funds]]`, or a list of inline tables); each reader's path is `key[n]`.
    func tables(_ key: String) throws(TOMLError) -> [TOMLTableReader] {
        guard let value = value(key) else { return [] }
        guard case .array(let items) = value else { throw wrongKind(key, value, expected: "an array of tables ([[\(key)]])") }
        var readers: [TOMLTableReader] = []
        for (index, item) in items.enumerated() {
            guard case .table(let inner) = item else { throw wrongKind(key, item, expected: "a table in the list") }
            readers.append(TOMLTableReader(inner, path: "\(path.isEmpty ? key : "\(path).\(key)")[\(index)]"))
        }
        return readers
    }

    /// One of `choices` (the allowed words are named in the error).
    func choice<T>(_ key: String, _ choices: [String: T]) throws(TOMLError) -> T? {
        guard let word = try optionalString(key) else { return nil }
        guard let chosen = choices[word] else { throw error(key, "\(word) is not one of \(choices.keys.sorted().joined(separator: ", "))") }
        return chosen
    }

    /// Refuses any key of the table that was not read.
    func finish() throws(TOMLError) {
        if let unknown = table.entries.first(where: { !used.contains($0.key) }) {
            throw error(unknown.key, "unknown key; the keys here are \(used.sorted().joined(separator: ", "))")
        }
    }

    /// Runs `body`, turning an `IMSError` from a domain type's own checks into an error naming `key`.
    func checking<T>(_ key: String, _ body: () throws(IMSError) -> T) throws(TOMLError) -> T {
        do { return try body() } catch { throw self.error(key, error.reason) }
    }
}
