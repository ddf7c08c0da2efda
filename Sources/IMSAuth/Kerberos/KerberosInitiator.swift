import CSystemAuth

/// The browser's side of Negotiate: makes the first SPNEGO token for a service from a Kerberos ticket cache,
/// through the same run-time-loaded GSSAPI library as `KerberosAcceptor`. The server never needs this; the
/// tests use it to sign in for real against a throwaway realm (`scripts/kerberos`).
package struct KerberosInitiator: Sendable {
    /// The host-based service name, e.g. `HTTP@localhost` for `HTTP/localhost@REALM`.
    package var service: String
    /// A credential cache such as `FILE:/tmp/alice.ccache`; nil means the default one (`KRB5CCNAME`).
    package var credentialCache: String?

    package init(service: String = "HTTP@localhost", credentialCache: String? = nil) {
        self.service = service
        self.credentialCache = credentialCache
    }

    /// The token a browser would put in `Authorization: Negotiate <base64>`.
    package func firstToken() throws -> [UInt8] {
        if let reason = ims_gss_load() {
            throw KerberosError(.libraryMissing, String(cString: reason))
        }
        var token: UnsafeMutablePointer<UInt8>?
        var tokenLength = 0
        var error: UnsafeMutablePointer<CChar>?
        defer {
            ims_auth_free(token)
            ims_auth_free(error)
        }
        let outcome = ims_gss_initiate(service, credentialCache, &token, &tokenLength, &error)
        guard outcome != IMS_GSS_FAILED, let token, tokenLength > 0 else {
            throw KerberosError(.initiateFailed, error.map { String(cString: $0) } ?? "GSSAPI made no token")
        }
        return Array(UnsafeBufferPointer(start: token, count: tokenLength))
    }
}
