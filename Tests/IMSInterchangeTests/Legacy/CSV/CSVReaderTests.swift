import Foundation
import IMSCore
import IMSInterchange
import Testing

/// A row as the tests compare it: the fields and starting line of a record, or the code and line of a
/// malformed one.
enum ReadRow: Equatable, CustomStringConvertible {
    case record(Int, [String])
    case malformed(Int, InterchangeError.Code)

    var description: String {
        switch self {
        case .record(let line, let fields): "record@\(line) \(fields)"
        case .malformed(let line, let code): "malformed@\(line) \(code)"
        }
    }
}

func readAll(_ text: String, chunkBytes: Int = CSVReader.defaultChunkBytes, limits: CSVReader.Limits = CSVReader.Limits()) throws -> [ReadRow] {
    try readAll(CSVReader(string: text, limits: limits, chunkBytes: chunkBytes))
}

func readAll(_ reader: CSVReader) throws -> [ReadRow] {
    var rows: [ReadRow] = []
    while let row = try reader.next() {
        switch row {
        case .record(let record): rows.append(.record(record.line, record.fields))
        case .malformed(let error): rows.append(.malformed(error.line ?? -1, error.code))
        }
    }
    return rows
}

@Suite("CSV reader")
struct CSVReaderTests {
    /// Small chunks put chunk boundaries inside fields, quotes, CRLFs and multi-byte characters.
    static let chunkSizes = [4, 5, 7, 13, CSVReader.defaultChunkBytes]

    @Test("plain records, each with the line it starts on", arguments: chunkSizes)
    func plain(chunkBytes: Int) throws {
        #expect(try readAll("a,b,c\n1,2,3\n", chunkBytes: chunkBytes) == [.record(1, ["a", "b", "c"]), .record(2, ["1", "2", "3"])])
    }

    @Test("quoted fields hold commas and doubled quotes", arguments: chunkSizes)
    func quoted(chunkBytes: Int) throws {
        let text = "\"12 Mill Lane, Demotown\",\"say \"\"hi\"\"\",\"\",plain\n"
        #expect(try readAll(text, chunkBytes: chunkBytes) == [.record(1, ["12 Mill Lane, Demotown", "say \"hi\"", "", "plain"])])
    }

