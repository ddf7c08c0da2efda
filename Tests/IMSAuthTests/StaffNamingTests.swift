import IMSAuth
import IMSCore
import Testing

/// How the names sign-in methods report become IMS user names: realms and domains are kept apart, so no one
/// of another realm or a guest domain becomes the council's own `alice`.
@Suite("Staff naming")
struct StaffNamingTests {
    @Test("issue 10: realms and domains stay in the name; only configured ones sign in, and only the council's own are plain names")
    func realmsAndDomains() throws {
        let naming = StaffNaming(kerberosRealms: ["IMS.TEST", "PARTNER.TEST"], allowedDomains: ["council.gov.uk", "COUNCIL"])
        #expect(try naming.kerberos("Alice@IMS.TEST") == .init(username: "alice", principal: "Alice@IMS.TEST", isHome: true))
        #expect(try naming.kerberos("alice@partner.test") == .init(username: "alice@partner.test", principal: "alice@PARTNER.TEST", isHome: false))
        #expect(throws: IMSError.self) { try naming.kerberos("alice@OTHER.REALM") }
        #expect(throws: IMSError.self) { try naming.kerberos("alice") }
        #expect(try naming.qualified("COUNCIL\\Alice", keepUnknownDomain: false).username == "alice")
        #expect(try naming.qualified("alice@Council.gov.uk", keepUnknownDomain: true).username == "alice")
        #expect(try naming.qualified("bob", keepUnknownDomain: false).username == "bob")
        #expect(throws: IMSError.self) { try naming.qualified("OTHER\\alice", keepUnknownDomain: false) }
        #expect(throws: IMSError.self) { try naming.qualified("alice@gmail.com", keepUnknownDomain: true) }
        // No domains configured: a guest keeps their domain (never the council's alice); the proxy refuses one.
        let open = StaffNaming()
        #expect(try open.qualified("alice@gmail.com", keepUnknownDomain: true).username == "alice@gmail.com")
        #expect(try open.qualified("alice@gmail.com", keepUnknownDomain: true).isHome == false)
        #expect(throws: IMSError.self) { try open.qualified("OTHER\\alice", keepUnknownDomain: false) }
    }
}
