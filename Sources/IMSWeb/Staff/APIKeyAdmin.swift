import Foundation
import Hummingbird
import IMSCore
import IMSServices

/// The administrators' screen for council services' API keys: list (service, funds, permissions, last
/// use), create (the key is shown once), approve and revoke. A key with a bulk permission
/// (`APIKey.permissionsNeedingApproval`) works only once another administrator approves it. Every change is
/// audited.
enum APIKeyAdmin {
    static func register(
        on routes: RouteTable, keys: APIKeyAdministration, database: any APIKeyStore & CouncilStore, pages: PageRenderer, gate: StaffGate
    ) {
        routes.add(.get, "/staff/admin/api-keys", access: .staff(.adminAPIKeys), "List API keys") { _, context in
            try await listPage(database: database, pages: pages, context: context)
        }

        routes.add(.post, "/staff/admin/api-keys", access: .staff(.adminAPIKeys), "Create an API key") { _, context in
            let form = context.form
            do {
                let service = form.value("service") ?? ""
                let permissions = try Permission.parseList(
                    form.fields.keys.filter { $0.hasPrefix("permission:") }
                        .map { String($0.dropFirst("permission:".count)) }.joined(separator: ","))
                let funds = try (form.value("funds") ?? "").split(separator: ",").map { try FundCode(parsing: String($0), field: "funds") }
                let (key, secret) = try await keys.create(
                    service: service, permissions: permissions, funds: funds, by: try context.requester, needsSecondPerson: true)
                return try await listPage(database: database, pages: pages, context: context, created: (key, secret.value))
            } catch let error as IMSError where error.kind == .validation {
                return try await listPage(database: database, pages: pages, context: context, error: error, status: .unprocessableContent)
            }
        }

        routes.add(
            .post, "/staff/admin/api-keys/{id}/approve", access: .staff(.adminAPIKeys), "Approve another administrator's key with bulk permissions"
        ) { _, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
            do {
                guard try await keys.approve(id: id, by: try context.requester) else { throw HTTPError(.notFound) }
            } catch let error as IMSError where error.kind == .forbidden {
                try await gate.audit(context, action: "api_key.approve", target: "api_key:\(id)", outcome: AuditEvent.refused, after: "own request")
                return try await listPage(database: database, pages: pages, context: context, error: error, status: .forbidden)
            }
            return Response(status: .seeOther, headers: [.location: "/staff/admin/api-keys"])
        }

        routes.add(.post, "/staff/admin/api-keys/{id}/revoke", access: .staff(.adminAPIKeys), "Revoke an API key") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
            guard try await keys.revoke(id: id, by: try context.requester) else { throw HTTPError(.notFound) }
            return Response(status: .seeOther, headers: [.location: "/staff/admin/api-keys"])
        }
    }

    private static func listPage(
        database: any APIKeyStore & CouncilStore, pages: PageRenderer, context: IMSRequestContext, created: (APIKey, String)? = nil,
        error: IMSError? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let me = try context.staffUser.username
        let keys = try await database.apiKeys().reversed().map { key -> [String: Any] in
            [
                "id": key.id, "service": key.service, "prefix": key.prefix,
                "permissions": key.permissions.map(\.rawValue).joined(separator: ", "),
                "funds": key.funds.isEmpty ? "All funds" : key.funds.map(\.rawValue).joined(separator: ", "),
                "lastUsed": key.lastUsedAt.map(PageFormat.dateTime) ?? "Never",
                "created": PageFormat.dateTime(key.createdAt), "revoked": key.revokedAt.map(PageFormat.dateTime) ?? "",
                "active": !key.isRevoked && !key.isAwaitingApproval, "awaiting": !key.isRevoked && key.isAwaitingApproval,
                "requestedBy": key.requestedBy ?? "", "mayApprove": key.requestedBy != me,
            ]
        }
        var values: [String: Any] = [
            "title": "API keys", "keys": keys, "hasKeys": !keys.isEmpty,
            "permissions": Permission.all.map { ["name": $0.rawValue, "checked": Permission.serviceDefault.contains($0)] },
        ]
        if let (key, secret) = created {
            values["created"] = ["service": key.service, "secret": secret, "awaiting": key.isAwaitingApproval]
        }
        if let error {
            values["errors"] = [["message": error.reason, "field": error.field ?? "service"]]
        }
        return pages.page("api-keys", values, status: status, session: context.session)
    }
}
