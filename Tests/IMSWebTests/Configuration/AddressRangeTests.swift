import IMSWeb
import Testing

@Suite("Trusted proxy address ranges")
struct AddressRangeTests {
    @Test(
        "Addresses and CIDR ranges, IPv4 and IPv6",
        arguments: [
            ("10.0.0.5", "10.0.0.5", true), ("10.0.0.5", "10.0.0.6", false),
            ("10.0.0.0/24", "10.0.0.200", true), ("10.0.0.0/24", "10.0.1.1", false),
            ("192.168.0.0/16", "192.168.44.1", true), ("0.0.0.0/0", "8.8.8.8", true),
            ("::1", "::1", true), ("fd00::/8", "fd12:3456::1", true), ("fd00::/8", "fe80::1", false),
            ("10.0.0.0/8", "::1", false),
        ])
    func contains(range: String, address: String, expected: Bool) throws {
        let parsed = try #require(AddressRange(range))
        #expect(parsed.contains(address) == expected)
    }

    @Test("Malformed ranges are refused", arguments: ["10.0.0.0/33", "10.0.0", "proxy.council.local", "::1/129", ""])
    func malformed(text: String) {
        #expect(AddressRange(text) == nil)
    }
}
