/// Writes TOML as people write it by hand: `[table]` and `[[array]]` headers with one key per line, short
/// tables inline. Output is deterministic (keys in the order given), so an export can be compared with diff.
struct TOMLWriter {
    private(set) var text = ""

    /// A comment line (`# …`), each line of `comment` its own.
    mutating func comment(_ comment: String) {
        for line in comment.split(separator: "\n", omittingEmptySubsequences: false) {
            text += line.isEmpty ? "#\n" : "# \(line)\n"
        }
    }

    mutating func blankLine() { text += "\n" }

    mutating func header(_ name: String, array: Bool = false) {
        text += array ? "[[\(name)]]\n" : "[\(name)]\n"
    }

    /// `key = value` for each pair whose value is not nil.
    mutating func keys(_ pairs: KeyValuePairs<String, TOMLValue?>) {
        for (key, value) in pairs {
            guard let value else { continue }
            text += "\(Self.key(key)) = \(Self.render(value))\n"
        }
    }

    static func key(_ key: String) -> String {
        let bare =
            !key.isEmpty
            && key.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "-")
            }
        return bare ? key : string(key)
    }

    static func render(_ value: TOMLValue) -> String {
        switch value {
        case .string(let text): return string(text)
        case .integer(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .array(let items):
            let inline = "[" + items.map(render).joined(separator: ", ") + "]"
            return inline.count > 100 || items.contains(where: { if case .table = $0 { true } else { false } })
                ? "[\n" + items.map { "    \(render($0)),\n" }.joined() + "]" : inline
        case .table(let table):
            return table.entries.isEmpty ? "{}" : "{ " + table.entries.map { "\(key($0.key)) = \(render($0.value))" }.joined(separator: ", ") + " }"
        }
    }

    /// A basic string, escaped.
    static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension TOMLTable {
    /// A table of the given keys (nil values left out), for inline tables.
    static func of(_ pairs: KeyValuePairs<String, TOMLValue?>) -> TOMLTable {
        var table = TOMLTable()
        for (key, value) in pairs {
            if let value { table.set(key, value, line: 0) }
        }
        return table
    }
}
