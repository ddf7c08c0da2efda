import AsyncHTTPClient
import Foundation
import IMSCore
import Logging
import NIOCore
import NIOHTTP1

/// Every call IMS makes to the OpenID provider goes through here, so every one has a deadline and a cap on
/// how much of the answer it reads: a slow or hostile provider cannot hold a sign-in open or fill memory.
struct OIDCProviderHTTP: Sendable {
    let httpClient: HTTPClient
    /// Whole request, body included.
    var timeoutSeconds: Int64 = 10
    /// Discovery documents are ~2 KB, Entra's JWKS with certificates ~20 KB, an ID token with 200 groups
    /// ~15 KB: 1 MiB leaves room without inviting abuse.
    var maxResponseBytes = 1 << 20

    struct Answer: Sendable {
        let status: HTTPResponseStatus
        let body: ByteBuffer

        var isSuccess: Bool { (200..<300).contains(status.code) }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONDecoder().decode(type, from: Data(body.readableBytesView))
        }
    }

    /// Sends `request`; any transport failure, timeout or oversized answer becomes `failure` with
    /// `problem` completed by what went wrong (never the request body, which may hold secrets).
    func send(_ request: HTTPClientRequest, failure code: IMSError.Code, _ problem: String, logger: Logger) async throws -> Answer {
        do {
            let response = try await httpClient.execute(request, timeout: .seconds(timeoutSeconds), logger: logger)
            let body = try await response.body.collect(upTo: maxResponseBytes)
            return Answer(status: response.status, body: body)
        } catch is NIOTooManyBytesError {
            throw IMSError(.unavailable, code, "\(problem): the answer is larger than \(maxResponseBytes / 1024) KB")
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw IMSError(.unavailable, code, "\(problem): no answer within \(timeoutSeconds) seconds")
        } catch {
            logger.warning("OpenID provider request failed", metadata: ["url": "\(Self.withoutQuery(request.url))", "error": "\(error)"])
            throw IMSError(.unavailable, code, "\(problem): the provider could not be reached (\(Self.describe(error)))")
        }
    }

    /// GETs a JSON document from the provider: a failure to reach it, an answer that is not 2xx (`hint` is
    /// added to say what to check), or a body that is not a `T` (`shape` names what was expected) all
    /// become `failure` with `problem` completed by the cause.
    func getJSON<T: Decodable>(
        _ type: T.Type, from url: String, failure code: IMSError.Code, _ problem: String, shape: String, hint: String = "", logger: Logger
    ) async throws -> T {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let answer = try await send(request, failure: code, problem, logger: logger)
        guard answer.isSuccess else {
            throw IMSError(.unavailable, code, "\(problem): it answered HTTP \(answer.status.code)\(hint)")
        }
        do {
            return try answer.decode(type)
        } catch {
            throw IMSError(.unavailable, code, "\(problem): it is not \(shape) (\(error))")
        }
    }

    /// Enough of a transport error for an administrator, without NIO's internals.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: type(of: error))
    }

    /// A URL as safe to log: no query string (authorization codes and tokens never travel in our
    /// provider calls' query, but be sure).
    static func withoutQuery(_ url: String) -> String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }
}

/// Form encoding (application/x-www-form-urlencoded, RFC 6749 appendix B) with everything but the
/// unreserved characters percent-encoded, so `+`, `&` and `=` inside values can never be misread.
enum OIDCFormEncoding {
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}
