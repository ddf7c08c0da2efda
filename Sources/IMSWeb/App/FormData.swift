import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body. Forms are small: the body is limited.
public struct FormData: Sendable, Hashable {
    public private(set) var fields: [String: String] = [:]

    public init(fields: [String: String] = [:]) { self.fields = fields }

    public subscript(_ name: String) -> String? { fields[name] }

    /// The trimmed value, or nil when absent or blank.
    public func value(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    public init(urlEncoded text: String) {
        for (name, value) in Self.pairs(urlEncoded: text) {
            fields[name] = value
        }
    }

    /// The name–value pairs of urlencoded text in order, repeated names kept and `+` read as a space (as
    /// browsers send a GET form): for query strings such as search filters, where names repeat.
    public static func pairs(urlEncoded text: String) -> [(name: String, value: String)] {
        text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            guard !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// Reads a request's form body, refusing one over 64 KiB.
    static func read(_ request: Request) async throws -> FormData {
        let body = try await request.body.collect(upTo: 64 * 1024)
        return FormData(urlEncoded: String(buffer: body))
    }
}
