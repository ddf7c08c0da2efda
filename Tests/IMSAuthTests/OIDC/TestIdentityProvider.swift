import AsyncHTTPClient
import CryptoExtras
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMSAuth
import IMSCore
import JWTKit
import Logging
import Synchronization
import Testing

/// A tiny OpenID provider on 127.0.0.1 (port 0) that serves a discovery document and a JWKS the test
/// controls, and signs whatever tokens the test asks for — including the bad ones a real provider never
/// issues. It follows Discovery 1.0 and RFC 7517 as far as `IDTokenVerifier` reads them.
final class TestIdentityProvider: Sendable {
    /// A key pair: the private half signs test tokens, the public half can be published.
    struct SigningKey: Sendable {
        enum PrivateKey: Sendable {
            case rsa(JWTKit.Insecure.RSA.PrivateKey)
            case ec256(ES256PrivateKey)
        }

        /// The `kid` the token header names (`nil`: none).
        let kid: String?
        let privateKey: PrivateKey
        /// The public half as the JWKS publishes it.
        let published: JWK
        /// The public key's PEM, for the "HS256 with the public key as the secret" attack.
        let publicKeyPEM: String

        static func rsa(kid: String?, publishAlgorithm: JWK.Algorithm? = nil) throws -> SigningKey {
            let privateKey = try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
            let (modulus, exponent) = try privateKey.publicKey.getKeyPrimitives()
            let published = JWK.rsa(
                publishAlgorithm, identifier: kid.map(JWKIdentifier.init(string:)),
                modulus: modulus.base64URL, exponent: exponent.base64URL
            )
            return SigningKey(kid: kid, privateKey: .rsa(privateKey), published: published, publicKeyPEM: privateKey.publicKey.pemRepresentation)
        }

        static func ec256(kid: String?) throws -> SigningKey {
            let privateKey = ES256PrivateKey()
            let parameters = try #require(privateKey.publicKey.parameters)
            let published = JWK.ecdsa(nil, identifier: kid.map(JWKIdentifier.init(string:)), x: parameters.x, y: parameters.y, curve: .p256)
            return SigningKey(kid: kid, privateKey: .ec256(privateKey), published: published, publicKeyPEM: privateKey.publicKey.pemRepresentation)
        }

        /// The same key pair with another `kid` (or none) in the token header: for forged headers.
        func named(_ kid: String?) -> SigningKey {
            SigningKey(kid: kid, privateKey: privateKey, published: published, publicKeyPEM: publicKeyPEM)
        }

        /// A token with these claims, signed by this key (RS256 or ES256); the header names `kid` when set.
        func sign(_ claims: TestIDTokenClaims) async throws -> String {
            let keys = JWTKeyCollection()
            let identifier = kid.map(JWKIdentifier.init(string:))
            switch privateKey {
            case .rsa(let key): await keys.add(rsa: key, digestAlgorithm: .sha256, kid: identifier)
            case .ec256(let key): await keys.add(ecdsa: key, kid: identifier)
            }
            return try await keys.sign(claims, kid: identifier)
        }
    }

    private struct State {
        var issuer = ""
        var advertisedIssuer: String?
        var keys: [JWK] = []
        var jwksFetches = 0
        var tokenEndpointAuthMethods: [String]?
        var tokenAnswer: (status: HTTPResponse.Status, body: String) = (.badRequest, #"{"error":"invalid_grant"}"#)
        var tokenRequests: [TokenRequest] = []
    }

    /// What arrived at the token endpoint.
    struct TokenRequest: Sendable {
        let authorization: String?
        let form: [String: String]
    }

    private let state = Mutex(State())

    var issuer: String { state.withLock { $0.issuer } }
    var jwksFetches: Int { state.withLock { $0.jwksFetches } }

    /// Publishes exactly these keys from now on (rotation is calling this again).
    func publish(_ keys: [SigningKey]) {
        state.withLock { $0.keys = keys.map(\.published) }
    }

