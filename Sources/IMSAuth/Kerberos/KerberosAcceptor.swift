import CSystemAuth
import Foundation
import Logging

/// The result of accepting one SPNEGO token from a browser.
public struct KerberosAcceptance: Sendable, Hashable {
    /// The authenticated principal, e.g. `alice@IMS.TEST`.
    public var principal: String
    /// A token to send back in `WWW-Authenticate: Negotiate <token>` (mutual authentication), if any.
    public var responseToken: [UInt8]?

    public init(principal: String, responseToken: [UInt8]?) {
        self.principal = principal
        self.responseToken = responseToken
    }
}

/// Kerberos "Negotiate" (SPNEGO, RFC 4559) sign-in through the system GSSAPI library (MIT Kerberos,
/// `libgssapi_krb5.so.2`), loaded at run time so that IMS builds without it and runs, with Negotiate off,
/// where it is absent.
///
/// The service keys come from a keytab holding `HTTP/<host>@REALM` (`IMS_KERBEROS_KEYTAB`); any service
/// principal in it is accepted, so one keytab can serve several host names. Every `accept` uses a context
/// of its own, so one acceptor serves any number of requests at once.
public final class KerberosAcceptor: Sendable {
    /// The most bytes of token accepted. A ticket with a large Windows PAC (many groups) stays well under
    /// this; anything larger is refused before GSSAPI sees it.
    public static let maximumTokenBytes = 64 * 1024

    /// The keytab the service keys are read from, as given (a path, or `FILE:<path>`).
    public let keytab: String

    private init(keytab: String) {
        self.keytab = keytab
    }

    /// Loads the library and checks the keytab; nil (with a clear log line) when either is missing, in which
    /// case Negotiate is off.
    public static func load(keytab: String, logger: Logger) -> KerberosAcceptor? {
        if let reason = ims_gss_load() {
            logger.warning("Kerberos (Negotiate) sign-in is off: \(String(cString: reason))")
            return nil
        }
        let path = keytab.hasPrefix("FILE:") ? String(keytab.dropFirst("FILE:".count)) : keytab
        guard FileManager.default.isReadableFile(atPath: path) else {
            logger.warning("Kerberos (Negotiate) sign-in is off: the keytab \(path) (IMS_KERBEROS_KEYTAB) is missing or unreadable")
            return nil
        }
        if let reason = ims_gss_check_keytab(keytab) {
            defer { ims_auth_free(reason) }
            logger.warning("Kerberos (Negotiate) sign-in is off: keytab \(path): \(String(cString: reason))")
            return nil
        }
        logger.info("Kerberos (Negotiate) sign-in is on, service keys from \(path)")
        return KerberosAcceptor(keytab: keytab)
    }

    /// Accepts the token of an `Authorization: Negotiate <base64>` header. Blocking for as long as GSSAPI
    /// takes (local work only: reading the keytab, decrypting the ticket, the replay cache).
    public func accept(_ token: [UInt8]) throws -> KerberosAcceptance {
        guard !token.isEmpty else { throw KerberosError(.tokenRefused, "the Negotiate token is empty") }
        guard token.count <= Self.maximumTokenBytes else {
            throw KerberosError(.tokenRefused, "the Negotiate token is \(token.count) bytes, more than \(Self.maximumTokenBytes)")
        }
        var principal: UnsafeMutablePointer<CChar>?
        var output: UnsafeMutablePointer<UInt8>?
        var outputLength = 0
        var error: UnsafeMutablePointer<CChar>?
        defer {
            ims_auth_free(principal)
            ims_auth_free(output)
            ims_auth_free(error)
        }
        let outcome = token.withUnsafeBufferPointer { bytes in
            ims_gss_accept(keytab, bytes.baseAddress, bytes.count, &principal, &output, &outputLength, &error)
        }
        switch outcome {
        case IMS_GSS_COMPLETE:
            guard let principal else { throw KerberosError(.tokenRefused, "GSSAPI named no principal") }
            let responseToken = output.map { Array(UnsafeBufferPointer(start: $0, count: outputLength)) }
            return KerberosAcceptance(principal: String(cString: principal), responseToken: responseToken)
        case IMS_GSS_CONTINUE:
            throw KerberosError(
                .multiLegNotSupported,
                "the Negotiate exchange needs another round trip, which IMS does not support (send a Kerberos ticket, not NTLM)")
        default:
            throw KerberosError(.tokenRefused, error.map { String(cString: $0) } ?? "GSSAPI refused the token")
        }
    }
}

/// Why a Kerberos sign-in did not happen. Compare by `code`; `reason` is for the log.
public struct KerberosError: Error, Sendable, CustomStringConvertible {
    /// A stable name for the kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The GSSAPI library could not be loaded.
        public static let libraryMissing = Code("kerberos_library_missing")
        /// The token is not a valid Kerberos/SPNEGO token for our keys (garbage, truncated, expired, replayed,
        /// for another service).
        public static let tokenRefused = Code("kerberos_token_refused")
        /// The browser started an exchange needing more than one round trip (NTLM in SPNEGO, or SPNEGO
        /// falling back to another mechanism), which IMS does not do.
        public static let multiLegNotSupported = Code("kerberos_multi_leg")
        /// Making a token (tests only) failed.
        public static let initiateFailed = Code("kerberos_initiate_failed")
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public init(reason: String) { self.init(.tokenRefused, reason) }

    public var description: String { "Kerberos: \(reason)" }
}
