import Foundation
import IMSCore
import Testing

@Suite("Account references")
struct AccountReferenceTests {
    @Test(
        "normalising trims, removes inner spaces and upper-cases",
        arguments: [
            ("77 1234 564", "771234564"),
            (" 771234564 ", "771234564"),
            ("\t77\u{00A0}1234\n564", "771234564"),
            ("dm12345678", "DM12345678"),
            ("pa/2026/0123", "PA/2026/0123"),
            ("   ", ""),
        ])
    func normalising(text: String, value: String) {
        #expect(AccountReference(normalising: text).value == value)
    }

    @Test("two spellings of one account are the same account")
    func equality() {
        #expect(AccountReference(normalising: "gw-104 233") == AccountReference(normalising: "GW-104233"))
    }

    @Test("decoding normalises too")
    func decoding() throws {
        let decoded = try JSONDecoder().decode([AccountReference].self, from: Data(#"["dm 1234 5678"]"#.utf8))
        #expect(decoded.map(\.value) == ["DM12345678"])
        #expect(String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self) == #"["DM12345678"]"#)
    }
}
