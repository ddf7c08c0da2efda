import Foundation
import IMSCore
import Testing

@Suite("Ledger accounts")
struct LedgerAccountTests {
    @Test("the stored key says what the account is")
    func keys() {
        #expect(LedgerAccount.fund("CTAX", AccountReference(normalising: "77 1234 564")).key == "fund:CTAX:771234564")
        #expect(LedgerAccount.clearing("CARD-SANDBOX").key == "clearing:CARD-SANDBOX")
        #expect(LedgerAccount.clearing("cash-townhall").key == "clearing:CASH-TOWNHALL")
        #expect(LedgerAccount.migrationClearing.key == "clearing:MIGRATION")
        #expect(LedgerAccount.clearing("CARD").description == "clearing:CARD")
    }

    static let accounts: [LedgerAccount] = [
        .fund("CTAX", AccountReference(normalising: "771234564")),
        .fund("PLAN", AccountReference(normalising: "PA/2026/0123")),
        .fund("LICN", AccountReference(normalising: "LIC:2026:1")),  // a reference may itself hold colons
        .fund("SUSP", AccountReference(normalising: "garbled ref")),
        .clearing("CARD-SANDBOX"),
        .clearing("CASH"),
        .migrationClearing,
    ]

    @Test("reading a key back gives the same account", arguments: accounts)
    func roundTrip(account: LedgerAccount) throws {
        let read = try #require(LedgerAccount(key: account.key))
        #expect(read == account)
        #expect(read.kind == account.kind)
        #expect(read.reference == account.reference)
        let decoded = try JSONDecoder().decode(LedgerAccount.self, from: JSONEncoder().encode(account))
        #expect(decoded == account)
    }

    @Test(
        "keys that are not accounts are refused",
        arguments: [
            "", "fund", "fund:CTAX", "fund:TOOLONG:123", "fund:CT-X:123", "clearing", "clearing:", "bank:CARD", "FUND:CTAX:1", ":CTAX:1",
        ])
    func invalidKeys(key: String) throws {
        #expect(LedgerAccount(key: key) == nil)
        let json = try JSONEncoder().encode(key)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LedgerAccount.self, from: json) }
    }

    @Test("fund accounts know their fund; clearing accounts have neither fund nor reference")
    func parts() {
        let fund = LedgerAccount.fund("NNDR", AccountReference(normalising: "561234566"))
        #expect(fund.kind == .fund)
        #expect(fund.fundCode == "NNDR")
        #expect(fund.reference?.value == "561234566")
        let clearing = LedgerAccount.clearing("CHQ")
        #expect(clearing.kind == .clearing)
        #expect(clearing.fundCode == nil)
        #expect(clearing.reference == nil)
    }

    @Test("accounts sort by their key")
    func ordering() {
        let sorted = [
            LedgerAccount.fund("PARK", AccountReference(normalising: "DM1")), .clearing("CASH"), .fund("CTAX", AccountReference(normalising: "77")),
        ].sorted()
        #expect(sorted.map(\.key) == ["clearing:CASH", "fund:CTAX:77", "fund:PARK:DM1"])
    }
}
