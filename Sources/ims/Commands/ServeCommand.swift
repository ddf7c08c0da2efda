import ArgumentParser
import Foundation
import IMSCore
import IMSStore
import IMSWeb
import Logging

/// Options for running the HTTP server.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (default: $IMS_BIND or 127.0.0.1).")
    var bind: String?

    @Option(help: "Port to listen on (default: $IMS_PORT or 8080; 0 picks a free port).")
    var port: Int?

    @Option(name: .customLong("public-url"), help: "URL residents and services reach IMS at (default: $IMS_PUBLIC_URL or http://<bind>:<port>).")
    var publicURL: String?
}

/// Runs the server until SIGTERM or SIGINT, then shuts down gracefully and closes the database.
func runServer(_ configuration: ServerConfiguration, database: IMSDatabase, logger: Logger, banner: @escaping @Sendable (String) -> String)
    async throws
{
    let publicURL = configuration.publicURL
    let explicitPublicURL = ProcessInfo.processInfo.environment["IMS_PUBLIC_URL"] != nil
    try await IMSApplication.run(configuration: configuration, database: database, logger: logger) { host, port in
        // With port 0 the real port is known only now.
        let url = configuration.port == 0 && !explicitPublicURL ? "http://\(host):\(port)" : publicURL.absoluteString
        Output.line(banner(url))
    }
    logger.info("IMS has stopped serving")
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run IMS (the production entry point), configured by flags and IMS_* environment variables.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let configuration = try ServerConfiguration.load(
            overrides: ServerConfiguration.Overrides(
                bindHost: server.bind, port: server.port, publicURL: server.publicURL,
                dataDirectory: database.dataDirectory, databaseURL: database.databaseURL))
        let logger = makeLogger("ims", level: configuration.logLevel)
        try await withDatabase(configuration.database, logger: logger) { store in
            try await runServer(configuration, database: store, logger: logger) { url in "IMS is running at \(url)" }
        }
    }
}

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run IMS on its embedded default: SQLite in ./ims-data, the demo council and its sample income, on 127.0.0.1.")

    @Option(help: "Port to listen on (0 picks a free port).")
    var port: Int = 8080

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let configuration = try ServerConfiguration.load(
            overrides: ServerConfiguration.Overrides(
                bindHost: "127.0.0.1", port: port, publicURL: nil,
                dataDirectory: database.dataDirectory ?? (database.databaseURL == nil ? "ims-data" : nil),
                databaseURL: database.databaseURL, isDemo: true))
        let logger = makeLogger("ims", level: configuration.logLevel)
        try await withDatabase(configuration.database, logger: logger) { store in
            guard try await store.holdsOnlyDemoData() else {
                throw ValidationError(
                    "\(store.location) holds a council's own data, not the demo's: ims demo runs only on an empty or demo database (use ims serve, or --data-dir for a new demo)"
                )
            }
            if try await store.seedDemo() {
                logger.info("seeded the demo council and its sample income", metadata: ["database": "\(store.location)"])
            }
            try await runServer(configuration, database: store, logger: logger) { url in
                "IMS demo is running at \(url)\nOpen it in a browser; press Ctrl-C to stop."
            }
        }
    }
}

extension DatabaseOptions {
    /// The demo's default is always ./ims-data, whatever IMS_DATABASE_URL says, unless a flag names another.
    var withDefaultDataDirectory: DatabaseOptions {
        var options = self
        if options.dataDirectory == nil && options.databaseURL == nil { options.dataDirectory = "ims-data" }
        return options
    }
}
