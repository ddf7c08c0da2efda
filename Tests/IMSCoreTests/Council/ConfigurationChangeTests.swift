import IMSCore
import Testing

@Suite("Configuration changes")
struct ConfigurationChangeTests {
    static let council = DemoCouncil.configuration

    @Test("An item's JSON for the audit trail is the same every time: a fund's ways in (a set) come sorted")
    func stableJSON() throws {
        let fund = try #require(Self.council.fund("PARK"))
        let json = ConfigurationChange.json(fund)
        #expect(json.contains(#""routes":["counter","department","file","online","phone"]"#), "\(json)")
        #expect((0..<20).allSatisfy { _ in ConfigurationChange.json(fund) == json })
    }

    @Test("Adding, changing, retiring by flag and leaving out are each named; left-out items are kept, retired")
    func actions() throws {
        var new = Self.council
        new.funds.removeAll { $0.code == "PLAN" }
        let index = try #require(new.methodsOfPayment.firstIndex { $0.code == "PO" })
        new.methodsOfPayment[index].isRetired = true
        new.offices[0].name = "Renamed"
        new.offices.append(Office(code: "LIBRARY", name: "Central library"))
        let changes = ConfigurationChange.changes(from: Self.council, to: new).map(\.description)
        #expect(Set(changes) == ["retire fund PLAN", "retire method PO", "change office \(Self.council.offices[0].code)", "add office LIBRARY"])
        let applied = ConfigurationChange.applied(new, over: Self.council)
        #expect(applied.fund("PLAN")?.isRetired == true)
        #expect(ConfigurationChange.changes(from: applied, to: applied).isEmpty)
    }
}
