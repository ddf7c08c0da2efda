import Foundation
import IMSAuth
import IMSCore
import IMSStore
import Logging

/// A configuration value that cannot be used, naming the key so the operator knows what to fix.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let key: String
    public let reason: String
    public init(key: String, _ reason: String) {
        self.key = key
        self.reason = reason
    }
    public var description: String { "Configuration \(key): \(reason)" }
}

/// Where IMS runs: development (the default; demo and sandbox allowed) or production (HTTPS public and
/// return URLs, no sandbox provider, no development sign-in, HSTS).
public enum DeploymentEnvironment: String, Sendable {
    case development
    case production
}

/// Every setting of a running IMS, read in one place from the environment and command-line flags (flags
/// win), validated before anything starts. `ConfigurationKey.all` documents each key and its default.
public struct ServerConfiguration: Sendable {
    public var environment: DeploymentEnvironment
    public var bindHost: String
    public var port: Int
    /// The address residents and services use to reach IMS; links and redirects are built from it.
    public var publicURL: URL
    public var database: DatabaseLocation
    public var logLevel: Logger.Level
    /// `ims demo`: demo data and development sign-in on loopback only.
    public var isDemo: Bool
    public var signIn: SignInConfiguration
    public var payments: PaymentConfiguration
    /// Whether the public URL was given (IMS_PUBLIC_URL or --public-url) rather than made from the bind address.
    public var publicURLIsExplicit: Bool

    public var isProduction: Bool { environment == .production }

    /// Whether residents and staff reach IMS over HTTPS (then its cookies are `Secure`).
    public var isServedOverHTTPS: Bool { WebAddress(publicURL)?.isHTTPS == true }

    /// Values given on the command line; each overrides its environment variable.
    public struct Overrides: Sendable {
        public var bindHost: String?
        public var port: Int?
        public var publicURL: String?
        public var dataDirectory: String?
        public var databaseURL: String?
        public var isDemo = false

        public init(
            bindHost: String? = nil, port: Int? = nil, publicURL: String? = nil, dataDirectory: String? = nil, databaseURL: String? = nil,
            isDemo: Bool = false
        ) {
            self.bindHost = bindHost
            self.port = port
            self.publicURL = publicURL
            self.dataDirectory = dataDirectory
            self.databaseURL = databaseURL
            self.isDemo = isDemo
        }
    }

    public static func load(environment variables: [String: String] = ProcessInfo.processInfo.environment, overrides: Overrides = Overrides()) throws
        -> ServerConfiguration
    {
        func value(_ key: ConfigurationKey) -> String? {
            variables[key.name].flatMap { $0.isEmpty ? nil : $0 }
        }
        let environmentText = value(.environment) ?? DeploymentEnvironment.development.rawValue
        guard let environment = DeploymentEnvironment(rawValue: environmentText) else {
            throw ConfigurationError(key: ConfigurationKey.environment.name, "must be development or production, not \(environmentText)")
        }
        let bindHost = overrides.bindHost ?? value(.bind) ?? "127.0.0.1"
        let port = try overrides.port ?? parsePort(value(.port))
        let publicURLText = overrides.publicURL ?? value(.publicURL) ?? "http://\(bindHost.contains(":") ? "[\(bindHost)]" : bindHost):\(port)"
        guard let publicAddress = WebAddress(publicURLText) else {
            throw ConfigurationError(key: ConfigurationKey.publicURL.name, "must be an absolute http(s) URL, not \(publicURLText)")
        }
        let publicURL = publicAddress.url
        if environment == .production && !publicAddress.isHTTPS {
            throw ConfigurationError(key: ConfigurationKey.publicURL.name, "must be an https:// URL in production")
        }
        var database = try databaseLocation(environment: variables, overrides: overrides)
        let timeoutText = value(.databaseTimeoutSeconds) ?? "10"
        guard let timeout = Int64(timeoutText), (1...600).contains(timeout) else {
            throw ConfigurationError(
                key: ConfigurationKey.databaseTimeoutSeconds.name, "must be a whole number of seconds from 1 to 600, not \(timeoutText)")
        }
        if case .postgres(var settings) = database {
            settings.operationTimeoutSeconds = timeout
            database = .postgres(settings)
        }
        let levelText = value(.logLevel) ?? "info"
        guard let logLevel = Logger.Level(rawValue: levelText) else {
            throw ConfigurationError(
                key: ConfigurationKey.logLevel.name, "must be trace, debug, info, notice, warning, error or critical, not \(levelText)")
        }
        let signIn = try SignInConfiguration.load(
            value, publicURL: publicURL, bindHost: bindHost, isDemo: overrides.isDemo, isProduction: environment == .production)
        let payments = try PaymentConfiguration.load(value, isProduction: environment == .production)
        let configuration = ServerConfiguration(
            environment: environment, bindHost: bindHost, port: port, publicURL: publicURL, database: database,
            logLevel: logLevel, isDemo: overrides.isDemo, signIn: signIn, payments: payments,
            publicURLIsExplicit: overrides.publicURL != nil || value(.publicURL) != nil)
        try configuration.checkProductionRules()
        // The sandbox takes fake cards: reachable from other machines only when someone said so.
        if payments.provider == .sandbox, !Self.isLoopback(bindHost), value(.environment) == nil {
            throw ConfigurationError(
                key: ConfigurationKey.environment.name,
                "must be set explicitly to run the sandbox card processor on \(bindHost), which other machines can reach (IMS_ENV=development accepts fake card payments there; production needs govuk-pay)"
            )
        }
        return configuration
    }

