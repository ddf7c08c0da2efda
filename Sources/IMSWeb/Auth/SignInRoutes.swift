import Foundation
import HTTPTypes
import Hummingbird
import IMSAuth
import IMSCore
import Logging

/// The sign-in steps: choosing a method, OpenID Connect, Kerberos Negotiate, a trusted proxy's header, the
/// demo's pick-a-user page, and signing out. Each success starts a server-side session and is audited;
/// each refusal is audited with its reason.
struct SignInRoutes: Sendable {
    let database: any SessionStore & CouncilStore
    let configuration: SignInConfiguration
    let gate: StaffGate
    let pages: PageRenderer
    let oidc: OIDCClient?
    let kerberos: KerberosAcceptor?
    let directory: DirectoryGroupLookup?
    /// Failed sign-ins per client (a success does not count).
    let limiter: ClientRateLimiter
    /// Every start of a sign-in per client (each writes a pending sign-in).
    let startLimiter: ClientRateLimiter
    let logger: Logger

    static let signInCSRFCookie = "ims_signin_csrf"
    /// Binds an OpenID Connect sign-in to the browser that began it: the SHA-256 of its `state`. Without it an
    /// attacker could begin a sign-in, stop at the callback and get a victim's browser to finish it (login CSRF).
    static let oidcStateCookie = "ims_oidc_state"

    func register(on routes: RouteTable) {
        routes.add(.get, "/auth/login", access: .open, "Choose how to sign in") { request, _ in try await chooseMethod(request) }
        routes.add(.get, "/auth/oidc", access: .open, "Start OpenID Connect sign-in") { request, context in try await beginOIDC(request, context) }
        routes.add(.get, "/auth/callback", access: .open, "OpenID Connect callback") { request, context in try await oidcCallback(request, context) }
        routes.add(.get, "/auth/negotiate", access: .open, "Kerberos (Negotiate) sign-in") { request, context in try await negotiate(request, context)
        }
        routes.add(.get, "/auth/proxy", access: .open, "Sign-in by a trusted proxy's user header") { request, context in
            try await proxy(request, context)
        }
        routes.add(.get, "/auth/dev", access: .open, "Demo sign-in: pick a demo user") { request, _ in try developmentPage(request) }
        routes.add(.post, "/auth/dev", access: .open, "Demo sign-in: sign in as the picked user") { request, context in
            try await developmentSignIn(request, context)
        }
        routes.add(.post, "/auth/logout", access: .open, "Sign out") { request, context in try await signOut(request, context) }
    }

    // MARK: Choosing

