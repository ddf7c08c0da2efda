import IMSInterchange
import Testing

@Suite("TOML reader")
struct TOMLTests {
    @Test("Tables, arrays of tables (nested too), inline tables, dotted keys, every kind of string and integer")
    func document() throws {
        let text = #"""
            # a comment
            title = "IMS" # trailing comment
            'literal key' = 'C:\no\escape'
            escaped = "tab\there \"quoted\" \u00e9"
            multi = """
            first line
            second line"""
            numbers = [1_000, -5, +7, 0x1F, 0o17, 0b101]
            day = 2021-10-01
            site.name = "dotted"

            [council]
            address = [
                "Town Hall", # the building
                "High Street",
            ]

            [[funds]]
            code = "CTAX"
            check = { scheme = "weighted_modulus", weights = [2, 3], values = { A = 10 } }

            [[funds.formats]]
            name = "old"

            [[funds.formats]]
            name = "new"

            [[funds]]
            code = "PARK"
            """#
        let document = try TOMLTable.parse(text)
        #expect(document["title"]?.value == .string("IMS"))
        #expect(document["title"]?.line == 2)
        #expect(document["literal key"]?.value == .string(#"C:\no\escape"#))
        #expect(document["escaped"]?.value == .string("tab\there \"quoted\" é"))
        #expect(document["multi"]?.value == .string("first line\nsecond line"))
        #expect(document["numbers"]?.value == .array([.integer(1_000), .integer(-5), .integer(7), .integer(31), .integer(15), .integer(5)]))
        #expect(document["day"]?.value == .string("2021-10-01"))
        guard case .table(let site)? = document["site"]?.value else { Issue.record("site is not a table"); return }
        #expect(site["name"]?.value == .string("dotted"))
        guard case .table(let council)? = document["council"]?.value else { Issue.record("council is not a table"); return }
        #expect(council["address"]?.value == .array([.string("Town Hall"), .string("High Street")]))
        guard case .array(let funds)? = document["funds"]?.value, funds.count == 2, case .table(let first) = funds[0],
            case .table(let second) = funds[1]
        else {
            Issue.record("funds is not an array of two tables")
            return
        }
        #expect(first["code"]?.value == .string("CTAX"))
        #expect(second["code"]?.value == .string("PARK"))
        #expect(second["formats"] == nil)
        guard case .array(let formats)? = first["formats"]?.value else { Issue.record("the first fund has no formats"); return }
        #expect(formats.count == 2)
        guard case .table(let check)? = first["check"]?.value, case .table(let values)? = check["values"]?.value else {
            Issue.record("the inline table was not read")
            return
        }
        #expect(check["weights"]?.value == .array([.integer(2), .integer(3)]))
        #expect(values["A"]?.value == .integer(10))
    }

    @Test(
        "What is not TOML, or not used in IMS's files, is refused at its line with a reason",
        arguments: [
            ("a = 1\nb = 12.50\n", 2, "decimals"),
            ("a = 1\n\nb = \"never closed\n", 3, "not closed"),
            ("a = 1\na = 2\n", 2, "twice"),
            ("a = \"x\" trailing\n", 1, "after the value"),
            ("[t]\nx = 1\n[t]\n", 3, "twice"),
            ("when = 2021-10-01T10:00:00\n", 1, "times"),
            ("a = [1, 2\n", 2, "not closed"),
            ("a = { b = 1\n", 1, "inline table"),
            ("a = bare\n", 1, "quotes"),
            ("= 1\n", 1, "expected a key"),
            ("a = \"\\q\"\n", 1, "escape"),
        ])
    func refused(text: String, line: Int, mentioned: String) {
        #expect {
            try TOMLTable.parse(text)
        } throws: { error in
            guard let error = error as? TOMLError else { return false }
            return error.line == line && error.reason.contains(mentioned)
        }
    }
}
