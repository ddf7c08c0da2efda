import Foundation
import IMSAuth
import IMSStore
import IMSWeb
import Testing

@Suite("Server configuration")
struct ServerConfigurationTests {
    @Test("Defaults: development, 127.0.0.1:8080, SQLite in ./ims-data, public URL from the bind address")
    func defaults() throws {
        let configuration = try ServerConfiguration.load(environment: [:])
        #expect(configuration.environment == .development)
        #expect(configuration.bindHost == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.publicURL.absoluteString == "http://127.0.0.1:8080")
        #expect(configuration.database == .dataDirectory("ims-data"))
    }

    @Test("Flags win over the environment; a database URL selects PostgreSQL")
    func flagsAndEnvironment() throws {
        let environment = [
            "IMS_ENV": "development", "IMS_PORT": "9000", "IMS_BIND": "0.0.0.0",
            "IMS_DATABASE_URL": "postgres://ims:secret@db.example:5433/income?sslmode=require",
        ]
        let fromEnvironment = try ServerConfiguration.load(environment: environment)
        #expect(fromEnvironment.port == 9000)
        #expect(fromEnvironment.database.description == "PostgreSQL db.example:5433/income")
        let withFlags = try ServerConfiguration.load(environment: environment, overrides: .init(port: 9100, dataDirectory: "/srv/ims"))
        #expect(withFlags.port == 9100)
        #expect(withFlags.database == .dataDirectory("/srv/ims"))
    }

    @Test(
        "Bad values stop start-up with a message naming the key",
        arguments: [
            (["IMS_PORT": "eighty"], "IMS_PORT"),
            (["IMS_PORT": "70000"], "IMS_PORT"),
            (["IMS_ENV": "staging"], "IMS_ENV"),
            (["IMS_PUBLIC_URL": "not a url"], "IMS_PUBLIC_URL"),
            (["IMS_DATABASE_URL": "mysql://x/y"], "IMS_DATABASE_URL"),
            (["IMS_DATABASE_URL": "postgres://host/db?sslmode=sometimes"], "IMS_DATABASE_URL"),
            (["IMS_LOG_LEVEL": "loud"], "IMS_LOG_LEVEL"),
            (["IMS_ENV": "production", "IMS_PUBLIC_URL": "http://pay.example.gov.uk"], "IMS_PUBLIC_URL"),
        ])
    func badValues(environment: [String: String], key: String) throws {
        let error = try #require(throws: ConfigurationError.self) { try ServerConfiguration.load(environment: environment) }
        #expect(error.key == key)
        #expect(error.description.contains(key))
    }

    @Test("Production needs https and refuses to run the demo")
    func productionRules() throws {
        let production = [
            "IMS_ENV": "production", "IMS_PUBLIC_URL": "https://pay.example.gov.uk",
            "IMS_PAYMENT_PROVIDER": "govuk-pay", "IMS_GOVUK_PAY_API_KEY": "api_live_not_a_real_key",
        ]
        #expect(try ServerConfiguration.load(environment: production).isProduction)
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.load(environment: production, overrides: .init(isDemo: true)) }
        let sandbox = try #require(throws: ConfigurationError.self) {
            try ServerConfiguration.load(environment: production.merging(["IMS_PAYMENT_PROVIDER": "sandbox"]) { $1 })
        }
        #expect(sandbox.key == "IMS_PAYMENT_PROVIDER")
        let noProvider = try #require(throws: ConfigurationError.self) {
            try ServerConfiguration.load(environment: production.filter { $0.key != "IMS_PAYMENT_PROVIDER" })
        }
        #expect(noProvider.key == "IMS_PAYMENT_PROVIDER")
    }

    @Test("issue 10: production needs sslmode=require and ldaps://; the sandbox on a reachable address needs IMS_ENV said explicitly")
    func transportAndSafeDefaults() throws {
        let production = [
            "IMS_ENV": "production", "IMS_PUBLIC_URL": "https://pay.example.gov.uk",
            "IMS_PAYMENT_PROVIDER": "govuk-pay", "IMS_GOVUK_PAY_API_KEY": "api_live_not_a_real_key",
        ]
        let plainDatabase = try #require(throws: ConfigurationError.self) {
            try ServerConfiguration.load(environment: production.merging(["IMS_DATABASE_URL": "postgres://ims@db.council.local/ims"]) { $1 })
        }
        #expect(plainDatabase.key == "IMS_DATABASE_URL")
        #expect(
            try ServerConfiguration.load(
                environment: production.merging(["IMS_DATABASE_URL": "postgres://ims@db.council.local/ims?sslmode=require"]) { $1 }
            ).isProduction)
        let plainDirectory = try #require(throws: ConfigurationError.self) {
            try ServerConfiguration.load(
                environment: production.merging(["IMS_LDAP_URL": "ldap://dc1.council.local", "IMS_LDAP_BASE_DN": "DC=council,DC=local"]) { $1 })
        }
        #expect(plainDirectory.key == "IMS_LDAP_URL")

        let reachableSandbox = try #require(throws: ConfigurationError.self) { try ServerConfiguration.load(environment: ["IMS_BIND": "0.0.0.0"]) }
        #expect(reachableSandbox.key == "IMS_ENV")
        #expect(try ServerConfiguration.load(environment: ["IMS_BIND": "0.0.0.0", "IMS_ENV": "development"]).payments.provider == .sandbox)
        #expect(try ServerConfiguration.load(environment: ["IMS_BIND": "127.0.0.1"]).payments.provider == .sandbox)
    }

    @Test("issue 10: a keytab whose realms cannot be read, with no IMS_KERBEROS_REALMS, stops start-up naming the key")
    func unreadableKeytabRealms() throws {
        let error = try #require(throws: ConfigurationError.self) { try ServerConfiguration.load(environment: ["IMS_KERBEROS_KEYTAB": "/dev/null"]) }
        #expect(error.key == "IMS_KERBEROS_REALMS")
        let named = try ServerConfiguration.load(environment: [
            "IMS_KERBEROS_KEYTAB": "/dev/null", "IMS_KERBEROS_REALMS": "council.local, Partner.Local",
        ])
        #expect(named.signIn.naming.kerberosRealms == ["COUNCIL.LOCAL", "PARTNER.LOCAL"])
    }
}
