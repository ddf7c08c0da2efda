import Foundation
import IMSAuth
import Logging
import Testing

/// The throwaway directory of `scripts/ldap` (slapd on loopback, base dc=ims,dc=test), found through the
/// variables that script exports. Without them these tests are skipped, unless `IMS_TEST_REQUIRE_SIGNIN=1`
/// (CI) makes a missing directory a failure.
public enum DirectoryTestServer {
    public static let environment = ProcessInfo.processInfo.environment
    public static let url = environment["IMS_TEST_LDAP_URL"].flatMap { $0.isEmpty ? nil : $0 }
    public static let required = environment["IMS_TEST_REQUIRE_SIGNIN"] == "1"
    public static let isAvailable = url != nil || required

    /// Settings for the service account the script made, or a failure telling how to start the directory.
    public static func requireSettings() throws -> DirectorySettings {
        let url = try #require(url, "no directory: run eval \"$(scripts/ldap start)\" (IMS_TEST_LDAP_URL is not set)")
        return DirectorySettings(
            url: url, bindDN: environment["IMS_TEST_LDAP_BIND_DN"], bindPassword: environment["IMS_TEST_LDAP_BIND_PASSWORD"],
            baseDN: environment["IMS_TEST_LDAP_BASE_DN"] ?? "dc=ims,dc=test", timeoutSeconds: 5)
    }

    public static func requireLookup() throws -> DirectoryGroupLookup {
        DirectoryGroupLookup(settings: try requireSettings(), logger: Logger(label: "test"))
    }
}