    @Test("newlines inside quotes keep the record whole and later records on their physical lines", arguments: chunkSizes)
    func embeddedNewlines(chunkBytes: Int) throws {
        let text = "header_a,header_b\nR1,\"first line\nsecond line\nthird line\"\nR2,\"x\r\ny\"\r\nR3,z\n"
        #expect(
            try readAll(text, chunkBytes: chunkBytes) == [
                .record(1, ["header_a", "header_b"]),
                .record(2, ["R1", "first line\nsecond line\nthird line"]),
                .record(5, ["R2", "x\r\ny"]),
                .record(7, ["R3", "z"]),
            ])
    }

    @Test("CRLF line ends are not part of the last field, quoted or not", arguments: chunkSizes)
    func crlf(chunkBytes: Int) throws {
        #expect(
            try readAll("a,b\r\nc,\"d\"\r\n,\r\n", chunkBytes: chunkBytes) == [
                .record(1, ["a", "b"]), .record(2, ["c", "d"]), .record(3, ["", ""]),
            ])
    }

    @Test("a UTF-8 byte order mark is skipped; multi-byte characters survive chunk boundaries", arguments: chunkSizes)
    func byteOrderMark(chunkBytes: Int) throws {
        #expect(
            try readAll("\u{FEFF}receipt_reference,payer_name\nR1,Siân Ní Bhriain\n", chunkBytes: chunkBytes) == [
                .record(1, ["receipt_reference", "payer_name"]), .record(2, ["R1", "Siân Ní Bhriain"]),
            ])
        #expect(try readAll("\u{FEFF}", chunkBytes: chunkBytes) == [])
    }

    @Test("a last line without a line end is still a record", arguments: chunkSizes)
    func finalLineWithoutNewline(chunkBytes: Int) throws {
        #expect(try readAll("a,b\nc,d", chunkBytes: chunkBytes) == [.record(1, ["a", "b"]), .record(2, ["c", "d"])])
        #expect(try readAll("a,b\nc,", chunkBytes: chunkBytes) == [.record(1, ["a", "b"]), .record(2, ["c", ""])])
        #expect(try readAll("a,\"b\"", chunkBytes: chunkBytes) == [.record(1, ["a", "b"])])
    }

    @Test("blank lines are skipped but counted; an empty input has no records")
    func blankLines() throws {
        #expect(try readAll("a\n\n\r\nb\n\n") == [.record(1, ["a"]), .record(4, ["b"])])
        #expect(try readAll("") == [])
        #expect(try readAll("\"\"\n") == [.record(1, [""])])
    }

    @Test("a quote inside an unquoted field is a malformed row; reading goes on at the next line", arguments: chunkSizes)
    func quoteInsideUnquotedField(chunkBytes: Int) throws {
        #expect(
            try readAll("h1,h2\nR1,O\"Brien\nR2,ok\n", chunkBytes: chunkBytes) == [
                .record(1, ["h1", "h2"]), .malformed(2, .csvMalformedQuote), .record(3, ["R2", "ok"]),
            ])
    }

    @Test("text after a closing quote is a malformed row", arguments: chunkSizes)
    func textAfterClosingQuote(chunkBytes: Int) throws {
        #expect(
            try readAll("\"abc\"def,1\n\"a\nb\"x\nok\n", chunkBytes: chunkBytes) == [
                .malformed(1, .csvMalformedQuote), .malformed(2, .csvMalformedQuote), .record(4, ["ok"]),
            ])
    }

    @Test("a quote never closed is a malformed row at the line where its record starts", arguments: chunkSizes)
    func unterminatedQuote(chunkBytes: Int) throws {
        #expect(
            try readAll("a\nR1,\"never closed,\nmore\nand more", chunkBytes: chunkBytes) == [
                .record(1, ["a"]), .malformed(2, .csvMalformedQuote),
            ])
    }

    @Test("fields, records and field counts over the limits are malformed rows, and reading goes on")
    func limits() throws {
        let limits = CSVReader.Limits(maximumFieldBytes: 8, maximumRecordBytes: 20, maximumFieldCount: 3)
        #expect(
            try readAll("ok,12345678\nR1,123456789\nR2,\"12345\n6789\"\nnext\n", chunkBytes: 5, limits: limits) == [
                .record(1, ["ok", "12345678"]), .malformed(2, .csvTooLarge), .malformed(3, .csvTooLarge), .record(5, ["next"]),
            ])
        #expect(
            try readAll("a,b,c,d\n1234567,1234567,1234567\nx\n", limits: limits) == [
                .malformed(1, .csvTooLarge), .malformed(2, .csvTooLarge), .record(3, ["x"]),
            ])
    }

    @Test("a file reads the same as the same bytes in memory, and reports the bytes read")
    func file() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ims-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = "\u{FEFF}a,b\r\n\"multi\nline\",\"Zoë, \"\"quoted\"\"\"\r\nlast,row"
        let path = directory.appendingPathComponent("sample.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let reader = try CSVReader(path: path, chunkBytes: 6)
        #expect(try readAll(reader) == readAll(text))
        #expect(reader.bytesRead == text.utf8.count)
        #expect(throws: InterchangeError.self) { try CSVReader(path: directory.appendingPathComponent("missing.csv").path) }
    }

    @Test("fields that are not UTF-8 are refused by validString, and replaced by the subscript")
    func invalidUTF8() throws {
        let reader = CSVReader(bytes: Array("a,".utf8) + [0x66, 0xFF, 0x67] + Array("\n".utf8))
        guard case .record(let record) = try reader.next() else {
            Issue.record("expected a record")
            return
        }
        #expect(record.validString(at: 0) == "a")
        #expect(record.validString(at: 1) == nil)
        #expect(record[1] == "f\u{FFFD}g")
    }

    @Test("random records written by the RFC rules read back exactly, with their lines, whatever the chunk size", arguments: [1, 2, 3])
    func randomRoundTrip(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let alphabet: [String] = ["a", "Z", "0", "7", " ", ",", "\"", "\n", "\r\n", "é", "ŵ", "-", "'", "\t", "🏴"]
        var expected: [ReadRow] = []
        var text = ""
        var line = 1
        for _ in 0..<300 {
            let fieldCount = 1 + Int(random.next(upTo: 6))
            var fields: [String] = []
            for _ in 0..<fieldCount {
                let length = Int(random.next(upTo: 30))
                fields.append((0..<length).map { _ in alphabet[Int(random.next(upTo: UInt64(alphabet.count)))] }.joined())
            }
            if fields == [""] { fields = ["x"] }  // a lone empty field is a blank line, which is skipped
            expected.append(.record(line, fields))
            let written = fields.map { field in
                field.contains(where: { ",\"\n\r".unicodeScalars.contains($0.unicodeScalars.first!) }) || field.hasPrefix("\"")
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }
            text += written.joined(separator: ",") + (random.next(upTo: 2) == 0 ? "\n" : "\r\n")
            line += 1 + fields.joined().filter { $0 == "\n" || $0 == "\r\n" }.count
        }
        for chunkBytes in [4, 9, 64, 4_096] {
            #expect(try readAll(text, chunkBytes: chunkBytes) == expected, "chunk \(chunkBytes)")
        }
    }
}
