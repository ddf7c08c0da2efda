import IMSCore
import Testing

/// What a council's set-up (issue 12) makes a payment request meet: the fund's ways in, its minimum, a stop.
@Suite("Payment requests and the council's set-up")
struct PaymentBasketSetupTests {
    static func council(_ change: (inout Fund) -> Void) -> CouncilConfiguration {
        var configuration = DemoCouncil.configuration
        let index = configuration.funds.firstIndex { $0.code == "PARK" }!
        change(&configuration.funds[index])
        return configuration
    }

    static func validate(_ configuration: CouncilConfiguration, channel: Channel, amount: Int64 = 7_000) throws(IMSError) -> PaymentBasket {
        try PaymentBasket.validate(
            PaymentRequest(lines: [.init(fundCode: "PARK", reference: "DM12345678", amount: amount)], returnURL: "https://a.example/done"),
            configuration: configuration, requireHTTPS: true, channel: channel)
    }

    @Test("A fund paid only by phone is refused online, naming the way in, and taken by phone (staff or automated)")
    func routes() throws {
        let phoneOnly = Self.council { $0.routes = [.phone] }
        #expect {
            try Self.validate(phoneOnly, channel: .online)
        } throws: { error in
            (error as? IMSError)?.code == .fundRouteRefused && (error as? IMSError)?.field == "lines[0].fund_code"
        }
        #expect(try Self.validate(phoneOnly, channel: .moto).total == Money(pence: 7_000))
        #expect(try Self.validate(phoneOnly, channel: .atp).total == Money(pence: 7_000))
    }

    @Test("A fund on stop refuses every payment with the council's words; a minimum refuses less")
    func stopAndMinimum() throws {
        let onStop = Self.council { $0.onStopMessage = "Parking fines are paid at the Town Hall this week" }
        #expect {
            try Self.validate(onStop, channel: .online)
        } throws: { error in
            (error as? IMSError)?.code == .fundOnStop && (error as? IMSError)?.reason == "Parking fines are paid at the Town Hall this week"
        }
        let minimum = Self.council { $0.minimumAmount = .pounds(10) }
        #expect {
            try Self.validate(minimum, channel: .online, amount: 999)
        } throws: { error in
            (error as? IMSError)?.code == .amountUnderMinimum
        }
        #expect(try Self.validate(minimum, channel: .online, amount: 1_000).total == Money(pence: 1_000))
    }
}