    var tokenRequests: [TokenRequest] { state.withLock { $0.tokenRequests } }

    /// Lists these client authentication methods in the discovery document (absent: not listed).
    func advertise(tokenEndpointAuthMethods: [String]?) {
        state.withLock { $0.tokenEndpointAuthMethods = tokenEndpointAuthMethods }
    }

    /// How the token endpoint answers from now on.
    func answerTokenRequests(status: HTTPResponse.Status = .ok, _ body: String) {
        state.withLock { $0.tokenAnswer = (status, body) }
    }

    /// Makes the discovery document name another issuer than the one it is served from.
    func advertise(issuer: String) {
        state.withLock { $0.advertisedIssuer = issuer }
    }

    /// Runs `body` while the provider serves on a free loopback port.
    static func run<T: Sendable>(_ body: @Sendable (TestIdentityProvider) async throws -> T) async throws -> T {
        let provider = TestIdentityProvider()
        let router = Router()
        router.get("/.well-known/openid-configuration") { _, _ in
            let (issuer, advertised, methods) = provider.state.withLock { ($0.issuer, $0.advertisedIssuer, $0.tokenEndpointAuthMethods) }
            var document: [String: any Sendable] = [
                "issuer": advertised ?? issuer,
                "authorization_endpoint": "\(issuer)/authorize",
                "token_endpoint": "\(issuer)/token",
                "jwks_uri": "\(issuer)/jwks",
            ]
            document["token_endpoint_auth_methods_supported"] = methods
            return Self.json(.ok, try JSONSerialization.data(withJSONObject: document))
        }
        router.post("/token") { request, _ in
            let body = String(buffer: try await request.body.collect(upTo: 64 * 1024))
            var form: [String: String] = [:]
            for pair in body.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                form[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            let answer = provider.state.withLock { state in
                state.tokenRequests.append(TokenRequest(authorization: request.headers[.authorization], form: form))
                return state.tokenAnswer
            }
            return Self.json(answer.status, Data(answer.body.utf8))
        }
        router.get("/jwks") { _, _ in
            let keys = provider.state.withLock { state in
                state.jwksFetches += 1
                return state.keys
            }
            return Self.json(.ok, try JSONEncoder().encode(JWKS(keys: keys)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            let port = try #require(client.port)
            provider.state.withLock { $0.issuer = "http://127.0.0.1:\(port)" }
            return try await body(provider)
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ body: Data) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// The claims a test ID token carries; every field can be set wrong on purpose.
struct TestIDTokenClaims: JWTPayload {
    var iss: String
    var sub = "alice-object-id"
    var aud: [String] = ["ims"]
    var azp: String?
    var exp: Int
    var iat: Int
    var nonce: String? = "nonce-1"
    // The claim's own name: the synthesised Codable writes the property name into the token.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    var preferred_username: String? = "Alice@Council.example"
    var name: String? = "Alice Example"
    var groups: TestGroupsClaim? = ["IMS-Income"]

    /// A good token for `issuer` at `now`, valid for five minutes.
    init(issuer: String, now: Timestamp) {
        iss = issuer
        iat = Int(now.microsecondsSince1970 / 1_000_000)
        exp = iat + 300
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// A groups claim as a list (the usual shape) or a single string (some providers, for one group).
enum TestGroupsClaim: Codable, Sendable, ExpressibleByArrayLiteral {
    case list([String])
    case single(String)

    init(arrayLiteral elements: String...) { self = .list(elements) }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) {
            self = .single(one)
        } else {
            self = .list(try container.decode([String].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .list(let groups): try container.encode(groups)
        case .single(let group): try container.encode(group)
        }
    }
}

extension Logger {
    /// The OpenID code logs refusals; the tests check the errors instead.
    static let quietOIDC = Logger(label: "ims.tests.oidc", factory: { _ in SwiftLogNoOpLogHandler() })
}

extension Data {
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
            of: "=", with: "")
    }
}
