import Foundation
import IMSAuth
import Logging
import Testing

/// The throwaway realm of `scripts/kerberos` (IMS.TEST, KDC on loopback), found through the variables
/// that script exports. Without them the tests that need a realm are skipped, unless
/// `IMS_TEST_REQUIRE_SIGNIN=1` (CI) makes a missing realm a failure.
public enum KerberosTestRealm {
    public static let environment = ProcessInfo.processInfo.environment
    public static let keytab = environment["IMS_TEST_KRB5_KEYTAB"].flatMap { $0.isEmpty ? nil : $0 }
    public static let required = environment["IMS_TEST_REQUIRE_SIGNIN"] == "1"
    public static let isAvailable = keytab != nil || required

    /// The keytab of HTTP/localhost, or a failure telling how to start the realm.
    public static func requireKeytab() throws -> String {
        // GSSAPI finds the realm's KDC through KRB5_CONFIG; without it every sign-in would fail obscurely.
        _ = try #require(
            environment["KRB5_CONFIG"].flatMap { $0.isEmpty ? nil : $0 },
            "no Kerberos realm: run eval \"$(scripts/kerberos start)\" (KRB5_CONFIG is not set)")
        return try #require(
            keytab, "no Kerberos realm: run eval \"$(scripts/kerberos start)\" (IMS_TEST_KRB5_KEYTAB is not set)")
    }

    /// The ticket cache of `user` (alice, bob or carol).
    public static func requireCredentialCache(of user: String) throws -> String {
        let name = "IMS_TEST_KRB5_CCACHE_\(user.uppercased())"
        return try #require(
            environment[name].flatMap { $0.isEmpty ? nil : $0 },
            "no ticket cache for \(user): run eval \"$(scripts/kerberos start)\" (\(name) is not set)")
    }

    public static func requireAcceptor() throws -> KerberosAcceptor {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return try #require(KerberosAcceptor.load(keytab: try requireKeytab(), logger: logger), "the realm's keytab did not load")
    }
}
