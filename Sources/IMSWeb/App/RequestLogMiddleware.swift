import HTTPTypes
import Hummingbird
import IMSCore
import Logging

/// One structured log line per request: method, path (never the query, which may hold personal data, and
/// with payment ids cut short: a payment's id opens its page and receipt), status and duration.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let path = Self.redacted(request.uri.path)
        context.logger.debug("request started", metadata: ["method": "\(request.method.rawValue)", "path": "\(path)"])
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)",
                "path": "\(path)",
                "status": "\(response.status.code)",
                "duration_ms": "\((milliseconds * 10).rounded() / 10)",
            ])
        return response
    }

    /// `path` with every payment id (`pay_` and 26 characters) cut to its first 6 characters: enough to
    /// follow one payment through a log, not enough to open its page.
    static func redacted(_ path: String) -> String {
        guard path.contains("pay_") else { return path }
        return path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            Payment.isWellFormedID(String(segment)) ? String(segment.prefix(10)) + "…" : String(segment)
        }.joined(separator: "/")
    }
}

/// Security headers on every response: no framing, no sniffing, a content security policy that allows no
/// inline script, and HSTS in production.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let isProduction: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        if isProduction {
            response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        }
        return response
    }
}
