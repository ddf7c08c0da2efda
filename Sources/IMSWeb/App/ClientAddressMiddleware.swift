import HTTPTypes
import Hummingbird
import IMSCore

/// Finds the client's own address behind the council's load balancer: `X-Forwarded-For` is read only when
/// the direct peer is one of `IMS_TRUSTED_PROXIES` (anyone else could write any address there), and then
/// its right-most address that is not itself a trusted proxy is the client. Rate limits and the audit
/// trail use this address; without trusted proxies every user behind the balancer would share one.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = IMSRequestContext
    let trustedProxies: [AddressRange]

    func handle(_ request: Request, context: IMSRequestContext, next: (Request, IMSRequestContext) async throws -> Response) async throws -> Response
    {
        var context = context
        context.clientAddress = Self.clientAddress(
            peer: context.remoteAddress, forwardedFor: request.headers[values: HTTPField.Name("X-Forwarded-For")!],
            trustedProxies: trustedProxies)
        return try await next(request, context)
    }

    static func clientAddress(peer: String?, forwardedFor: [String], trustedProxies: [AddressRange]) -> String? {
        guard let peer, trustedProxies.contains(where: { $0.contains(peer) }) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { String($0).trimmingWhitespace() }
        for hop in hops.reversed() {
            guard AddressRange(hop) != nil else { return peer }  // not an address: trust nothing further left
            if !trustedProxies.contains(where: { $0.contains(hop) }) { return hop }
        }
        return peer
    }
}
