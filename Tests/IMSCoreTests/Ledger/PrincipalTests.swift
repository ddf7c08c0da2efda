import IMSCore
import Testing

@Suite("Principals")
struct PrincipalTests {
    @Test(
        "a principal's key round-trips",
        arguments: [
            Principal.user("jsmith"), .service("bins"), .system("demo"), .user("a:b"), .user("siân.o'brien@demo.gov.uk"),
        ])
    func roundTrip(principal: Principal) throws {
        #expect(try #require(Principal(key: principal.key)) == principal)
    }

    @Test(
        "keys read as the kind and name",
        arguments: [
            ("user:jsmith", Principal.Kind.user, "jsmith"), ("service:bins", .service, "bins"), ("system:demo", .system, "demo"),
        ])
    func keys(key: String, kind: Principal.Kind, name: String) throws {
        let principal = try #require(Principal(key: key))
        #expect(principal.kind == kind)
        #expect(principal.name == name)
        #expect(principal.key == key)
        #expect(principal.description == key)
    }

    @Test("keys that name no principal are refused", arguments: ["", "user", "user:", "robot:x", "USER:x", ":x"])
    func invalid(key: String) {
        #expect(Principal(key: key) == nil)
    }
}
