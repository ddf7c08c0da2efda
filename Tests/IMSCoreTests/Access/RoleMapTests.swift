import IMSCore
import Testing

@Suite("Roles and the role map")
struct RoleMapTests {
    @Test("Groups map to roles without regard to case; several groups add up; fund-scope groups limit funds")
    func mapping() throws {
        let map = try RoleMap.parse(
            roles: "IMS-Cashiers=cashier;IMS-Income=income-officer,auditor\n# a comment\nab12cd34-0000-4000-8000-000000000001 = read-only",
            funds: "IMS-Parking=PARK,bins")
        let cashier = map.staffUser(username: "alice", displayName: nil, groups: ["ims-cashiers", "Staff-Canteen"])
        #expect(cashier.roles == [.cashier])
        #expect(cashier.allows(.tillsOperate))
        #expect(!cashier.allows(.refundsCreate))
        #expect(cashier.fundScope == .all)
        #expect(cashier.mayUse("CTAX"))

        let officer = map.staffUser(
            username: "bob", displayName: "Bob", groups: ["IMS-Income", "IMS-Parking", "AB12CD34-0000-4000-8000-000000000001"])
        #expect(officer.roles == [.incomeOfficer, .auditor, .readOnly])
        #expect(officer.allows(.refundsCreate) && officer.allows(.auditRead))
        #expect(officer.fundScope == .only(["PARK", "BINS"]))
        #expect(!officer.mayUse("CTAX"))

        let nobody = map.staffUser(username: "carol", displayName: nil, groups: ["Staff-Canteen"])
        #expect(!nobody.hasAnyRole)
        #expect(nobody.permissions.isEmpty)
    }

    @Test("Bad role maps are refused with the reason", arguments: ["IMS-Cashiers=cashiers", "IMS-Cashiers", "=cashier", "IMS-Cashiers="])
    func badRoleMaps(text: String) {
        #expect(throws: IMSError.self) { try RoleMap.parse(roles: text) }
    }

    @Test("A fund scope naming a malformed fund code is refused")
    func badFundScope() {
        #expect(throws: IMSError.self) { try RoleMap.parse(roles: "", funds: "IMS-Parking=PARKING") }
    }

    @Test("The role table: a cashier cannot refund or administer; an income officer refunds; only supervisors approve refunds")
    func roleTable() {
        #expect(!Role.cashier.permissions.contains(.refundsCreate))
        #expect(!Role.cashier.permissions.contains(.adminAPIKeys))
        #expect(Role.incomeOfficer.permissions.contains(.refundsCreate))
        #expect(!Role.incomeOfficer.permissions.contains(.refundsApprove))
        #expect(Role.financeSupervisor.permissions.contains(.refundsApprove))
        #expect(Role.auditor.permissions.allSatisfy { [.transactionsRead, .transactionsExport, .paymentsRead, .auditRead].contains($0) })
        #expect(Set(Role.all.map(\.name)).count == Role.all.count)
        #expect(Role.named(" Income-Officer ") == .incomeOfficer)
        #expect(Role.named("superuser") == nil)
    }

    @Test("The approver of anything can never be its submitter")
    func segregationOfDuties() throws {
        #expect(throws: IMSError(.forbidden, SegregationOfDuties.approverIsSubmitter, "")) {
            try SegregationOfDuties.checkApprover(.user("Alice"), submitter: .user("alice"))
        }
        try SegregationOfDuties.checkApprover(.user("bob"), submitter: .user("alice"))
    }
}