    /// The database: `--database-url`, else `--data-dir`, else `IMS_DATABASE_URL`, else `IMS_DATA_DIR`,
    /// else `./ims-data`.
    public static func databaseLocation(environment variables: [String: String], overrides: Overrides) throws -> DatabaseLocation {
        func value(_ key: ConfigurationKey) -> String? { variables[key.name].flatMap { $0.isEmpty ? nil : $0 } }
        do {
            if let url = overrides.databaseURL ?? (overrides.dataDirectory == nil ? value(.databaseURL) : nil) {
                return try DatabaseLocation.parse(url: url)
            }
            return .dataDirectory(overrides.dataDirectory ?? value(.dataDirectory) ?? "ims-data")
        } catch {
            throw ConfigurationError(key: ConfigurationKey.databaseURL.name, error.reason)
        }
    }

    private static func parsePort(_ text: String?) throws -> Int {
        guard let text else { return 8080 }
        guard let port = Int(text), (0...65535).contains(port) else {
            throw ConfigurationError(key: ConfigurationKey.port.name, "must be a port number from 0 to 65535, not \(text)")
        }
        return port
    }

    /// Production must be reached over HTTPS and never runs the demo.
    func checkProductionRules() throws {
        guard isProduction else { return }
        if !isServedOverHTTPS {
            throw ConfigurationError(key: ConfigurationKey.publicURL.name, "must be an https:// URL in production")
        }
        if isDemo {
            throw ConfigurationError(key: ConfigurationKey.environment.name, "the demo cannot run in production; use ims serve")
        }
        // Payers' details and staff credentials cross these links: encrypted, or not at all.
        if case .postgres(let settings) = database, settings.tls != .require {
            throw ConfigurationError(key: ConfigurationKey.databaseURL.name, "must end ?sslmode=require in production")
        }
        if let directory = signIn.directory, !directory.url.lowercased().hasPrefix("ldaps://") {
            throw ConfigurationError(key: ConfigurationKey.ldapURL.name, "must be an ldaps:// URL in production (IMS does not speak StartTLS)")
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
    }
}

extension StoreError {
    var reason: String { description }
}

/// One configuration key: its environment variable, default and meaning. The README's table lists these.
public struct ConfigurationKey: Sendable {
    public let name: String
    public let defaultValue: String
    public let meaning: String
    public let isSecret: Bool

    public static let environment = ConfigurationKey(
        name: "IMS_ENV", defaultValue: "development",
        meaning: "`production` turns on the production rules: https public and return URLs, no sandbox provider, no development sign-in, HSTS",
        isSecret: false)
    public static let bind = ConfigurationKey(
        name: "IMS_BIND", defaultValue: "127.0.0.1", meaning: "Address to listen on (`0.0.0.0` for all)", isSecret: false)
    public static let port = ConfigurationKey(
        name: "IMS_PORT", defaultValue: "8080", meaning: "Port to listen on (`0` picks a free one)", isSecret: false)
    public static let publicURL = ConfigurationKey(
        name: "IMS_PUBLIC_URL", defaultValue: "http://<bind>:<port>",
        meaning: "The URL residents and services reach IMS at; must be https in production", isSecret: false)
    public static let databaseURL = ConfigurationKey(
        name: "IMS_DATABASE_URL", defaultValue: "(none: SQLite in the data directory)",
        meaning: "`postgres://user:password@host:5432/ims?sslmode=require` for PostgreSQL; contains a secret", isSecret: true)
    public static let dataDirectory = ConfigurationKey(
        name: "IMS_DATA_DIR", defaultValue: "ims-data", meaning: "Directory of the SQLite database `ims.sqlite` when no database URL is given",
        isSecret: false)
    public static let logLevel = ConfigurationKey(
        name: "IMS_LOG_LEVEL", defaultValue: "info", meaning: "trace, debug, info, notice, warning, error or critical", isSecret: false)

    public static let databaseTimeoutSeconds = ConfigurationKey(
        name: "IMS_DATABASE_TIMEOUT_SECONDS", defaultValue: "10",
        meaning:
            "PostgreSQL: the longest one request's read or transaction may take (1–600) before it is abandoned with a 503, so a connection lost mid-query cannot hold a request, or shutdown, for ever",
        isSecret: false)

    public static let all: [ConfigurationKey] =
        [.environment, .bind, .port, .publicURL, .databaseURL, .dataDirectory, .databaseTimeoutSeconds, .logLevel] + signIn + payments
}
