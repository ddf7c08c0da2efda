import Hummingbird

/// Issue 10: a request for a path IMS serves, with a method that path does not take, is 405 Method Not
/// Allowed with an `Allow` header naming the methods it does take (RFC 9110 §15.5.6). Hummingbird's router
/// answers 404 for both an unknown path and an unknown method on a known one; only the first is "not found".
struct MethodNotAllowed: Error {
    /// The methods the path takes, in a stable order.
    let allowed: [HTTPRequest.Method]

    var allowHeader: String { allowed.map(\.rawValue).joined(separator: ", ") }
}

/// Turns the router's 404 for a path the route table declares into 405 with `Allow`. It acts only when no
/// route matched, so a handler's own 404 (no such payment) is left alone.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Read on each unmatched request: routes are declared after the middleware is added, all at start-up.
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The router names the matched route before its middleware runs; on its not-found path it has not.
        let routed = context.endpointPath != nil
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && !routed {
            let allowed = routes.allowedMethods(forPath: request.uri.path)
            if allowed.isEmpty || allowed.contains(request.method) { throw error }
            throw MethodNotAllowed(allowed: allowed)
        }
    }
}

extension RouteTable {
    /// The methods declared for the route that serves `path`, whatever the method: where a literal segment
    /// and a `{parameter}` both match, the literal wins, as in the router (`/pay/basket` before `/pay/{id}`).
    /// Empty when no declared route matches the path.
    func allowedMethods(forPath path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        // Per match, one character a segment: "1" literal, "0" parameter. Equal lengths, so the greatest
        // string is the match whose first literal comes earliest, as the router's trie prefers.
        var matches: [(shape: String, method: HTTPRequest.Method)] = []
        for declaration in declarations {
            let pattern = declaration.path.split(separator: "/")
            guard pattern.count == segments.count else { continue }
            var shape = ""
            for (part, segment) in zip(pattern, segments) {
                if part.hasPrefix("{") && part.hasSuffix("}") {
                    shape += "0"
                } else if part == segment {
                    shape += "1"
                } else {
                    shape = ""
                    break
                }
            }
            if shape.count == segments.count { matches.append((shape, declaration.method)) }
        }
        guard let best = matches.map(\.shape).max() else { return [] }
        let methods = Set(matches.filter { $0.shape == best }.map(\.method))
        let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]
        return order.filter(methods.contains) + methods.filter { !order.contains($0) }.sorted { $0.rawValue < $1.rawValue }
    }
}
