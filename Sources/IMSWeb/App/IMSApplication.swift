import AsyncHTTPClient
import Foundation
import Hummingbird
import IMSCore
import IMSStore
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the IMS web application: middleware, every route with its declared access, and the background
/// services (the PostgreSQL ledger sealer) that run beside the HTTP server.
public enum IMSApplication {
    /// The router with every route registered; `declarations` lists them for tests and documentation.
    public static func router(
        configuration: ServerConfiguration, database: IMSDatabase, clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "ims.web")
    ) async throws -> (router: Router<IMSRequestContext>, declarations: [RouteDeclaration]) {
        let council = try await database.configuration()
        let instance = InstanceDescription(
            council: council.profile, environment: configuration.environment.rawValue, databaseKind: database.dialect.rawValue,
            isDemo: configuration.isDemo, fundCount: council.funds.filter { !$0.isSuspense }.count)
        let pages = try await PageRenderer.load(instance: instance)
        let router = Router(context: IMSRequestContext.self)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: SecurityHeadersMiddleware(isProduction: configuration.isProduction))
        router.add(middleware: ErrorMiddleware(pages: pages))
        let signIn = configuration.signIn
        let gate = StaffGate(database: database, policy: signIn.sessions, pages: pages, secureCookies: configuration.publicURL.scheme == "https")
        let routes = RouteTable(router: router, apiKeys: database, clock: clock, staffGate: gate)
        HomePage.register(on: routes, pages: pages)
        LedgerAPI.register(on: routes, database: database)
        SignInRoutes(
            database: database, configuration: signIn, gate: gate, pages: pages,
            oidc: signIn.oidc.map { OIDCClient(settings: $0, httpClient: ProviderHTTPClient.shared, clock: clock, logger: logger) },
            kerberos: signIn.kerberosKeytab.flatMap { KerberosAcceptor.load(keytab: $0, logger: logger) },
            directory: signIn.directory.map { DirectoryGroupLookup(settings: $0, logger: logger) },
            limiter: SignInRateLimiter(clock: clock), logger: logger
        ).register(on: routes)
        StaffHome.register(on: routes, pages: pages)
        RefundScreens.register(on: routes, database: database, pages: pages, gate: gate)
        AuditTrail.register(on: routes, database: database, pages: pages)
        APIKeyAdmin.register(on: routes, database: database, pages: pages, gate: gate)
        return (router, routes.declarations)
    }

    /// The whole application, ready to `runService()`. `onListening` receives the bound address (with the
    /// real port when port 0 was asked for).
    public static func application(
        configuration: ServerConfiguration, database: IMSDatabase, logger: Logger,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) async throws -> some ApplicationProtocol {
        let (router, _) = try await self.router(configuration: configuration, database: database, logger: logger)
        var services: [any Service] = [SessionCleanupService(database: database, policy: configuration.signIn.sessions, logger: logger)]
        if database.dialect == .postgres {
            services.append(LedgerSealerService(database: database, logger: logger))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.bindHost, port: configuration.port), serverName: "IMS"),
            services: services,
            onServerRunning: { channel in
                await onListening(configuration.bindHost, channel.localAddress?.port ?? configuration.port)
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

/// Seals committed ledger entries into the hash chain every second (PostgreSQL only; SQLite seals as it
/// writes). Several instances may run it: an advisory lock lets one seal at a time.
struct LedgerSealerService: Service {
    let database: IMSDatabase
    let logger: Logger

    func run() async throws {
        // Stops at once on shutdown: a seal left for later is taken by the next start (or another instance).
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    while try await database.sealPending(limit: 1_000) == 1_000 {}
                } catch {
                    logger.error("ledger sealer failed; will retry", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}

/// Removes expired sessions and stale pending sign-ins every ten minutes. Safe on several instances.
struct SessionCleanupService: Service {
    let database: IMSDatabase
    let policy: SessionPolicy
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await database.removeExpiredSessions(policy: policy)
                } catch {
                    logger.error("session clean-up failed; will retry", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(600))
            }
        }
    }
}

/// The HTTP client for identity providers: never follows redirects, so a redirect on the token endpoint
/// cannot send the code, verifier and client secret somewhere else. Lives as long as the process.
enum ProviderHTTPClient {
    static let shared = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
}
