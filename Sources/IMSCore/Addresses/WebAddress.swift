import Foundation

/// An absolute `http` or `https` address with a host: the only kind IMS sends a payer's browser to (a
/// service's `return_url`, a provider's payment page), posts a webhook to, or calls (a card provider, a
/// sign-in provider, its own public address). Written once so that every edge refuses the same things:
/// other schemes (`javascript:`, `file:`, `ftp:`), relative addresses and addresses without a host.
public struct WebAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address as it was given (its scheme may be written in capitals; ``scheme`` is not).
    public let url: URL
    /// `http` or `https`, in lower case whatever case it was written in.
    public let scheme: String
    /// The host in lower case, an IPv6 address without its brackets.
    public let host: String

    /// The hosts that are this machine, where plain http crosses no network.
    public static let loopbackHosts: Set<String> = ["localhost", "127.0.0.1", "::1"]

    /// The address `text` names, or `nil` when it is not an absolute http(s) address with a host.
    public init?(_ text: String) {
        guard let url = URL(string: text) else { return nil }
        self.init(url)
    }

    /// `url` as a web address, or `nil` when it is not an absolute http(s) address with a host.
    public init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", var host = url.host?.lowercased() else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.url = url
        self.scheme = scheme
        self.host = host
    }

    public var isHTTPS: Bool { scheme == "https" }

    /// Whether the host is this machine (``loopbackHosts``).
    public var isLoopback: Bool { Self.loopbackHosts.contains(host) }

    /// https anywhere, plain http only on this machine's loopback (tests, a service on the same host): the
    /// rule for an address that secrets or signed messages are sent to.
    public var isHTTPSOrLoopback: Bool { isHTTPS || isLoopback }

    /// Whether it carries a query or a fragment, which a base address that IMS appends paths to must not.
    public var hasQueryOrFragment: Bool { url.query != nil || url.fragment != nil }

    public var description: String { url.absoluteString }
}
