import IMSAuth
import Testing

@Suite("LDAP filter escaping and group names from DNs")
struct LDAPSyntaxTests {
    @Test(
        "filter metacharacters are escaped as RFC 4515 says",
        arguments: [
            ("alice", "alice"),
            ("*", "\\2a"),
            ("*)(uid=*", "\\2a\\29\\28uid=\\2a"),
            ("a\\b", "a\\5cb"),
            ("a\u{0}b", "a\\00b"),
            ("Siân O'Brien", "Siân O'Brien"),
        ])
    func escapesFilterValue(_ name: String, _ escaped: String) {
        #expect(LDAPSyntax.escapeFilterValue(name) == escaped)
    }

    @Test(
        "the group name is the CN of the first RDN",
        arguments: [
            ("cn=IMS-Cashiers,ou=groups,dc=ims,dc=test", "IMS-Cashiers"),
            ("CN=IMS Income,OU=Groups,DC=council,DC=gov,DC=uk", "IMS Income"),
            ("cn = Finance , ou=x", "Finance"),
            ("cn=Smith\\, J,ou=groups", "Smith, J"),
            ("cn=Caf\\C3\\A9 Staff,ou=groups", "Café Staff"),
            ("cn=Team+ou=Finance,dc=x", "Team"),
            ("2.5.4.3=Oid Group,dc=x", "Oid Group"),
        ])
    func commonName(_ dn: String, _ name: String) {
        #expect(LDAPSyntax.commonName(ofDN: dn) == name)
    }

    @Test(
        "a DN that does not start with a CN has no group name",
        arguments: [
            "ou=groups,dc=ims,dc=test", "uid=alice,ou=people", "cn=,ou=x", "not a dn", "", "cn=bad\\",
        ])
    func noCommonName(_ dn: String) {
        #expect(LDAPSyntax.commonName(ofDN: dn) == nil)
    }
}
