import AsyncHTTPClient
import Foundation
import IMSCore
import Logging
import NIOHTTP1

extension OIDCClient {
    /// How IMS proves to the token endpoint that it is the registered client (OpenID Connect Core §9).
    enum ClientAuthentication: Equatable {
        /// HTTP Basic with the form-encoded id and secret (RFC 6749 §2.3.1): the default every provider
        /// must support.
        case basic
        /// `client_id` and `client_secret` in the form body.
        case post
        /// No secret configured: a public client, proven by PKCE alone.
        case none
    }

    /// Basic unless there is no secret, or the provider's discovery document lists
    /// `client_secret_post` but not `client_secret_basic`.
    static func clientAuthentication(secret: String?, supported: [String]?) -> ClientAuthentication {
        guard let secret, !secret.isEmpty else { return .none }
        guard let supported else { return .basic }
        return !supported.contains("client_secret_basic") && supported.contains("client_secret_post") ? .post : .basic
    }

    /// Swaps the authorization code for the ID token at the token endpoint (RFC 6749 §4.1.3).
    func exchange(code: String, codeVerifier: String, metadata: OIDCProviderMetadata) async throws -> String {
        var form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", settings.redirectURI),
            ("code_verifier", codeVerifier),
            ("client_id", settings.clientID),
        ]
        var request = HTTPClientRequest(url: metadata.tokenEndpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        switch Self.clientAuthentication(secret: settings.clientSecret, supported: metadata.tokenEndpointAuthMethodsSupported) {
        case .basic:
            let pair = OIDCFormEncoding.encode(settings.clientID) + ":" + OIDCFormEncoding.encode(settings.clientSecret ?? "")
            request.headers.add(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString())
        case .post:
            form.append(("client_secret", settings.clientSecret ?? ""))
        case .none:
            break
        }
        request.body = .bytes(Array(OIDCFormEncoding.encode(form).utf8))

        let problem = "IMS could not complete the sign-in with the provider"
        let answer = try await http.send(request, failure: .oidcTokenExchange, problem, logger: logger)
        guard answer.isSuccess else { throw refusal(answer) }
        guard let response = try? answer.decode(TokenResponse.self) else {
            throw IMSError(.unavailable, .oidcTokenExchange, "\(problem): its token endpoint answered with something that is not a token response")
        }
        guard let idToken = response.idToken, !idToken.isEmpty else {
            throw IMSError(.unavailable, .oidcTokenExchange, "\(problem): it sent no ID token; check that IMS_OIDC_SCOPES includes openid")
        }
        return idToken
    }

    /// The provider's error (RFC 6749 §5.2) as something a person can act on. The description is the
    /// provider's own words, cut short; it never contains the code or the secret IMS sent.
    private func refusal(_ answer: OIDCProviderHTTP.Answer) -> IMSError {
        let error = try? answer.decode(TokenErrorResponse.self)
        let detail = [error?.error, error?.errorDescription.map { String($0.prefix(200)) }].compactMap(\.self).joined(separator: ": ")
        logger.warning("OpenID token endpoint refused the code", metadata: ["status": "\(answer.status.code)", "error": "\(error?.error ?? "-")"])
        switch error?.error {
        case "invalid_grant":
            return IMSError(
                .unauthenticated, .oidcTokenExchange,
                "The sign-in provider would not accept this sign-in (\(detail)); it may have been used already or taken too long. Start the sign-in again"
            )
        case "invalid_client", "unauthorized_client":
            return IMSError(
                .unavailable, .oidcTokenExchange,
                "The sign-in provider does not accept IMS's client credentials (\(detail)); an administrator must check IMS_OIDC_CLIENT_ID and IMS_OIDC_CLIENT_SECRET"
            )
        default:
            let said = detail.isEmpty ? "HTTP \(answer.status.code)" : "HTTP \(answer.status.code), \(detail)"
            return IMSError(.unavailable, .oidcTokenExchange, "The sign-in provider refused to complete the sign-in (\(said))")
        }
    }
}

private struct TokenResponse: Decodable {
    let idToken: String?

    enum CodingKeys: String, CodingKey { case idToken = "id_token" }
}

private struct TokenErrorResponse: Decodable {
    let error: String
    let errorDescription: String?

    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
    }
}
