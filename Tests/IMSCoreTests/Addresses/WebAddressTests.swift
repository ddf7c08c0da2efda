import Foundation
import IMSCore
import Testing

@Suite("Web address")
struct WebAddressTests {
    @Test(
        "Absolute http and https addresses with a host are web addresses, whatever the scheme's case",
        arguments: [
            ("https://bins.example.gov.uk/done?order=1", "https", "bins.example.gov.uk"),
            ("http://127.0.0.1:8080/return", "http", "127.0.0.1"),
            ("HTTPS://Pay.Example.COM", "https", "pay.example.com"),
            ("http://[::1]:9000/", "http", "::1"),
        ])
    func accepted(text: String, scheme: String, host: String) throws {
        let address = try #require(WebAddress(text))
        #expect(address.scheme == scheme)
        #expect(address.host == host)
    }

    @Test(
        "Other schemes, relative addresses and addresses without a host are refused",
        arguments: [
            "javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/x", "mailto:someone@example.com", "/relative/path",
            "example.com/done", "https://", "http:///path", "", "data:text/html,<b>hi</b>", "https:example.com",
        ])
    func refused(text: String) {
        #expect(WebAddress(text) == nil, "\(text)")
    }

    @Test(
        "https anywhere, plain http only on this machine's loopback",
        arguments: [
            ("https://example.com", true), ("https://localhost", true), ("http://localhost:8080", true), ("http://127.0.0.1", true),
            ("http://[::1]:80", true), ("http://LOCALHOST", true), ("http://example.com", false), ("http://10.0.0.1", false),
            ("http://localhost.example.com", false),
        ])
    func httpsOrLoopback(text: String, expected: Bool) throws {
        #expect(try #require(WebAddress(text)).isHTTPSOrLoopback == expected, "\(text)")
    }

    @Test("A base address must carry no query or fragment; https is told apart from http")
    func queryFragmentAndScheme() throws {
        #expect(try #require(WebAddress("https://publicapi.payments.service.gov.uk")).hasQueryOrFragment == false)
        #expect(try #require(WebAddress("https://example.com/?a=1")).hasQueryOrFragment)
        #expect(try #require(WebAddress("https://example.com/#top")).hasQueryOrFragment)
        #expect(try #require(WebAddress("https://example.com")).isHTTPS)
        #expect(try #require(WebAddress("http://example.com")).isHTTPS == false)
        #expect(WebAddress(try #require(URL(string: "https://example.com/x")))?.host == "example.com")
    }
}
