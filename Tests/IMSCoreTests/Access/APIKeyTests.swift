import IMSCore
import Testing

@Suite("API keys")
struct APIKeyTests {
    static func isLowerHex(_ text: some StringProtocol) -> Bool { text.allSatisfy { "0123456789abcdef".contains($0) } }

    @Test("a new secret is ims_ then 64 hex digits")
    func format() {
        let secret = APIKeySecret.generate()
        #expect(secret.value.hasPrefix("ims_"))
        #expect(secret.value.count == 68)
        #expect(Self.isLowerHex(secret.value.dropFirst(4)))
    }

    @Test("only the secret's SHA-256 is kept, and a 12-character prefix to recognise it")
    func hashAndPrefix() {
        let secret = APIKeySecret.generate()
        #expect(secret.hash.count == 64)
        #expect(Self.isLowerHex(secret.hash))
        #expect(!secret.hash.contains(secret.value.dropFirst(4)))
        #expect(secret.prefix.count == 12)
        #expect(secret.prefix == String(secret.value.prefix(12)))
        #expect(APIKeySecret(value: "abc").hash == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(APIKeySecret(value: "ims_1a2b3c4d5e6f").prefix == "ims_1a2b3c4d")
    }

    @Test("two new secrets differ")
    func unique() {
        let secrets = (0..<20).map { _ in APIKeySecret.generate() }
        #expect(Set(secrets.map(\.value)).count == 20)
        #expect(Set(secrets.map(\.hash)).count == 20)
    }

    static func key(permissions: [Permission], funds: [FundCode], revokedAt: Timestamp? = nil) -> APIKey {
        APIKey(
            id: 1, service: "bins-orders", prefix: "ims_1a2b3c4d", permissions: permissions, funds: funds,
            createdAt: Fixture.time, lastUsedAt: nil, revokedAt: revokedAt)
    }

    @Test("a key allows only its permissions")
    func allows() {
        let key = Self.key(permissions: [.paymentsCreate, .paymentsRead], funds: [])
        #expect(key.allows(.paymentsCreate))
        #expect(!key.allows(.refundsCreate))
    }

    @Test("a key with no funds listed may use every fund; otherwise only those listed")
    func funds() {
        #expect(Self.key(permissions: [], funds: []).mayUse("CTAX"))
        let binsOnly = Self.key(permissions: [], funds: ["BINS"])
        #expect(binsOnly.mayUse("BINS"))
        #expect(!binsOnly.mayUse("CTAX"))
    }

    @Test("a key is revoked once it has a revocation time")
    func revoked() {
        #expect(!Self.key(permissions: [], funds: []).isRevoked)
        #expect(Self.key(permissions: [], funds: [], revokedAt: Fixture.time).isRevoked)
    }

    @Test("service names are 1 to 64 letters, digits, - _ or .", arguments: ["bins", "bins-orders_v2.1", String(repeating: "a", count: 64)])
    func goodServiceName(name: String) throws {
        try APIKey.checkServiceName(name)
    }

    @Test("other service names are refused", arguments: ["", String(repeating: "a", count: 65), "bins orders", "bins/orders", "böns"])
    func badServiceName(name: String) {
        #expect(expectIMSError(.entryInvalid) { try APIKey.checkServiceName(name) }?.field == "service")
    }
}
