/// A TOML document as IMS reads it: tables of keys in file order, each value with the line it was written on,
/// so that an error can name the line. The reader covers TOML 1.0 as a configuration file uses it: comments,
/// bare and quoted keys (dotted too), `[table]` and `[[array.of.tables]]` headers, basic, literal and
/// multi-line strings, integers (with `_`, `0x`, `0o`, `0b`), booleans, arrays, inline tables, and local dates
/// (`2021-10-01`, read as text). Floats and times are refused with a reason: money is pence and a rate is
/// basis points, never a decimal. docs/decisions/0014-council-configuration-as-a-file.md says why IMS reads
/// TOML itself.
public indirect enum TOMLValue: Hashable, Sendable {
    case string(String)
    case integer(Int64)
    case boolean(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    /// The kind of value in words, for error messages.
    public var kind: String {
        switch self {
        case .string: "text"
        case .integer: "a whole number"
        case .boolean: "true or false"
        case .array: "a list"
        case .table: "a table"
        }
    }
}

/// A table: its keys in the order written, each with its value and line.
public struct TOMLTable: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var value: TOMLValue
        public var line: Int
    }

    public var entries: [Entry] = []
    /// The line of the table's header (or of its first key), 0 for the document itself.
    public var line: Int

    public init(line: Int = 0) { self.line = line }

    public subscript(key: String) -> Entry? { entries.first { $0.key == key } }

    mutating func set(_ key: String, _ value: TOMLValue, line: Int) {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].value = value
        } else {
            entries.append(Entry(key: key, value: value, line: line))
        }
    }
}

/// Why a TOML document or a council file could not be read, with the line (when known) and key.
public struct TOMLError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int?
    public var key: String?
    public var reason: String

    public init(line: Int?, key: String? = nil, reason: String) {
        self.line = line
        self.key = key
        self.reason = reason
    }

    public var description: String {
        var parts: [String] = []
        if let line, line > 0 { parts.append("line \(line)") }
        if let key { parts.append(key) }
        return parts.isEmpty ? reason : "\(parts.joined(separator: ", ")): \(reason)"
    }
}

extension TOMLTable {
    /// Reads a whole document.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(Array(text.unicodeScalars))
        return try parser.document()
    }
}

/// Reads a document line by line into `root`: headers choose the table that `key = value` lines fill (through
/// the last element of any array of tables on the way); values are read by TOMLParser+Values.swift.
struct TOMLParser {
    let text: [Unicode.Scalar]
    var index = 0
    var line = 1
    var root = TOMLTable()
    /// Where `key = value` lines go: the path of the current `[table]` or `[[array]]` header.
    var current: [String] = []
    /// Tables defined by a header, and arrays of tables, by their dotted path, to refuse duplicates.
    var definedTables: Set<[String]> = []
    var tableArrays: Set<[String]> = []

    init(_ text: [Unicode.Scalar]) { self.text = text }

    var atEnd: Bool { index >= text.count }
    var peek: Unicode.Scalar? { atEnd ? nil : text[index] }

    func fail(_ reason: String) -> TOMLError { TOMLError(line: line, reason: reason) }

    mutating func advance() {
        if text[index] == "\n" { line += 1 }
        index += 1
    }

    mutating func skipSpaces() {
        while let scalar = peek, scalar == " " || scalar == "\t" { advance() }
    }

