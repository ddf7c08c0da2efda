import Foundation
import Hummingbird
import IMSCore
import Logging

/// The check in front of every staff route: a live session (else to sign-in), the route's permission
/// (else a 403 page, audited), and on every form post the session's CSRF token (else 403).
struct StaffGate: Sendable {
    static let sessionCookie = "ims_session"

    let sessions: any SessionStore
    let audit: any AuditTrailStore
    let clock: any WallClock
    let policy: SessionPolicy
    let pages: PageRenderer
    let secureCookies: Bool

    /// Nil when the request may go on (with `context.session` and `context.form` set); else the response.
    func admit(_ request: Request, _ context: inout IMSRequestContext, access: RouteAccess) async throws -> Response? {
        guard let token = request.cookies[Self.sessionCookie]?.value,
            let session = try await sessions.session(token: token, policy: policy)
        else {
            guard request.method == .get || request.method == .head else {
                return pages.page(
                    "message",
                    [
                        "title": "Sign in again", "message": "Your session has ended. Sign in again and repeat what you were doing.",
                        "link": "/auth/login", "linkText": "Sign in",
                    ], status: .unauthorized)
            }
            let returnTo = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
            var components = URLComponents()
            components.path = "/auth/login"
            components.queryItems = [URLQueryItem(name: "return_to", value: returnTo)]
            return Response(status: .seeOther, headers: [.location: components.string ?? "/auth/login", .cacheControl: "no-store"])
        }
        context.session = session
        if request.method == .post {
            context.form = try await FormData.read(request)
            guard let sent = context.form["csrf_token"], constantTimeEqual(sent, session.csrfToken) else {
                try await audit(context, action: "access.csrf_refused", target: request.uri.path)
                return pages.page(
                    "message", ["title": "This form has expired", "message": "Go back, reload the page and try again."], status: .forbidden)
            }
        }
        let permitted: Bool =
            switch access {
            case .staff(let permission): session.user.allows(permission)
            case .staffWithAnyRole: session.user.hasAnyRole
            case .open, .apiKey: false
            }
        guard permitted else {
            try await audit(context, action: "access.refused", target: "\(request.method.rawValue) \(request.uri.path)")
            return forbiddenPage(session.user, needs: access.permission)
        }
        return nil
    }

    func forbiddenPage(_ user: StaffUser, needs permission: Permission?) -> Response {
        let message =
            user.hasAnyRole
            ? "Your roles (\(user.roles.map(\.name).sorted().joined(separator: ", "))) do not include the right to do this (\(permission?.rawValue ?? "a role"))."
            : "You are signed in as \(user.username), but your directory groups do not give you any role in IMS."
        return pages.page(
            "message",
            [
                "title": "You do not have access to this page", "message": message,
                "advice":
                    "If you need it for your work, ask your line manager to request it from the IMS system administrator (the council's income systems team).",
                "link": "/staff/", "linkText": "Staff home",
            ], status: .forbidden)
    }

    func audit(
        _ context: IMSRequestContext, action: String, target: String?, outcome: String = AuditEvent.refused, before: String? = nil,
        after: String? = nil
    ) async throws {
        try await audit.recordAudit(
            AuditEvent(
                occurredAt: clock.now(), actor: context.actor, address: context.clientAddress, action: action, target: target,
                outcome: outcome, before: before, after: after))
    }

    /// The session cookie for a new sign-in: HTTP-only, SameSite=Lax (the provider's redirect back is a
    /// top-level navigation), Secure whenever IMS is reached over HTTPS.
    func sessionCookie(_ token: String) -> Cookie {
        Cookie(
            name: Self.sessionCookie, value: token, maxAge: Int(policy.absoluteSeconds), path: "/", secure: secureCookies, httpOnly: true,
            sameSite: .lax)
    }

    func clearedSessionCookie() -> Cookie {
        Cookie(name: Self.sessionCookie, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
    }
}

/// Compares secrets without returning early, so timing does not reveal how much matched.
func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
    let left = Array(lhs.utf8)
    let right = Array(rhs.utf8)
    guard left.count == right.count else { return false }
    return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
}
