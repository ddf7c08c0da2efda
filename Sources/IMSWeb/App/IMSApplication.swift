import AsyncHTTPClient
import Foundation
import Hummingbird
import IMSAuth
import IMSCore
import IMSProviders
import IMSSandbox
import IMSServices
import IMSStore
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the IMS web application: middleware, every route with its declared access, and the background
/// services (the PostgreSQL ledger sealer) that run beside the HTTP server.
public enum IMSApplication {
    /// The router with every route registered, the payment service, the background services, and what to
    /// do once the server listens (learn the real port when port 0 was asked for).
    public static func parts(
        configuration: ServerConfiguration, database: IMSDatabase, clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "ims.web")
    ) async throws -> ApplicationParts {
        let council = try await database.configuration()
        if !council.isReadyForPayments {
            logger.warning(
                "the council is not set up yet, so IMS refuses payments: describe its funds, methods of payment and VAT codes in a file (docs/council-example.toml is an example) and run `ims council apply FILE`, or run `ims demo` for the demo council"
            )
        }
        let instance = InstanceDescription(
            council: council.profile, environment: configuration.environment.rawValue, databaseKind: database.databaseKind,
            isDemo: configuration.isDemo, fundCount: council.funds.filter { !$0.isSuspense }.count)
        let pages = try await PageRenderer.load(instance: instance)
        let router = Router(context: IMSRequestContext.self)
        router.add(middleware: ClientAddressMiddleware(trustedProxies: configuration.signIn.trustedProxies))
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: SecurityHeadersMiddleware(isProduction: configuration.isProduction))
        router.add(middleware: ErrorMiddleware(pages: pages))
        router.add(middleware: SystemNoticesMiddleware(messages: database))
        let signIn = configuration.signIn
        let gate = StaffGate(
            sessions: database, audit: database, clock: clock, policy: signIn.sessions, pages: pages, secureCookies: configuration.isServedOverHTTPS)
        let routes = RouteTable(router: router, apiKeys: database, clock: clock, staffGate: gate)
        router.add(middleware: MethodNotAllowedMiddleware(routes: routes))
        let address = PublicAddress(
            url: configuration.publicURL.absoluteString, isFinal: configuration.publicURLIsExplicit || configuration.port != 0)
        let (provider, bindProvider) = try paymentProvider(configuration, router: router, address: address, clock: clock, logger: logger)
        let payments = PaymentService(
            store: database, provider: provider, publicAddress: address, expiresAfterMinutes: configuration.payments.expiresAfterMinutes,
            requireHTTPS: configuration.isProduction, logger: logger)
        HomePage.register(on: routes, pages: pages, council: database)
        LedgerAPI.register(on: routes, database: database)
        try OpenAPIDocument.register(on: routes)
        PaymentsAPI.register(on: routes, payments: payments)
        ReferencesAPI.register(on: routes, checks: ReferenceChecks(store: database, logger: logger))
        TransactionsAPI.register(on: routes, store: database)
        PaymentPages.register(on: routes, payments: payments, pages: pages, database: database, clock: clock)
        ProviderNotifications.register(on: routes, payments: payments, signingSecrets: configuration.payments.govukPayWebhookSecrets)
        SignInRoutes(
            database: database, configuration: signIn, gate: gate, pages: pages,
            oidc: signIn.oidc.map { OIDCClient(settings: $0, httpClient: ProviderHTTPClient.shared, clock: clock, logger: logger) },
            kerberos: signIn.kerberosKeytab.flatMap { KerberosAcceptor.load(keytab: $0, logger: logger) },
            directory: signIn.directory.map { DirectoryGroupLookup(settings: $0, logger: logger) },
            limiter: ClientRateLimiter(attemptsPerMinute: 10, clock: clock), startLimiter: ClientRateLimiter(attemptsPerMinute: 30, clock: clock),
            logger: logger
        ).register(on: routes)
        StaffHome.register(on: routes, pages: pages)
        RefundScreens.register(on: routes, refunds: RefundService(store: database), ledger: database, clock: clock, pages: pages)
        PaymentScreens.register(on: routes, database: database, pages: pages)
        AuditTrail.register(on: routes, database: database, pages: pages)
        TransactionScreens.register(on: routes, database: database, pages: pages, gate: gate)
        ImportBatchScreens.register(on: routes, database: database, pages: pages)
        APIKeyAdmin.register(on: routes, keys: APIKeyAdministration(store: database), database: database, pages: pages, gate: gate)
        SetupScreens.register(on: routes, setup: CouncilSetup(store: database), database: database, pages: pages, clock: clock)
        var work: [any PeriodicWork] = [
            SessionCleanup(sessions: database, policy: signIn.sessions),
            PaymentReconciliationWork(payments: payments),
            WebhookSender(database: database, clock: clock, logger: logger),
        ]
        if database.dialect == .postgres { work.append(LedgerSealing(database: database)) }
        let services: [any Service] = work.map { PeriodicService(work: $0, logger: logger) }
        return ApplicationParts(
            router: router, declarations: routes.declarations, payments: payments, services: services,
            onListening: { host, port in
                address.listening(host: host, port: port)
                bindProvider(port)
            })
    }

    /// GOV.UK Pay accounts: a default key, and keys per fund or per council service (`fund-PARK`,
    /// `service-bins-portal`).
    static func govukPayKeys(_ payments: PaymentConfiguration) throws -> GOVUKPayKeys {
        var accounts: [String: GOVUKPayAPIKey] = [:]
        var fundAccounts: [FundCode: String] = [:]
        var serviceAccounts: [String: String] = [:]
        if let key = payments.govukPayAPIKey { accounts["default"] = try GOVUKPayAPIKey(key) }
        for (fund, key) in payments.govukPayFundKeys {
            let code = try FundCode(parsing: fund, field: "IMS_GOVUK_PAY_FUND_KEYS")
            accounts["fund-\(code.rawValue)"] = try GOVUKPayAPIKey(key)
            fundAccounts[code] = "fund-\(code.rawValue)"
        }
        for (service, key) in payments.govukPayServiceKeys.sorted(by: { $0.key < $1.key }) {
            let name = "service-" + String(service.map { $0 == "." ? "_" : $0 }.prefix(32))
            // Two services whose names become the same account name would share (and overwrite) one key.
            if let other = serviceAccounts.first(where: { $0.value == name })?.key {
                throw ConfigurationError(
                    key: ConfigurationKey.govukPayServiceKeys.name,
                    "services \(other) and \(service) would share the account name \(name); rename one")
            }
            accounts[name] = try GOVUKPayAPIKey(key)
            serviceAccounts[service] = name
        }
        return try GOVUKPayKeys(
            accounts: accounts, fundAccounts: fundAccounts, serviceAccounts: serviceAccounts,
            defaultAccount: accounts["default"] == nil ? nil : "default")
    }

    /// The card provider: GOV.UK Pay, or the sandbox mounted at `/sandbox-provider` and reached, like a real
    /// provider, over HTTP through the GOV.UK Pay client once the server's port is known.
    private static func paymentProvider(
        _ configuration: ServerConfiguration, router: Router<IMSRequestContext>, address: PublicAddress, clock: any WallClock, logger: Logger
    ) throws -> (any PaymentProvider, @Sendable (Int) -> Void) {
        switch configuration.payments.provider {
        case .govukPay:
            let provider = try GOVUKPayProvider(
                baseURL: configuration.payments.govukPayURL ?? GOVUKPayProvider.defaultBaseURL, keys: try govukPayKeys(configuration.payments),
                timeoutSeconds: configuration.payments.govukPayTimeoutSeconds, logger: logger)
            return (provider, { _ in })
        case .sandbox:
            let sandbox = try SandboxProvider(
                isProduction: configuration.isProduction,
                publicBaseURL: configuration.publicURLIsExplicit || configuration.port != 0 ? address.url + "/sandbox-provider" : nil,
                clock: clock, logger: logger)
            sandbox.register(on: router.group("sandbox-provider"))
            let late = LateBoundProvider(name: SandboxProvider.providerName)
            return (
                late,
                { port in
                    // IMS reaches its own sandbox on loopback, whatever address it listens on for others.
                    if let provider = try? sandbox.paymentProvider(apiBaseURL: "http://127.0.0.1:\(port)/sandbox-provider", logger: logger) {
                        late.bind(provider)
                    }
                }
            )
        }
    }

    /// The whole application, ready to `runService()`. `onListening` receives the bound address (with the
    /// real port when port 0 was asked for).
    public static func application(
        configuration: ServerConfiguration, database: IMSDatabase, logger: Logger,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) async throws -> some ApplicationProtocol {
        let parts = try await self.parts(configuration: configuration, database: database, logger: logger)
        let partsListening = parts.onListening
        return Application(
            router: parts.router,
            configuration: .init(address: .hostname(configuration.bindHost, port: configuration.port), serverName: "IMS"),
            services: parts.services,
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                partsListening(configuration.bindHost, port)
                await onListening(configuration.bindHost, port)
            },
            logger: logger)
    }
}

extension IMSApplication {
    /// Builds the application and serves until SIGTERM or SIGINT, then shuts down gracefully (in-flight
    /// requests finish, background services stop) and returns.
    public static func run(
        configuration: ServerConfiguration, database: IMSDatabase, logger: Logger,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void
    ) async throws {
        let app = try await application(configuration: configuration, database: database, logger: logger, onListening: onListening)
        try await app.runService()
    }
}

/// What the application is made of; tests build their own server from these.
public struct ApplicationParts {
    public let router: Router<IMSRequestContext>
    public let declarations: [RouteDeclaration]
    public let payments: PaymentService
    public let services: [any Service]
    public let onListening: @Sendable (_ host: String, _ port: Int) -> Void
}

/// The HTTP client for identity providers: never follows redirects, so a redirect on the token endpoint
/// cannot send the code, verifier and client secret somewhere else. Lives as long as the process.
enum ProviderHTTPClient {
    static let shared = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
}
