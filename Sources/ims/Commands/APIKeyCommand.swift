import ArgumentParser
import Foundation
import IMSCore
import IMSServices
import IMSStore

struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-key",
        abstract: "Create, list and revoke the API keys council services use.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key. The key is printed once, alone on the last line; only its hash is stored.")

        @Option(help: "The council service the key is for (letters, digits, - _ .).")
        var service: String

        @Option(help: "Comma-separated fund codes the key may use (default: every fund).")
        var funds: String?

        @Option(help: "Comma-separated permissions (default: payments:create,payments:read,references:check).")
        var permissions: String = Permission.serviceDefault.map(\.rawValue).joined(separator: ",")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let permissionList = try Permission.parseList(permissions)
            let fundList = try (funds ?? "").split(separator: ",").map { try FundCode(parsing: String($0), field: "funds") }
            let (key, secret) = try await withDatabase(database, logger: makeLogger("ims")) { store in
                try await APIKeyAdministration(store: store).create(
                    service: service, permissions: permissionList, funds: fundList, by: .commandLine, needsSecondPerson: false)
            }
            Output.line("id: \(key.id)")
            Output.line("service: \(key.service)")
            Output.line("permissions: \(key.permissions.map(\.rawValue).joined(separator: ","))")
            Output.line("funds: \(key.funds.isEmpty ? "all" : key.funds.map(\.rawValue).joined(separator: ","))")
            Output.line("The key follows; it is shown only this once:")
            Output.line(secret.value)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys: id, service, prefix, permissions, funds, last used, status.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let keys = try await withDatabase(database, logger: makeLogger("ims")) { store in try await store.apiKeys() }
            let rows = keys.map { key in
                [
                    String(key.id), key.service, key.prefix, key.permissions.map(\.rawValue).joined(separator: ","),
                    key.funds.isEmpty ? "all" : key.funds.map(\.rawValue).joined(separator: ","),
                    key.lastUsedAt?.iso8601 ?? "never", key.revokedAt.map { "revoked \($0.iso8601)" } ?? "active",
                ]
            }
            let header = ["ID", "SERVICE", "PREFIX", "PERMISSIONS", "FUNDS", "LAST USED", "STATUS"]
            let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            for row in [header] + rows {
                Output.line(
                    zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingWhitespace())
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key at once (a running server refuses it from the next request).")

        @Argument(help: "The key's id (from `ims api-key list`).")
        var id: Int64

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let found = try await withDatabase(database, logger: makeLogger("ims")) { store in
                try await APIKeyAdministration(store: store).revoke(id: id, by: .commandLine)
            }
            guard found else {
                throw ValidationError("There is no API key with id \(id)")
            }
            Output.line("Revoked API key \(id).")
        }
    }
}
