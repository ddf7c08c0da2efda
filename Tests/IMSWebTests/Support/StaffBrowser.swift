import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSWeb
import Testing

/// A member of staff's browser against the test server: keeps the session cookie, reads forms' CSRF tokens.
struct StaffBrowser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) { self.client = client }

    var cookieHeader: HTTPFields {
        cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")]
    }

    /// Sends a request with the cookies and keeps any new ones.
    @discardableResult
    mutating func send(_ method: HTTPRequest.Method, _ uri: String, form: [String: String]? = nil, headers extra: HTTPFields = [:]) async throws
        -> TestResponse
    {
        var headers = cookieHeader
        for field in extra { headers.append(field) }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&"))
        }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        return response
    }

    /// The value of the first hidden `csrf_token` field on a page.
    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf_token\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// Signs in through the demo's pick-a-user page.
    mutating func signInAsDemoUser(_ username: String) async throws {
        let page = try await send(.get, "/auth/dev?return_to=/staff/")
        let token = try #require(Self.csrfToken(in: page.text))
        let response = try await send(.post, "/auth/dev", form: ["csrf_token": token, "username": username, "return_to": "/staff/"])
        #expect(response.status == .seeOther)
        #expect(cookies["ims_session"] != nil)
    }

    /// Posts a staff form, with the CSRF token from the page at `pagePath`.
    mutating func submit(_ path: String, from pagePath: String, fields: [String: String]) async throws -> TestResponse {
        let page = try await send(.get, pagePath)
        let token = try #require(Self.csrfToken(in: page.text), "no form on \(pagePath)")
        return try await send(.post, path, form: fields.merging(["csrf_token": token]) { $1 })
    }
}
