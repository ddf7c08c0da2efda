import IMSCore

/// The demo's staff: one person per role (two administrators, and one with no role), for the development
/// sign-in page. Package access: the web module's demo page lists them; no deployment configures them.
package enum DemoStaff {
    package struct Person: Sendable {
        package let username: String
        package let name: String
        package let role: Role?
    }

    package static let people: [Person] = [
        Person(username: "cashier.alice", name: "Alice (cashier)", role: .cashier),
        Person(username: "agent.carol", name: "Carol (contact-centre agent)", role: .contactCentreAgent),
        Person(username: "dept.dave", name: "Dave (department officer)", role: .departmentOfficer),
        Person(username: "income.officer", name: "Olu (income officer)", role: .incomeOfficer),
        Person(username: "finance.fiona", name: "Fiona (finance supervisor)", role: .financeSupervisor),
        Person(username: "admin.sam", name: "Sam (system administrator)", role: .systemAdministrator),
        // A second administrator, for what needs two people (approving an API key with bulk permissions).
        Person(username: "admin.priya", name: "Priya (system administrator)", role: .systemAdministrator),
        Person(username: "auditor.anne", name: "Anne (auditor)", role: .auditor),
        Person(username: "viewer.vic", name: "Vic (read-only)", role: .readOnly),
        Person(username: "nobody.ned", name: "Ned (no IMS role)", role: nil),
    ]

    package static func person(_ username: String) -> Person? { people.first { $0.username == username } }
}