    private func chooseMethod(_ request: Request) async throws -> Response {
        let returnTo = Self.safeReturnPath(request.uri.queryParameters["return_to"].map(String.init))
        let query = "?return_to=" + (returnTo.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2Fstaff%2F")
        var methods: [[String: String]] = []
        if oidc != nil { methods.append(["link": "/auth/oidc" + query, "label": "Sign in with your council account"]) }
        if kerberos != nil { methods.append(["link": "/auth/negotiate" + query, "label": "Sign in with your Windows account"]) }
        if configuration.trustedUserHeader != nil { methods.append(["link": "/auth/proxy" + query, "label": "Sign in through the council network"]) }
        if configuration.developmentSignIn { methods.append(["link": "/auth/dev" + query, "label": "Pick a demo user"]) }
        if methods.count == 1, let only = methods.first?["link"] {
            return Response(status: .seeOther, headers: [.location: only, .cacheControl: "no-store"])
        }
        return pages.page("sign-in", ["title": "Sign in", "methods": methods, "noMethods": methods.isEmpty])
    }

    /// Only a path on this site, never another site (`//evil.example`) or a scheme.
    /// Where to go after signing in: only a staff page of this site, written in printable ASCII (no tab or
    /// newline, which browsers drop, so `/\t/evil.example` would become `//evil.example`), starting with one
    /// `/`; anything else goes to the staff home.
    static func safeReturnPath(_ text: String?) -> String {
        let home = "/staff/"
        guard let text, text.utf8.count < 500, text.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\\") }),
            text.hasPrefix("/"), !text.hasPrefix("//")
        else { return home }
        let path = text.prefix { $0 != "?" && $0 != "#" }
        guard path == "/staff" || path.hasPrefix("/staff/"), !path.contains("/../"), !path.hasSuffix("/..") else { return home }
        return text
    }

    // MARK: OpenID Connect

    private func beginOIDC(_ request: Request, _ context: IMSRequestContext) async throws -> Response {
        guard let oidc else { throw HTTPError(.notFound) }
        guard await startLimiter.allow(context.clientAddress) else { return tooManyAttempts() }
        let returnTo = Self.safeReturnPath(request.uri.queryParameters["return_to"].map(String.init))
        let (url, pending) = try await oidc.beginLogin()
        try await database.savePendingLogin(state: pending.state, nonce: pending.nonce, codeVerifier: pending.codeVerifier, returnTo: returnTo)
        var response = Response(status: .seeOther, headers: [.location: url, .cacheControl: "no-store"])
        // Lax, not Strict: the provider's redirect back to IMS is a top-level navigation from another site.
        response.setCookie(
            Cookie(
                name: Self.oidcStateCookie, value: LedgerHash.sha256Hex(pending.state), maxAge: 15 * 60, path: "/auth", secure: gate.secureCookies,
                httpOnly: true, sameSite: .lax))
        return response
    }

    private func oidcCallback(_ request: Request, _ context: IMSRequestContext) async throws -> Response {
        guard let oidc else { throw HTTPError(.notFound) }
        guard await !limiter.isBlocked(context.clientAddress) else { return tooManyAttempts() }
        let query = request.uri.queryParameters
        if let error = query["error"] {
            // The provider's words are logged, never shown: they are whatever the link said.
            try await refuse(context, method: .oidc, reason: "provider said \(String(error.prefix(60)))")
            return failurePage("The sign-in service did not sign you in.")
        }
        guard let state = query["state"].map(String.init), let code = query["code"].map(String.init) else {
            try await refuse(context, method: .oidc, reason: "no state or code")
            return failurePage("This sign-in link has expired or was already used.", status: .badRequest)
        }
        guard let bound = request.cookies[Self.oidcStateCookie]?.value, constantTimeEqual(bound, LedgerHash.sha256Hex(state)) else {
            try await refuse(context, method: .oidc, reason: "state not begun in this browser")
            return failurePage("This sign-in was not started in this browser. Start again from the sign-in page.", status: .badRequest)
        }
        guard let pending = try await database.takePendingLogin(state: state) else {
            try await refuse(context, method: .oidc, reason: "unknown or used state")
            return failurePage("This sign-in link has expired or was already used.", status: .badRequest)
        }
        do {
            var identity = try await oidc.completeLogin(
                code: code, pending: OIDCPendingLogin(state: state, nonce: pending.nonce, codeVerifier: pending.codeVerifier))
            identity.username = try configuration.naming.qualified(identity.username, keepUnknownDomain: true).username
            return try await complete(identity, returnTo: pending.returnTo, context)
        } catch let error as IMSError {
            try await refuse(context, method: .oidc, reason: error.code.rawValue)
            return failurePage(error.reason)
        }
    }

    // MARK: Kerberos

    private func negotiate(_ request: Request, _ context: IMSRequestContext) async throws -> Response {
        guard let kerberos else { throw HTTPError(.notFound) }
        guard await !limiter.isBlocked(context.clientAddress) else { return tooManyAttempts() }
        let returnTo = Self.safeReturnPath(request.uri.queryParameters["return_to"].map(String.init))
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("negotiate "),
            let token = Data(base64Encoded: String(header.dropFirst("negotiate ".count)).trimmingWhitespace())
        else {
            var response = pages.page(
                "message",
                [
                    "title": "Signing you in",
                    "message": "Your browser did not sign you in with your Windows account. It may not be set up to trust this site.",
                    "link": "/auth/login?return_to=\(returnTo.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")",
                    "linkText": "Choose another way to sign in",
                ], status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Negotiate"
            return response
        }
        let acceptance: KerberosAcceptance
        do {
            acceptance = try kerberos.accept(Array(token))
        } catch {
            try await refuse(context, method: .kerberos, reason: "\(error)")
            return failurePage("Your Windows sign-in could not be checked.", status: .unauthorized)
        }
        let name: StaffNaming.Name
        do {
            name = try configuration.naming.kerberos(acceptance.principal)
        } catch {
            try await refuse(context, method: .kerberos, reason: "realm not accepted")
            return failurePage(error.reason, status: .forbidden)
        }
        let groups = try await directoryGroups(name, context, method: .kerberos)
        var response = try await complete(
            StaffIdentity(username: name.username, groups: groups ?? [], method: .kerberos), returnTo: returnTo, context)
        if let reply = acceptance.responseToken { response.headers[.wwwAuthenticate] = "Negotiate " + Data(reply).base64EncodedString() }
        return response
    }

    private func directoryGroups(_ name: StaffNaming.Name, _ context: IMSRequestContext, method: SignInMethod) async throws -> [String]? {
        guard let directory else { return nil }
        let username = name.username
        do {
            return try await directory.groups(forUser: username, principal: name.principal, byPlainName: name.isHome)
        } catch {
            logger.error("directory group look-up failed", metadata: ["user": "\(username)", "error": "\(error)"])
            try await refuse(context, method: method, reason: "directory unavailable")
            throw IMSError(.unavailable, .authDirectoryUnavailable, "Your groups could not be read from the directory. Try again in a few minutes.")
        }
    }

    // MARK: Trusted proxy

    private func proxy(_ request: Request, _ context: IMSRequestContext) async throws -> Response {
        guard let headerName = configuration.trustedUserHeader, let field = HTTPField.Name(headerName) else { throw HTTPError(.notFound) }
        guard await startLimiter.allow(context.clientAddress), await !limiter.isBlocked(context.clientAddress) else { return tooManyAttempts() }
        let returnTo = Self.safeReturnPath(request.uri.queryParameters["return_to"].map(String.init))
        let fromProxy = context.remoteAddress.map { address in configuration.trustedProxies.contains { $0.contains(address) } } ?? false
        guard fromProxy else {
            if request.headers[field] != nil {
                logger.warning(
                    "ignored a user header from an address that is not a trusted proxy",
                    metadata: ["address": "\(context.remoteAddress ?? "unknown")"])
            }
            try await refuse(context, method: .trustedProxy, reason: "not from a trusted proxy")
            return failurePage("Sign-in through the council network is only accepted through its proxy.", status: .forbidden)
        }
        guard let user = request.headers[field]?.trimmingWhitespace(), !user.isEmpty, user.count <= 256 else {
            try await refuse(context, method: .trustedProxy, reason: "no user header")
            return failurePage("The council network did not say who you are.", status: .unauthorized)
        }
        let name: StaffNaming.Name
        do {
            name = try configuration.naming.qualified(user, keepUnknownDomain: false)
        } catch {
            try await refuse(context, method: .trustedProxy, reason: "domain not accepted")
            return failurePage(error.reason, status: .forbidden)
        }
        let groups = try await directoryGroups(name, context, method: .trustedProxy)
        return try await complete(StaffIdentity(username: name.username, groups: groups ?? [], method: .trustedProxy), returnTo: returnTo, context)
    }

    // MARK: Demo

    private func developmentPage(_ request: Request) throws -> Response {
        guard configuration.developmentSignIn else { throw HTTPError(.notFound) }
        let token = APIKeySecret.generate().value
        let returnTo = Self.safeReturnPath(request.uri.queryParameters["return_to"].map(String.init))
        let people = DemoStaff.people.map { ["username": $0.username, "name": $0.name] }
        var response = pages.page("dev-sign-in", ["title": "Pick a demo user", "people": people, "csrf": token, "returnTo": returnTo])
        response.setCookie(
            Cookie(name: Self.signInCSRFCookie, value: token, path: "/auth", secure: gate.secureCookies, httpOnly: true, sameSite: .strict))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func developmentSignIn(_ request: Request, _ context: IMSRequestContext) async throws -> Response {
        guard configuration.developmentSignIn else { throw HTTPError(.notFound) }
        let form = try await FormData.read(request)
        guard let cookie = request.cookies[Self.signInCSRFCookie]?.value, let sent = form["csrf_token"], !cookie.isEmpty,
            constantTimeEqual(cookie, sent)
        else {
            return pages.page(
                "message", ["title": "This form has expired", "message": "Go back, reload the page and try again."], status: .forbidden)
        }
        guard let person = form["username"].flatMap(DemoStaff.person) else {
            return pages.page(
                "message", ["title": "Choose a demo user", "message": "Pick one of the demo users.", "link": "/auth/dev", "linkText": "Back"],
                status: .unprocessableContent)
        }
        let user = StaffUser(username: person.username, displayName: person.name, roles: person.role.map { [$0] } ?? [], fundScope: .all)
        return try await startSession(user, method: .development, returnTo: Self.safeReturnPath(form["return_to"]), context)
    }

    // MARK: Completing and ending

    private func complete(_ identity: StaffIdentity, returnTo: String, _ context: IMSRequestContext) async throws -> Response {
        // Fund groups set up by the council (read now, so a change applies at the next sign-in) limit their members too.
        let roleMap = configuration.roleMap.including(fundsByGroup: try await database.configuration().fundsByDirectoryGroup)
        let user = roleMap.staffUser(username: identity.username, displayName: identity.displayName, groups: identity.groups)
        return try await startSession(user, method: identity.method, returnTo: returnTo, context)
    }

    private func startSession(_ user: StaffUser, method: SignInMethod, returnTo: String, _ context: IMSRequestContext) async throws -> Response {
        let (token, session) = try await database.createSession(for: user, method: method.rawValue, policy: configuration.sessions)
        var signedIn = context
        signedIn.session = session
        try await gate.audit(
            signedIn, action: "auth.sign_in", target: method.rawValue, outcome: AuditEvent.success,
            after: "roles=\(user.roles.map(\.name).sorted().joined(separator: ","))")
        var response = Response(status: .seeOther, headers: [.location: user.hasAnyRole ? returnTo : "/staff/", .cacheControl: "no-store"])
        response.setCookie(gate.sessionCookie(token))
        return response
    }

    private func signOut(_ request: Request, _ context: IMSRequestContext) async throws -> Response {
        let form = try await FormData.read(request)
        if let token = request.cookies[StaffGate.sessionCookie]?.value,
            let session = try await database.session(token: token, policy: configuration.sessions)
        {
            guard let sent = form["csrf_token"], constantTimeEqual(sent, session.csrfToken) else {
                return pages.page(
                    "message", ["title": "This form has expired", "message": "Go back, reload the page and try again."], status: .forbidden)
            }
            try await database.deleteSession(token: token)
            var signedIn = context
            signedIn.session = session
            try await gate.audit(signedIn, action: "auth.sign_out", target: nil, outcome: AuditEvent.success)
        }
        var response = pages.page(
            "message", ["title": "You have signed out", "message": "You have signed out of IMS.", "link": "/auth/login", "linkText": "Sign in again"])
        response.setCookie(gate.clearedSessionCookie())
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Records a refused sign-in in the audit trail and counts it against the client's limit.
    private func refuse(_ context: IMSRequestContext, method: SignInMethod, reason: String) async throws {
        await limiter.recordRefusal(context.clientAddress)
        try await gate.audit(context, action: "auth.refused", target: method.rawValue, after: reason)
    }

    private func failurePage(_ message: String, status: HTTPResponse.Status = .unauthorized) -> Response {
        pages.page(
            "message", ["title": "You could not be signed in", "message": message, "link": "/auth/login", "linkText": "Try again"], status: status)
    }

    private func tooManyAttempts() -> Response {
        var response = pages.page(
            "message", ["title": "Too many attempts", "message": "Wait a minute, then try to sign in again."], status: .tooManyRequests)
        response.headers[.retryAfter] = "60"
        return response
    }
}

extension IMSError.Code {
    /// The directory could not say which groups a member of staff is in, so no roles can be given.
    static let authDirectoryUnavailable = Self("auth.directory_unavailable")
}
