import Foundation
import Hummingbird
import IMSCore

/// Reads a JSON request body: 400 when it is not JSON at all, 422 naming the field when it is JSON of the
/// wrong shape (a string where a number belongs, a missing field).
enum JSONBody {
    static let maximumBytes = 64 * 1024

    /// The decoded value and a fingerprint of the request (for idempotency keys): the SHA-256 of the JSON
    /// with its keys sorted, so the same request written differently is still the same request.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> (value: T, fingerprint: String) {
        let buffer = try await request.body.collect(upTo: maximumBytes)
        let data = Data(buffer.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: data), object is [String: Any] else {
            throw IMSError(.validation, .init("request.not_json"), "The request body is not a JSON object").asBadRequest
        }
        let canonical = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? data
        do {
            return (try JSONDecoder().decode(type, from: data), LedgerHash.sha256Hex(String(decoding: canonical, as: UTF8.self)))
        } catch let error as DecodingError {
            throw IMSError.validation(.init("request.invalid"), describe(error), field: path(of: error))
        }
    }

    private static func path(of error: DecodingError) -> String? {
        let context: DecodingError.Context? = switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context
        case .keyNotFound(let key, let context): DecodingError.Context(codingPath: context.codingPath + [key], debugDescription: "")
        @unknown default: nil
        }
        guard let codingPath = context?.codingPath, !codingPath.isEmpty else { return nil }
        return codingPath.reduce("") { path, key in
            if let index = key.intValue { return "\(path)[\(index)]" }
            return path.isEmpty ? key.stringValue : "\(path).\(key.stringValue)"
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "\(key.stringValue) is required"
        case .typeMismatch(let type, _): "This field must be \(type == String.self ? "a string" : type == Int64.self ? "a whole number of pence" : "of another type")"
        case .valueNotFound: "This field must not be null"
        default: "This field is not valid"
        }
    }
}

extension IMSError {
    /// The same error, answered 400 (a body that is not JSON at all).
    var asBadRequest: BadRequest { BadRequest(error: self) }

    struct BadRequest: Error {
        let error: IMSError
    }
}
