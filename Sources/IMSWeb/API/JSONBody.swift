import Foundation
import Hummingbird
import IMSCore

/// Reads a JSON request body: 400 when it is not JSON at all, 422 naming the field when it is JSON of the
/// wrong shape (a string where a number belongs, a missing field, a number with a fraction or exponent).
enum JSONBody {
    static let maximumBytes = 64 * 1024

    /// The decoded value and a fingerprint of the request (for idempotency keys): the SHA-256 of the JSON
    /// with its keys sorted, so the same request written differently is still the same request.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> (value: T, fingerprint: String) {
        let buffer = try await request.body.collect(upTo: maximumBytes)
        let data = Data(buffer.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: data), object is [String: Any] else {
            throw IMSError(.validation, .requestNotJSON, "The request body is not a JSON object").asBadRequest
        }
        let value: T
        do {
            value = try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw IMSError.validation(.requestInvalid, describe(error), field: path(of: error))
        }
        if let field = firstNonIntegerNumber(in: Array(data)) {
            throw IMSError.validation(
                .requestInvalid, "This field must be a whole number (amounts are in pence), written without a decimal point or exponent",
                field: field)
        }
        let canonical = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? data
        return (value, LedgerHash.sha256Hex(String(decoding: canonical, as: UTF8.self)))
    }

    /// The path (`lines[0].amount`) of the first number written with a fraction or an exponent (`45.0`,
    /// `4.5e3`), or `nil` when there is none. Issue 10: every number IMS reads from a request body is a
    /// whole number (pence), and Foundation's decoder would quietly read `45.0` as 45 and `4.5e3` as 4500, so
    /// the number as written is checked. `json` is already known to be valid JSON.
    static func firstNonIntegerNumber(in json: [UInt8]) -> String? {
        enum Container {
            case object(key: String?)
            case array(index: Int)
        }
        var stack: [Container] = []
        func path() -> String {
            stack.reduce("") { path, container in
                switch container {
                case .object(let key): path.isEmpty ? (key ?? "") : "\(path).\(key ?? "")"
                case .array(let index): "\(path)[\(index)]"
                }
            }
        }
        var position = 0
        while position < json.count {
            let byte = json[position]
            switch byte {
            case UInt8(ascii: "{"): stack.append(.object(key: nil))
            case UInt8(ascii: "["): stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = stack.popLast()
            case UInt8(ascii: ","):
                switch stack.last {
                case .array(let index): stack[stack.count - 1] = .array(index: index + 1)
                case .object: stack[stack.count - 1] = .object(key: nil)
                case nil: break
                }
            case UInt8(ascii: "\""):
                let start = position
                position += 1
                while position < json.count, json[position] != UInt8(ascii: "\"") {
                    position += json[position] == UInt8(ascii: "\\") ? 2 : 1
                }
                if case .object(key: nil) = stack.last {
                    let literal = Data(json[start...min(position, json.count - 1)])
                    let key =
                        (try? JSONDecoder().decode(String.self, from: literal)) ?? String(decoding: literal.dropFirst().dropLast(), as: UTF8.self)
                    stack[stack.count - 1] = .object(key: key)
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let fractionOrExponent: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")]
                let signs: Set<UInt8> = [UInt8(ascii: "-"), UInt8(ascii: "+")]
                var isInteger = true
                while position < json.count {
                    let character = json[position]
                    if fractionOrExponent.contains(character) {
                        isInteger = false
                    } else if !signs.contains(character) && !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(character) {
                        break
                    }
                    position += 1
                }
                if !isInteger { return path() }
                continue
            default: break
            }
            position += 1
        }
        return nil
    }

    private static func path(of error: DecodingError) -> String? {
        let context: DecodingError.Context? =
            switch error {
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
        case .typeMismatch(let type, _):
            "This field must be \(type == String.self ? "a string" : type == Int64.self ? "a whole number of pence" : "of another type")"
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

extension IMSError.Code {
    /// A request body that is not a JSON object at all (answered 400).
    static let requestNotJSON = Self("request.not_json")
    /// A JSON body of the wrong shape: a missing field, a value of the wrong type, a number with a fraction.
    static let requestInvalid = Self("request.invalid")
}
