import IMSCore
import Testing

@Suite("The demo council")
struct DemoCouncilTests {
    @Test("every fund's example reference is valid for it", arguments: DemoCouncil.funds.filter { !$0.isSuspense }.map(\.code))
    func examplesValidate(code: FundCode) throws {
        let fund = try Fixture.fund(code)
        for format in fund.referenceValidator.formats {
            let example = try #require(format.example, "\(fund.code) has a format with no example for payers")
            #expect(try fund.validateReference(example).value == example)
        }
        #expect(fund.referenceValidator.hint != nil)
    }

    @Test("every fund is well configured", arguments: DemoCouncil.funds.map(\.code))
    func fundsWellConfigured(code: FundCode) throws {
        let fund = try Fixture.fund(code)
        try fund.referenceValidator.checkConfiguration()
        #expect(DemoCouncil.configuration.vatCodesByCode[fund.vatCode] != nil, "\(fund.code) uses an unknown VAT code")
    }

    @Test("the reference data hangs together")
    func referenceData() throws {
        #expect(Set(DemoCouncil.funds.map(\.code)).count == DemoCouncil.funds.count)
        #expect(Set(DemoCouncil.methodsOfPayment.map(\.code)).count == DemoCouncil.methodsOfPayment.count)
        #expect(DemoCouncil.funds.filter(\.isSuspense).map(\.code) == ["SUSP"])
        #expect(try Fixture.fund("SUSP").isBasketFund == false)
        #expect(DemoCouncil.configuration.fund("NOPE") == nil)
        #expect(DemoCouncil.configuration.methodOfPayment("NOPE") == nil)
        #expect(Set(DemoCouncil.vatCodes.map(\.code)) == ["STD", "RED", "ZER", "EXE", "OUT"])
    }

    /// Issue 10: paying a sundry debtor invoice settles a debt whose VAT was accounted on the invoice itself, so
    /// the payment is outside the scope of VAT (a second VAT invoice for it would claim the VAT twice).
    @Test(
        "issue 10: building control is standard-rated; sundry invoice payments, council tax, rates and fines are outside the scope",
        arguments: [("BCON", "STD"), ("SUND", "OUT"), ("CTAX", "OUT"), ("NNDR", "OUT"), ("PARK", "OUT"), ("PLAN", "OUT")] as [(FundCode, String)])
    func vatTreatment(code: FundCode, vatCode: String) throws {
        #expect(try Fixture.fund(code).vatCode == vatCode)
    }
}
