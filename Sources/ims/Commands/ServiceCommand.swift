import ArgumentParser
import Foundation
import IMSCore
import IMSServices
import IMSStore

struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Council services that take payments through IMS.",
        subcommands: [SetWebhook.self])

    struct SetWebhook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-webhook",
            abstract: "Set where a service is told of finished payments; prints the new signing secret, alone on the last line.")

        @Argument(help: "The service's name (as its API keys name it).")
        var name: String

        @Option(help: "The https URL IMS posts signed webhooks to.")
        var url: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let address = WebAddress(url) else {
                throw ValidationError("--url must be an absolute https URL")
            }
            if !address.isHTTPSOrLoopback {
                throw ValidationError("--url must use https (plain http only for localhost)")
            }
            let secret = try await withDatabase(database, logger: makeLogger("ims")) { store in
                try await CouncilAdministration(store: store).setWebhook(service: name, url: address, by: .commandLine)
            }
            Output.line("service: \(name)")
            Output.line("webhook: \(url)")
            Output.line("Each delivery carries IMS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\"> made with this secret:")
            Output.line(secret)
        }
    }
}
