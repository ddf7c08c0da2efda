import Hummingbird
import IMSCore
import Logging

/// The foundation's routes: health, the public fund list, and reading an entry of the ledger.
enum LedgerAPI {
    static func register(on routes: RouteTable, database: any DatabaseHealth & CouncilStore & LedgerReading) {
        routes.add(.get, "/healthz", access: .open, "Whether IMS and its database are up") { _, context in
            do {
                let version = try await database.schemaVersion()
                return EditedResponse(
                    status: .ok,
                    response: HealthReport(
                        status: "ok", database: .init(kind: database.databaseKind, reachable: true, schemaVersion: version)))
            } catch {
                context.logger.error("health check: database unreachable", metadata: ["error": "\(error)"])
                return EditedResponse(
                    status: .serviceUnavailable,
                    response: HealthReport(
                        status: "unavailable", database: .init(kind: database.databaseKind, reachable: false, schemaVersion: nil)))
            }
        }

        routes.add(.get, "/api/v1/funds", access: .open, "The funds residents and services can pay") { _, _ in
            let configuration = try await database.configuration()
            let funds = configuration.funds.filter { !$0.isRetired && !$0.isSuspense }.map(FundRepresentation.init)
            return FundList(funds: funds)
        }

        routes.add(.get, "/api/v1/entries/{id}", access: .apiKey(.transactionsRead), "One ledger entry with its lines") { _, context in
            let idText = try context.parameters.require("id")
            guard let id = Int64(idText), id > 0 else {
                throw IMSError.validation(.entryInvalid, "An entry id is a positive whole number", field: "id")
            }
            // A key limited to some funds sees only entries that touch them (others do not exist for it), and of
            // those only what `FundVisibility` shows.
            guard let visibility = context.apiKey?.visibility, let entry = try await database.entry(id: id), visibility.canSee(entry) else {
                throw IMSError(.notFound, .entryNotFound, "There is no entry \(id)")
            }
            let refundable = entry.kind == .payment ? try await database.refundableRemainder(ofPayment: id) : nil
            return EntryRepresentation(entry, refundable: refundable, visibility: visibility)
        }
    }
}
