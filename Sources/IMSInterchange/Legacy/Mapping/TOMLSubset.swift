/// Just enough TOML for a mapping file: comments, `[table]` headers, `key = "string"` (basic or literal
/// strings, bare or quoted keys) and arrays of strings, which may span lines. Anything else (numbers, dotted
/// keys, nested tables, multi-line strings) is refused with its line, never guessed at.
enum TOMLSubset {
    indirect enum Value: Equatable {
        case string(String)
        case array([String])
        case table([String: Value])

        var jsonObject: Any {
            switch self {
            case .string(let text): text
            case .array(let items): items
            case .table(let entries): entries.mapValues(\.jsonObject)
            }
        }
    }

    struct Document {
        var root: [String: Value]
        var jsonObject: [String: Any] { root.mapValues(\.jsonObject) }
    }

    static func parse(_ text: String) throws(InterchangeError) -> Document {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        return Document(root: try parser.parseDocument())
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1

        init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        func error(_ why: String) -> InterchangeError {
            InterchangeError(.mappingInvalid, "The mapping's TOML cannot be read at line \(line): \(why)", line: line)
        }

        mutating func parseDocument() throws(InterchangeError) -> [String: Value] {
            var root: [String: Value] = [:]
            var tableName: String?
            var table: [String: Value] = [:]
            func store(_ key: String, _ value: Value, in entries: inout [String: Value]) throws(InterchangeError) {
                guard entries.updateValue(value, forKey: key) == nil else { throw error("the key \(key) is given twice") }
            }
            while true {
                skipBlanks(acrossLines: true)
                guard let scalar = current else { break }
                if scalar == "[" {
                    index += 1
                    if current == "[" { throw error("arrays of tables ([[…]]) are not supported") }
                    skipBlanks(acrossLines: false)
                    let name = try parseKey()
                    skipBlanks(acrossLines: false)
                    guard current == "]" else { throw error("a table header must end with ]") }
                    index += 1
                    if let tableName { try store(tableName, .table(table), in: &root) }
                    guard root[name] == nil else { throw error("the table [\(name)] is given twice") }
                    tableName = name
                    table = [:]
                } else {
                    let key = try parseKey()
                    skipBlanks(acrossLines: false)
                    guard current == "=" else { throw error("expected = after the key \(key)") }
                    index += 1
                    skipBlanks(acrossLines: false)
                    let value = try parseValue()
                    if tableName == nil { try store(key, value, in: &root) } else { try store(key, value, in: &table) }
                }
                try endLine()
            }
            if let tableName { try store(tableName, .table(table), in: &root) }
            return root
        }

        /// Skips spaces and tabs, comments, and (when asked) line ends.
        mutating func skipBlanks(acrossLines: Bool) {
            while let scalar = current {
                if scalar == " " || scalar == "\t" || (acrossLines && scalar == "\r") {
                    index += 1
                } else if scalar == "#" {
                    while let next = current, next != "\n" { index += 1 }
                } else if acrossLines && scalar == "\n" {
                    index += 1
                    line += 1
                } else {
                    break
                }
            }
        }

        mutating func endLine() throws(InterchangeError) {
            skipBlanks(acrossLines: false)
            if current == "\r" { index += 1 }
            guard let scalar = current else { return }
            guard scalar == "\n" else { throw error("unexpected text after the value") }
        }

        mutating func parseKey() throws(InterchangeError) -> String {
            let key: String
            switch current {
            case "\"": key = try parseBasicString()
            case "'": key = try parseLiteralString()
            default:
                var bare = ""
                while let scalar = current,
                    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                        || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
                {
                    bare.unicodeScalars.append(scalar)
                    index += 1
                }
                guard !bare.isEmpty else { throw error("expected a key (letters, digits, _ or -, or a quoted key)") }
                key = bare
            }
            if current == "." { throw error("dotted keys are not supported; use a [table]") }
            return key
        }

        mutating func parseValue() throws(InterchangeError) -> Value {
            switch current {
            case "\"": return .string(try parseBasicString())
            case "'": return .string(try parseLiteralString())
            case "[":
                index += 1
                var items: [String] = []
                while true {
                    skipBlanks(acrossLines: true)
                    if current == "]" {
                        index += 1
                        return .array(items)
                    }
                    switch current {
                    case "\"": items.append(try parseBasicString())
                    case "'": items.append(try parseLiteralString())
                    default: throw error("only arrays of strings are supported")
                    }
                    skipBlanks(acrossLines: true)
                    if current == "," { index += 1 } else if current != "]" { throw error("expected , or ] in the array") }
                }
            default:
                throw error("only strings (\"…\") and arrays of strings are supported as values")
            }
        }

        mutating func parseLiteralString() throws(InterchangeError) -> String {
            index += 1
            if current == "'" && index + 1 < scalars.count && scalars[index + 1] == "'" { throw error("multi-line strings are not supported") }
            var text = ""
            while let scalar = current, scalar != "'" {
                guard scalar != "\n" else { throw error("a string is not closed on its line") }
                text.unicodeScalars.append(scalar)
                index += 1
            }
            guard current == "'" else { throw error("a string is never closed") }
            index += 1
            return text
        }

        mutating func parseBasicString() throws(InterchangeError) -> String {
            index += 1
            if current == "\"" && index + 1 < scalars.count && scalars[index + 1] == "\"" { throw error("multi-line strings are not supported") }
            var text = ""
            while let scalar = current, scalar != "\"" {
                guard scalar != "\n" else { throw error("a string is not closed on its line") }
                index += 1
                guard scalar == "\\" else {
                    text.unicodeScalars.append(scalar)
                    continue
                }
                guard let escaped = current else { break }
                index += 1
                switch escaped {
                case "\"": text.append("\"")
                case "\\": text.append("\\")
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "b": text.append("\u{08}")
                case "f": text.append("\u{0C}")
                case "u", "U":
                    let length = escaped == "u" ? 4 : 8
                    guard index + length <= scalars.count,
                        let value = UInt32(String(String.UnicodeScalarView(scalars[index..<(index + length)])), radix: 16),
                        let unicode = Unicode.Scalar(value)
                    else { throw error("a \\\(escaped) escape needs \(length) hex digits of a valid character") }
                    text.unicodeScalars.append(unicode)
                    index += length
                default: throw error("unknown escape \\\(escaped)")
                }
            }
            guard current == "\"" else { throw error("a string is never closed") }
            index += 1
            return text
        }
    }
}
