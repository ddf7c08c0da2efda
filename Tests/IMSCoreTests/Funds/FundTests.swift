import IMSCore
import Testing

@Suite("Funds and methods of payment")
struct FundTests {
    @Test("fund codes are read upper-case and trimmed", arguments: [("ctax", "CTAX"), (" NNDR ", "NNDR"), ("a1", "A1"), ("BINS5", "BINS5")])
    func fundCode(text: String, code: String) throws {
        #expect(try FundCode(parsing: text).rawValue == code)
    }

    @Test("fund codes that are not 1 to 5 letters or digits are refused", arguments: ["", "  ", "TOOLONG", "CT-X", "CT X", "ÇTAX"])
    func badFundCode(text: String) {
        #expect(expectIMSError(.fundCodeInvalid) { try FundCode(parsing: text, field: "fund") }?.field == "fund")
    }

    @Test("a fund takes positive payments up to its maximum while enabled")
    func acceptsPayment() throws {
        let parking = try Fixture.fund("PARK")
        try parking.checkAcceptsPayment(of: Money(pence: 1))
        try parking.checkAcceptsPayment(of: .pounds(500))
        expectIMSError(.amountOverMaximum) { try parking.checkAcceptsPayment(of: .pounds(500, pence: 1)) }
        expectIMSError(.amountNotPositive) { try parking.checkAcceptsPayment(of: .zero) }
        var disabled = parking
        disabled.isRetired = true
        expectIMSError(.fundDisabled) { try disabled.checkAcceptsPayment(of: .pounds(35)) }
        try Fixture.fund("SUSP").checkAcceptsPayment(of: .pounds(1_000_000_000))
    }

    @Test("a method's limits are inclusive")
    func methodLimits() throws {
        let cash = try Fixture.method("CASH")
        try cash.checkAccepts(Money(pence: 1))
        try cash.checkAccepts(.pounds(10_000))
        expectIMSError(.amountUnderMinimum) { try cash.checkAccepts(.zero) }
        #expect(expectIMSError(.amountOverMaximum) { try cash.checkAccepts(.pounds(10_000, pence: 1), field: "amount") }?.field == "amount")
        #expect(cash.clearingAccount == .clearing("CASH"))
        try Fixture.method("DD").checkAccepts(.pounds(5_000_000))
    }
}
