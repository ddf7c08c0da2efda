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
        configuration: ServerConfiguration, database: IMSDatabase, clock: any WallClock = SystemWallClock()
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
        let routes = RouteTable(router: router, apiKeys: database, clock: clock)
        HomePage.register(on: routes, pages: pages)
        LedgerAPI.register(on: routes, database: database)
        return (router, routes.declarations)
    }

    /// The whole application, ready to `runService()`. `onListening` receives the bound address (with the
    /// real port when port 0 was asked for).
    public static func application(
        configuration: ServerConfiguration, database: IMSDatabase, logger: Logger,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) async throws -> some ApplicationProtocol {
        let (router, _) = try await self.router(configuration: configuration, database: database)
        var services: [any Service] = []
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
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                while try await database.sealPending(limit: 1_000) == 1_000 {}
            } catch {
                logger.error("ledger sealer failed; will retry", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
