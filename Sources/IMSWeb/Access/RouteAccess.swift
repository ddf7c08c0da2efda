import Hummingbird
import IMSCore

/// Who may call a route. Every route IMS serves declares one; there is no route without.
public enum RouteAccess: Sendable, Hashable, CustomStringConvertible {
    /// Anyone: public pages, health, the public fund list, the sign-in steps.
    case open
    /// A council service with an API key holding the permission.
    case apiKey(Permission)
    /// A signed-in member of staff holding the permission.
    case staff(Permission)
    /// Any signed-in member of staff with at least one role (the staff home, sign-out).
    case staffWithAnyRole

    public var description: String {
        switch self {
        case .open: "open"
        case .apiKey(let permission): "api-key \(permission)"
        case .staff(let permission): "staff \(permission)"
        case .staffWithAnyRole: "staff (any role)"
        }
    }

    /// The permission the route needs, if any.
    public var permission: Permission? {
        switch self {
        case .apiKey(let permission), .staff(let permission): permission
        case .open, .staffWithAnyRole: nil
        }
    }
}

/// A route as declared: method, path, who may call it and what it is for. The table of these is the one
/// place rights are stated; tests walk it.
public struct RouteDeclaration: Sendable, Hashable {
    public let method: HTTPRequest.Method
    public let path: String
    public let access: RouteAccess
    public let summary: String
}

/// Registers routes on the router, wrapping each handler in the check its access demands.
final class RouteTable: @unchecked Sendable {
    let router: Router<IMSRequestContext>
    let apiKeys: any APIKeyStore
    let clock: any WallClock
    let staffGate: StaffGate
    private(set) var declarations: [RouteDeclaration] = []

    init(router: Router<IMSRequestContext>, apiKeys: any APIKeyStore, clock: any WallClock, staffGate: StaffGate) {
        self.router = router
        self.apiKeys = apiKeys
        self.clock = clock
        self.staffGate = staffGate
    }

    func add<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: String, access: RouteAccess, _ summary: String,
        handler: @escaping @Sendable (Request, IMSRequestContext) async throws -> Output
    ) {
        declarations.append(RouteDeclaration(method: method, path: path, access: access, summary: summary))
        let apiKeys = apiKeys
        let clock = clock
        let gate = staffGate
        router.on(RouterPath(path), method: method) { request, context -> Response in
            var context = context
            switch access {
            case .open:
                return try await handler(request, context).response(from: request, context: context)
            case .apiKey(let permission):
                context.apiKey = try await Self.authorise(request, permission: permission, apiKeys: apiKeys, clock: clock)
                return try await handler(request, context).response(from: request, context: context)
            case .staff, .staffWithAnyRole:
                if let refusal = try await gate.admit(request, &context, access: access) { return refusal }
                var response = try await handler(request, context).response(from: request, context: context)
                response.headers[.cacheControl] = "no-store"
                return response
            }
        }
    }

    /// `Authorization: Bearer KEY`: none or unknown → 401; known but without the permission → 403.
    static func authorise(_ request: Request, permission: Permission, apiKeys: any APIKeyStore, clock: any WallClock) async throws -> APIKey {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw IMSError(.unauthenticated, .apiKeyMissing, "Send your API key as Authorization: Bearer <key>")
        }
        let secret = header.dropFirst("bearer ".count).trimmingWhitespace()
        guard !secret.isEmpty, secret.count <= 200, let key = try await apiKeys.authenticateAPIKey(secret, at: clock.now()) else {
            throw IMSError(.unauthenticated, .apiKeyInvalid, "The API key is not recognised or has been revoked")
        }
        guard key.allows(permission) else {
            throw IMSError(.forbidden, .permissionMissing, "This API key does not have the \(permission) permission")
        }
        return key
    }
}
