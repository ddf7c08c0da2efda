import Foundation
import IMSCore
import IMSInterchange
import Testing

@Suite("Import errors file")
struct LegacyErrorsFileTests {
    @Test("issue 10: the errors file is its owner's only, and a cell a spreadsheet would run as a formula is made inert")
    func permissionsAndFormulas() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ims-errors-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try LegacyErrorsFile(path: path, appending: false)
        try file.write([
            LegacyRowError(
                line: 7, column: "payer_name", code: .init("legacy.text_invalid"), reason: "=HYPERLINK(\"http://evil.example\")",
                receiptReference: "+R123")
        ])
        try file.close()
        let permissions = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)
        #expect(permissions.intValue & 0o777 == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("'=HYPERLINK"))
        #expect(text.contains("'+R123"))
        #expect(!text.contains(",=HYPERLINK") && !text.contains("\"=HYPERLINK"))
    }
}
