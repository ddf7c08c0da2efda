import Foundation
import Hummingbird
import IMSCore
import IMSStore
import Logging

/// The body of every error response: `{"code": "...", "description": "...", "field": "..."}`.
struct ErrorBody: Codable, Sendable {
    let code: String
    let description: String
    let field: String?
}

/// Turns every error into the right status and the JSON error format (or an HTML page for pages). A user
/// never sees a stack trace; unexpected errors are logged in full and answered with a generic 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, body) = Self.describe(error, logger: context.logger)
            var response =
                wantsHTML(request)
                ? pages.errorPage(status: status, message: body.description)
                : Self.json(body, status: status)
            if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
            if let error = error as? MethodNotAllowed { response.headers[.allow] = error.allowHeader }
            return response
        }
    }

    private func wantsHTML(_ request: Request) -> Bool {
        let path = request.uri.path
        return !(path.hasPrefix("/api/") || path == "/healthz")
    }

    static func describe(_ error: any Error, logger: Logger) -> (HTTPResponse.Status, ErrorBody) {
        switch error {
        case let error as IMSError:
            if error.kind == .internal { logger.error("internal error", metadata: ["error": "\(error)"]) }
            return (
                status(of: error.kind),
                ErrorBody(
                    code: error.code.rawValue, description: error.kind == .internal ? "Something went wrong in IMS" : error.reason, field: error.field
                )
            )
        case let error as MethodNotAllowed:
            return (
                .methodNotAllowed,
                ErrorBody(code: "request.method_not_allowed", description: "This address takes \(error.allowHeader) only", field: nil)
            )
        case let wrapped as IMSError.BadRequest:
            return (.badRequest, ErrorBody(code: wrapped.error.code.rawValue, description: wrapped.error.reason, field: wrapped.error.field))
        case let error as HTTPError:
            let code = error.status == .notFound ? "not_found" : "http_\(error.status.code)"
            return (error.status, ErrorBody(code: code, description: error.body ?? error.status.reasonPhrase, field: nil))
        case let error as any HTTPResponseError:
            return (error.status, ErrorBody(code: "http_\(error.status.code)", description: error.status.reasonPhrase, field: nil))
        case let error as StoreError where error.code == .timedOut:
            logger.error("database timed out", metadata: ["error": "\(error)"])
            return (
                .serviceUnavailable,
                ErrorBody(code: error.code.rawValue, description: "IMS's database is not answering; try again in a minute", field: nil)
            )
        case is DecodingError:
            return (
                .badRequest, ErrorBody(code: "request.malformed", description: "The request body is not valid JSON of the expected shape", field: nil)
            )
        default:
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return (
                .internalServerError, ErrorBody(code: IMSError.Code.internalError.rawValue, description: "Something went wrong in IMS", field: nil)
            )
        }
    }

    static func status(of kind: IMSError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .validation: .unprocessableContent
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .preconditionFailed: .preconditionFailed
        case .unavailable: .serviceUnavailable
        case .internal: .internalServerError
        }
    }

    static func json(_ body: some Encodable, status: HTTPResponse.Status) -> Response {
        let data = (try? IMSJSON.encoder.encode(body)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
