import AsyncHTTPClient
import Foundation
import IMSCore
import Logging
import NIOCore
import NIOHTTP1

/// Every call to GOV.UK Pay goes through here: each has a deadline and a cap on how much of the answer is
/// read, and each is logged by method, path, status and time. The API key, request bodies and response
/// bodies are never logged.
struct GOVUKPayHTTP: Sendable {
    let baseURL: String
    let httpClient: HTTPClient
    let timeoutSeconds: Int64
    let maxResponseBytes: Int
    let providerName: String
    let logger: Logger

    struct Answer: Sendable {
        let status: Int
        let body: ByteBuffer

        var isSuccess: Bool { (200..<300).contains(status) }

        func decode<T: Decodable>(_ type: T.Type) throws(IMSError) -> T {
            do {
                return try JSONDecoder().decode(type, from: Data(body.readableBytesView))
            } catch {
                // The decoding error may quote the body: describe only what failed.
                throw GOVUKPayMapping.malformed("JSON that is not the documented \(String(describing: T.self)) (\(Self.summary(error)))")
            }
        }

        private static func summary(_ error: any Error) -> String {
            switch error as? DecodingError {
            case .keyNotFound(let key, _)?: "missing \(key.stringValue)"
            case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
                "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
            case .dataCorrupted?: "not JSON"
            default: "unreadable"
            }
        }
    }

    /// Sends one request. Transport failures, timeouts and oversized answers are `provider.unavailable`.
    func send(
        _ method: HTTPMethod, _ path: String, json body: Data? = nil, key: GOVUKPayAPIKey, account: String, idempotencyKey: String? = nil
    ) async throws(IMSError) -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(key.secret)")
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "IMS")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let started = ContinuousClock.now
        var metadata: Logger.Metadata = ["provider": "\(providerName)", "account": "\(account)", "method": "\(method.rawValue)", "path": "\(path)"]
        do {
            let response = try await httpClient.execute(request, timeout: .seconds(timeoutSeconds), logger: logger)
            let answer = Answer(status: Int(response.status.code), body: try await response.body.collect(upTo: maxResponseBytes))
            metadata["status"] = "\(answer.status)"
            metadata["duration_ms"] = "\(Self.milliseconds(since: started))"
            logger.info("payment provider call", metadata: metadata)
            return answer
        } catch is NIOTooManyBytesError {
            logger.warning("payment provider answer too large", metadata: metadata)
            throw IMSError(.unavailable, .providerUnavailable, "GOV.UK Pay's answer was larger than \(maxResponseBytes / 1024) KB")
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            logger.warning("payment provider timed out", metadata: metadata)
            throw IMSError(.unavailable, .providerUnavailable, "GOV.UK Pay did not answer within \(timeoutSeconds) seconds")
        } catch {
            metadata["error"] = "\(Self.describe(error))"
            logger.warning("payment provider unreachable", metadata: metadata)
            throw IMSError(.unavailable, .providerUnavailable, "GOV.UK Pay could not be reached (\(Self.describe(error)))")
        }
    }

    /// Enough of a transport error for an administrator, without NIO's internals.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: type(of: error))
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }
}