    /// Spaces, newlines and comments, as between array items.
    mutating func skipBlank() {
        while let scalar = peek {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                advance()
            } else if scalar == "#" {
                skipComment()
            } else {
                return
            }
        }
    }

    mutating func skipComment() {
        while let scalar = peek, scalar != "\n" { advance() }
    }

    /// After a value or header: only spaces and a comment may follow on the line.
    mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        if peek == "#" { skipComment() }
        if peek == "\r" { advance() }
        guard atEnd || peek == "\n" else { throw fail("unexpected text after the value; put each key on its own line") }
    }

    mutating func document() throws(TOMLError) -> TOMLTable {
        while true {
            skipBlank()
            guard let scalar = peek else { return root }
            if scalar == "[" {
                try header()
            } else {
                let (key, value, keyLine) = try keyValue()
                try endOfLine()
                try insert(value, at: current, key: key, line: keyLine)
            }
        }
    }

    mutating func header() throws(TOMLError) {
        advance()
        let isArray = peek == "["
        if isArray { advance() }
        skipSpaces()
        let headerLine = line
        let path = try dottedKey()
        skipSpaces()
        guard peek == "]" else { throw fail("expected ] to close the table header") }
        advance()
        if isArray {
            guard peek == "]" else { throw fail("expected ]] to close the array of tables header") }
            advance()
        }
        try endOfLine()
        let name = path.joined(separator: ".")
        if isArray {
            guard !definedTables.contains(path) else { throw fail("[[\(name)]] was already defined as a table") }
            tableArrays.insert(path)
            try appendTable(at: path, line: headerLine)
        } else {
            guard !definedTables.contains(path), !tableArrays.contains(path) else { throw fail("the table [\(name)] is defined twice") }
            definedTables.insert(path)
            try withTable(at: path, line: headerLine) { _ in }
        }
        current = path
    }

    /// `key = value`, with the line the key is on.
    mutating func keyValue() throws(TOMLError) -> (key: [String], value: TOMLValue, line: Int) {
        let keyLine = line
        let key = try dottedKey()
        skipSpaces()
        guard peek == "=" else { throw fail("expected = after the key \(key.joined(separator: "."))") }
        advance()
        skipSpaces()
        return (key, try value(), keyLine)
    }

    /// Keys: bare (`A-Za-z0-9_-`), "basic" or 'literal', joined by dots.
    mutating func dottedKey() throws(TOMLError) -> [String] {
        var parts = [try simpleKey()]
        while true {
            skipSpaces()
            guard peek == "." else { return parts }
            advance()
            skipSpaces()
            parts.append(try simpleKey())
        }
    }

    mutating func simpleKey() throws(TOMLError) -> String {
        switch peek {
        case "\"": return try basicString()
        case "'": return try literalString()
        default:
            var key = ""
            while let scalar = peek,
                scalar.properties.isASCIIHexDigit || ("g"..."z").contains(scalar) || ("G"..."Z").contains(scalar)
                    || scalar == "_" || scalar == "-"
            {
                key.unicodeScalars.append(scalar)
                advance()
            }
            guard !key.isEmpty else { throw fail("expected a key (letters, digits, _ or -, or a quoted key)") }
            return key
        }
    }

    // MARK: - Values

    mutating func value() throws(TOMLError) -> TOMLValue {
        guard let scalar = peek else { throw fail("expected a value") }
        switch scalar {
        case "\"":
            return .string(try startsWith("\"\"\"") ? multilineBasicString() : basicString())
        case "'":
            return .string(try startsWith("'''") ? multilineLiteralString() : literalString())
        case "[": return try array()
        case "{": return try inlineTable()
        case "t", "f": return try boolean()
        default: return try numberOrDate()
        }
    }

    func startsWith(_ prefix: String) -> Bool {
        let scalars = Array(prefix.unicodeScalars)
        return index + scalars.count <= text.count && Array(text[index..<index + scalars.count]) == scalars
    }

    mutating func array() throws(TOMLError) -> TOMLValue {
        advance()
        var items: [TOMLValue] = []
        while true {
            skipBlank()
            guard let scalar = peek else { throw fail("a list is not closed with ]") }
            if scalar == "]" {
                advance()
                return .array(items)
            }
            items.append(try value())
            skipBlank()
            if peek == "," {
                advance()
            } else if atEnd {
                throw fail("a list is not closed with ]")
            } else if peek != "]" {
                throw fail("expected , or ] in a list")
            }
        }
    }

    mutating func inlineTable() throws(TOMLError) -> TOMLValue {
        let tableLine = line
        advance()
        var table = TOMLTable(line: tableLine)
        skipSpaces()
        if peek == "}" {
            advance()
            return .table(table)
        }
        while true {
            skipSpaces()
            let (key, item, keyLine) = try keyValue()
            try Self.insert(item, into: &table, key: key, line: keyLine)
            skipSpaces()
            if peek == "," {
                advance()
            } else if peek == "}" {
                advance()
                return .table(table)
            } else {
                throw fail("expected , or } in an inline table (an inline table stays on one line)")
            }
        }
    }

    // MARK: - Filling the document

    mutating func insert(_ value: TOMLValue, at tablePath: [String], key: [String], line: Int) throws(TOMLError) {
        try withTable(at: tablePath, line: line) { (table: inout TOMLTable) throws(TOMLError) in
            try Self.insert(value, into: &table, key: key, line: line)
        }
    }

    static func insert(_ value: TOMLValue, into table: inout TOMLTable, key: [String], line: Int) throws(TOMLError) {
        let name = key.joined(separator: ".")
        if key.count == 1 {
            guard table[key[0]] == nil else { throw TOMLError(line: line, key: name, reason: "this key is set twice") }
            table.set(key[0], value, line: line)
            return
        }
        var inner: TOMLTable
        switch table[key[0]]?.value {
        case nil: inner = TOMLTable(line: line)
        case .table(let existing): inner = existing
        default: throw TOMLError(line: line, key: name, reason: "\(key[0]) is already a value, not a table")
        }
        try insert(value, into: &inner, key: Array(key.dropFirst()), line: line)
        table.set(key[0], .table(inner), line: line)
    }

    mutating func appendTable(at path: [String], line: Int) throws(TOMLError) {
        try withTable(at: Array(path.dropLast()), line: line) { (parent: inout TOMLTable) throws(TOMLError) in
            let key = path[path.count - 1]
            switch parent[key]?.value {
            case nil: parent.set(key, .array([.table(TOMLTable(line: line))]), line: line)
            case .array(var items) where items.allSatisfy({ if case .table = $0 { true } else { false } }):
                items.append(.table(TOMLTable(line: line)))
                parent.set(key, .array(items), line: line)
            default: throw TOMLError(line: line, key: path.joined(separator: "."), reason: "already a value, not an array of tables")
            }
        }
    }

    /// Runs `body` on the table at `path` (through the last element of any array of tables on the way).
    mutating func withTable(at path: [String], line: Int, _ body: (inout TOMLTable) throws(TOMLError) -> Void) throws(TOMLError) {
        try Self.descend(&root, path[...], line: line, body)
    }

    static func descend(_ table: inout TOMLTable, _ path: ArraySlice<String>, line: Int, _ body: (inout TOMLTable) throws(TOMLError) -> Void)
        throws(TOMLError)
    {
        guard let key = path.first else {
            try body(&table)
            return
        }
        let rest = path.dropFirst()
        switch table[key]?.value {
        case nil:
            var inner = TOMLTable(line: line)
            try descend(&inner, rest, line: line, body)
            table.set(key, .table(inner), line: line)
        case .table(var inner):
            try descend(&inner, rest, line: line, body)
            table.set(key, .table(inner), line: line)
        case .array(var items):
            guard case .table(var last)? = items.last else { throw TOMLError(line: line, key: key, reason: "already a value, not a table") }
            try descend(&last, rest, line: line, body)
            items[items.count - 1] = .table(last)
            table.set(key, .array(items), line: line)
        default:
            throw TOMLError(line: line, key: key, reason: "already a value, not a table")
        }
    }
}
