import Foundation
import Hummingbird
import IMSCore
import NIOCore

/// What IMS knows about a request while handling it: where it came from and who is calling (the API
/// key or the staff session, once checked).
public struct IMSRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The direct peer's IP address (a proxy's own address when behind one).
    public let remoteAddress: String?
    /// The client's own address: the direct peer, or behind a trusted proxy the address it forwarded
    /// (`ClientAddressMiddleware`). Rate limits and the audit trail use this one.
    public var clientAddress: String?
    /// The council service's key, when the route needs one and it was valid.
    public var apiKey: APIKey?
    /// The signed-in member of staff, on staff routes.
    public var session: StaffSession?
    /// A staff form's fields, read (and its CSRF token checked) before the handler runs.
    public var form = FormData()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
        clientAddress = remoteAddress
    }

    /// The signed-in member of staff. Staff routes run only after the gate has found a session, so this
    /// throws (a 401, never a crash) only for a route wired without the gate.
    var staffUser: StaffUser {
        get throws(IMSError) {
            guard let session else { throw IMSError(.unauthenticated, .staffSessionMissing, "Sign in to use this page") }
            return session.user
        }
    }

    /// The signed-in member of staff and their address, as a workflow audits them.
    var requester: Requester {
        get throws(IMSError) { Requester(try staffUser.principal, address: clientAddress) }
    }

    /// Who is acting, for the audit trail.
    var actor: String { session.map { "user:\($0.user.username)" } ?? apiKey.map { "service:\($0.service)" } ?? "anonymous" }

    /// JSON with snake_case keys, as the API documents, and stable key order.
    public var responseEncoder: JSONEncoder { IMSJSON.encoder }
    public var requestDecoder: JSONDecoder { IMSJSON.decoder }
    /// API bodies are small; anything larger is refused before it is read.
    public var maxUploadSize: Int { 1024 * 1024 }
}

/// The JSON conventions of the API.
enum IMSJSON {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
