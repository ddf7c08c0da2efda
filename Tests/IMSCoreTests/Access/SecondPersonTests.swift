import IMSCore
import Testing

@Suite("Second person (four eyes)")
struct SecondPersonTests {
    @Test("Another member of staff may decide")
    func anotherPerson() throws {
        try SecondPersonDecision(by: .user("asupervisor"), requestedBy: .user("bcashier")).check("approve this")
    }

    @Test("The person who asked may not decide, whatever the case of their name", arguments: ["bcashier", "BCashier"])
    func samePerson(name: String) {
        #expect(throws: IMSError(.forbidden, SecondPersonDecision.samePerson, "")) {
            try SecondPersonDecision(by: .user(name), requestedBy: .user("bcashier")).check("approve this")
        }
    }

    @Test("A council service or IMS itself is not a second person", arguments: [Principal.service("bins"), .system("demo")])
    func notAPerson(decider: Principal) {
        do {
            try SecondPersonDecision(by: decider, requestedBy: .user("bcashier")).check("approve this")
            Issue.record("\(decider) was accepted as a second person")
        } catch {
            #expect(error.code == SecondPersonDecision.notAPerson)
            #expect(error.kind == .forbidden)
        }
    }
}
