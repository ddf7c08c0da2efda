import IMSCore
import Testing

@Suite("Fund scope")
struct FundScopeTests {
    @Test("A key's or session's stored list: none is every fund; some limits to them, sorted")
    func listed() {
        #expect(FundScope(listed: []) == .all)
        #expect(FundScope(listed: ["PARK", "BINS", "PARK"] as [FundCode]) == .only(["BINS", "PARK"]))
        #expect(FundScope.only(["PARK", "BINS"]).listed == ["BINS", "PARK"])
        #expect(FundScope.all.listed.isEmpty && !FundScope.all.isLimited)
        #expect(FundScope.only(["PARK", "BINS"]).description == "BINS, PARK")
    }

    @Test("Only the scope's funds may be used; a payment is visible only when every line's fund is")
    func visibility() throws {
        let parking = FundScope.only(["PARK"])
        #expect(parking.mayUse("PARK") && !parking.mayUse("BINS") && FundScope.all.mayUse("BINS"))
        let now = Timestamp(microsecondsSince1970: 0)
        func payment(_ funds: [String]) -> Payment {
            Payment(
                id: Payment.newID(), service: "s", state: .created,
                lines: funds.map { PaymentRequest.Line(fundCode: $0, reference: "R1", amount: 100) }, amount: Money(pence: 100 * Int64(funds.count)),
                returnURL: "https://s.example/done", description: nil, email: nil, metadata: [:], language: "en", channel: .online,
                createdAt: now, updatedAt: now, expiresAt: now)
        }
        #expect(parking.visibility.canSee(payment(["PARK"])))
        #expect(!parking.visibility.canSee(payment(["PARK", "BINS"])))
        #expect(FundScope.all.visibility.canSee(payment(["PARK", "BINS"])))
    }
}
